package dashsql

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// circleAlert is the condition of a circle ci on *Needs attention*, as
// openAlert is a pairing's: open, flagged, not marked handled since (or
// asking for help again after), and not a circle the viewer leads or is
// in (nobody learns from the bot of a flag they did not raise). Its
// arguments are alertArgs.
const circleAlert = `ci.status = 'open' AND ci.at_risk_reason <> ''
	AND (ci.handled_at IS NULL OR ` + circleHelpSinceHandled + `)
	AND NOT EXISTS (SELECT 1 FROM participants v WHERE v.slack_id = ? AND (v.id = ci.lead_id
		OR EXISTS (SELECT 1 FROM circle_members x WHERE x.circle_id = ci.id AND x.participant_id = v.id AND x.left_at IS NULL)))`

// circleHelpSinceHandled: someone in circle ci answered Need help after
// the last Mark handled (any time, when never handled).
const circleHelpSinceHandled = `EXISTS (SELECT 1 FROM circle_checkins c WHERE c.circle_id = ci.id AND c.answer = 'need_help'
	AND c.answered_at > COALESCE(ci.handled_at, ?))`

// circles reads the dashboard's circle figures: open circles and their
// members now, circle check-ins sent and met since, and up to limit of the
// circles on the viewer's *Needs attention* (newest flag first).
func circles(ctx context.Context, tx Tx, since time.Time, viewer string, limit int) (store.DashboardCircles, error) {
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
	if err := tx.GetContext(ctx, &out.AtRiskTotal, tx.Rebind(`SELECT COUNT(*) FROM circles ci WHERE `+circleAlert), alertArgs(viewer)...); err != nil {
		return out, fmt.Errorf("store: dashboard circles at risk: %w", err)
	}
	var rows []struct {
		store.Circle
		NeedHelp bool `db:"need_help"`
	}
	if err := tx.SelectContext(ctx, &rows, tx.Rebind(`SELECT ci.id, ci.name, l.slack_id AS lead_slack, l.name AS lead_name,
		ci.at_risk_reason, ci.at_risk_at, `+circleHelpSinceHandled+` AS need_help FROM circles ci JOIN participants l ON l.id = ci.lead_id
		WHERE `+circleAlert+` ORDER BY ci.at_risk_at DESC, ci.id DESC LIMIT ?`), append(append([]any{epoch}, alertArgs(viewer)...), limit)...); err != nil {
		return out, fmt.Errorf("store: dashboard circles at risk: %w", err)
	}
	for _, r := range rows {
		out.AtRisk = append(out.AtRisk, store.CircleAttention{Circle: r.Circle, NeedHelp: r.NeedHelp})
	}
	return out, nil
}

// openCircleAlerts counts the circles on the viewer's *Needs attention*
// (the digest's open alerts).
func openCircleAlerts(ctx context.Context, tx Tx, viewer string) (int, error) {
	var n int
	if err := tx.GetContext(ctx, &n, tx.Rebind(`SELECT COUNT(*) FROM circles ci WHERE `+circleAlert), alertArgs(viewer)...); err != nil {
		return 0, fmt.Errorf("store: digest circle alerts: %w", err)
	}
	return n, nil
}

// MarkCircleHandled takes a circle off *Needs attention* until someone in
// it asks for help again, as MarkHandled does a pairing: a circle not on
// it is ErrAlreadyDone (another admin was first, or it closed); an
// unknown one ErrNotFound.
func MarkCircleHandled(ctx context.Context, tx Tx, circleID int64, admin string, now time.Time) error {
	res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE circles SET handled_at = ?, handled_by = ?
		WHERE id = ? AND status = 'open' AND at_risk_reason <> ''
		AND (handled_at IS NULL OR EXISTS (SELECT 1 FROM circle_checkins c WHERE c.circle_id = circles.id AND c.answer = 'need_help'
			AND c.answered_at > circles.handled_at))`), now.UTC(), admin, circleID)
	if err != nil {
		return fmt.Errorf("store: mark circle handled: %w", err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	var n int
	if err := tx.GetContext(ctx, &n, tx.Rebind(`SELECT COUNT(*) FROM circles WHERE id = ?`), circleID); err != nil {
		return fmt.Errorf("store: mark circle handled: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("circle %d: %w", circleID, store.ErrNotFound)
	}
	return fmt.Errorf("circle %d is not on the dashboard: %w", circleID, store.ErrAlreadyDone)
}
