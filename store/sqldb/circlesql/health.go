package circlesql

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store/sqldb/health"
)

// epoch stands for "no time" in comparisons with a MAX() that found nothing.
var epoch = time.Unix(0, 0).UTC()

// CirclesNotMeeting applies the pairings' "not met for n check-ins in a
// row" rule per circle: open circles not flagged yet in which one person
// still in the circle has n or more closed check-ins without Met (Not yet,
// Need help, or ignored: unanswered since ignoredBefore) since the
// circle's last Met from anyone.
func (s *Store) CirclesNotMeeting(ctx context.Context, n int, ignoredBefore time.Time) (ids []int64, err error) {
	err = s.db.Read(ctx, func(tx *sqlx.Tx) error {
		ids = nil
		return tx.SelectContext(ctx, &ids, tx.Rebind(`SELECT DISTINCT circle_id FROM (
			SELECT c.circle_id, c.participant_id FROM circle_checkins c
			JOIN circles ci ON ci.id = c.circle_id AND ci.status = 'open' AND ci.at_risk_reason = ''
			WHERE `+health.ClosedCheckin+`
			AND c.slot > COALESCE((SELECT MAX(m.slot) FROM circle_checkins m WHERE m.circle_id = c.circle_id AND m.answer = 'met'), ?)
			AND (ci.lead_id = c.participant_id OR EXISTS (SELECT 1 FROM circle_members x WHERE x.circle_id = c.circle_id
				AND x.participant_id = c.participant_id AND x.left_at IS NULL))
			GROUP BY c.circle_id, c.participant_id HAVING COUNT(*) >= ?) x
			ORDER BY circle_id`), ts(ignoredBefore), epoch, n)
	})
	if err != nil {
		return nil, fmt.Errorf("store: circles not meeting: %w", err)
	}
	return ids, nil
}

// MarkCircleAtRisk flags an open circle at risk for admins, keeping the
// first reason; it reports whether the flag is new.
func (s *Store) MarkCircleAtRisk(ctx context.Context, circleID int64, reason string) (first bool, err error) {
	err = s.db.Write(ctx, func(tx *sqlx.Tx) (err error) {
		first, err = markAtRisk(ctx, tx, circleID, reason, ts(s.db.Now()))
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: circle %d at risk: %w", circleID, err)
	}
	return first, nil
}
