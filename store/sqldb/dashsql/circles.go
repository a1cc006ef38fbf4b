package dashsql

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// circles reads the dashboard's circle figures: open circles and their
// members now, circle check-ins sent and met since, and up to limit open
// circles at risk (oldest flag first).
func circles(ctx context.Context, tx Tx, since time.Time, limit int) (store.DashboardCircles, error) {
	var out store.DashboardCircles
	var f struct {
		Active  int           `db:"active"`
		Members int           `db:"members"`
		Sent    int           `db:"sent"`
		Met     sql.NullInt64 `db:"met"`
	}
	if err := tx.GetContext(ctx, &f, tx.Rebind(`SELECT
		(SELECT COUNT(*) FROM circles WHERE status = 'open') AS active,
		(SELECT COUNT(*) FROM circle_members m JOIN circles ci ON ci.id = m.circle_id WHERE ci.status = 'open' AND m.left_at IS NULL) AS members,
		COUNT(*) AS sent, SUM(CASE WHEN c.answer = 'met' THEN 1 ELSE 0 END) AS met
		FROM circle_checkins c WHERE c.sent_at IS NOT NULL AND c.slot >= ?`), since.UTC()); err != nil {
		return out, fmt.Errorf("store: dashboard circles: %w", err)
	}
	out.Active, out.Members, out.CheckinsSent, out.CheckinsMet = f.Active, f.Members, f.Sent, int(f.Met.Int64)
	if err := tx.SelectContext(ctx, &out.AtRisk, tx.Rebind(`SELECT ci.id, ci.name, l.slack_id AS lead_slack, l.name AS lead_name,
		ci.at_risk_reason, ci.at_risk_at FROM circles ci JOIN participants l ON l.id = ci.lead_id
		WHERE ci.status = 'open' AND ci.at_risk_reason <> '' ORDER BY ci.at_risk_at, ci.id LIMIT ?`), limit); err != nil {
		return out, fmt.Errorf("store: dashboard circles at risk: %w", err)
	}
	return out, nil
}
