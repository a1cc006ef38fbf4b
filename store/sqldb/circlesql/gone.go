package circlesql

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
)

// PersonGone takes a departed or leaving person out of every circle, in
// the departure's (or erasure's) transaction: the open circles they lead
// close (reason "lead departed" or "lead left") with a closing prompt to
// each remaining member through the outbox, and they leave the circles
// they are in. With erase (a leave, or retention) their circle feedback
// text goes too, and it returns the circle messages that may quote their
// goals, to be rewritten (store.IntroRef with CircleID set).
func PersonGone(ctx context.Context, tx *sqlx.Tx, participantID int64, slackID string, now time.Time, erase bool) ([]store.IntroRef, error) {
	now = ts(now).Truncate(time.Second)
	reason := "lead departed"
	if erase {
		reason = "lead left"
	}
	var led []int64
	if err := tx.SelectContext(ctx, &led, tx.Rebind(`SELECT id FROM circles WHERE lead_id = ? AND status = 'open' ORDER BY id`), participantID); err != nil {
		return nil, fmt.Errorf("store: circles led: %w", err)
	}
	var refs []store.IntroRef
	if erase {
		if err := tx.SelectContext(ctx, &refs, tx.Rebind(`SELECT circle_id, channel_id, ts AS intro_ts FROM circle_messages WHERE circle_id IN
			(SELECT id FROM circles WHERE lead_id = ? UNION SELECT circle_id FROM circle_members WHERE participant_id = ?) ORDER BY id`),
			participantID, participantID); err != nil {
			return nil, fmt.Errorf("store: circle messages: %w", err)
		}
	}
	stmts := []struct {
		q    string
		args []any
	}{
		{`UPDATE circle_members SET left_at = ? WHERE participant_id = ? AND left_at IS NULL`, []any{now, participantID}},
	}
	for _, id := range led {
		stmts = append(stmts,
			struct {
				q    string
				args []any
			}{`UPDATE circles SET status = 'closed', closed_at = ?, close_reason = ? WHERE id = ? AND status = 'open'`, []any{now, reason, id}},
			struct {
				q    string
				args []any
			}{`INSERT INTO deliveries (recipient_id, pairing_id, kind, slot, state, not_before, created_at)
				SELECT m.participant_id, m.circle_id, ?, ?, 'pending', ?, ? FROM circle_members m JOIN participants p ON p.id = m.participant_id
				WHERE m.circle_id = ? AND m.left_at IS NULL AND p.status = 'active'
				ON CONFLICT (recipient_id, pairing_id, kind, slot) DO NOTHING`, []any{store.KindCircleFeedbackEnd, now, now, now, id}},
		)
	}
	if erase {
		stmts = append(stmts,
			struct {
				q    string
				args []any
			}{`UPDATE circle_feedback SET went_well = '', to_change = '' WHERE participant_id = ?`, []any{participantID}},
			struct {
				q    string
				args []any
			}{`UPDATE circles SET created_by = '' WHERE created_by = ?`, []any{slackID}},
			struct {
				q    string
				args []any
			}{`UPDATE circles SET handled_by = '' WHERE handled_by = ?`, []any{slackID}},
		)
	}
	for _, s := range stmts {
		if _, err := tx.ExecContext(ctx, tx.Rebind(s.q), s.args...); err != nil {
			return nil, fmt.Errorf("store: circles of a departed person: %w", err)
		}
	}
	return refs, nil
}
