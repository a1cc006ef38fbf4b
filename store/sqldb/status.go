package sqldb

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
)

// StatusOf gathers a person's status in one snapshot.
func (d *DB) StatusOf(ctx context.Context, slackID string) (store.Status, error) {
	return d.views.Status(ctx, slackID, d.statusOf)
}

func (d *DB) statusOf(ctx context.Context, slackID string) (store.Status, error) {
	var st store.Status
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		st = store.Status{} // a retried read starts afresh
		p, err := participantBySlackID(ctx, tx, slackID)
		if err != nil {
			return err
		}
		st.Participant = p
		// Two index lookups, not a scan of every pairing (which the
		// planner picks for "mentor_id = ? OR mentee_id = ?").
		if err := tx.SelectContext(ctx, &st.Pairings, tx.Rebind(pairingSelect+` WHERE pa.id IN (
			SELECT id FROM pairings WHERE mentor_id = ? AND status = 'active'
			UNION ALL SELECT id FROM pairings WHERE mentee_id = ? AND status = 'active') ORDER BY pa.id`), p.ID, p.ID); err != nil {
			return err
		}
		var last []time.Time
		if err := tx.SelectContext(ctx, &last, tx.Rebind(`SELECT sent_at FROM checkins WHERE participant_id = ? AND sent_at IS NOT NULL ORDER BY sent_at DESC LIMIT 1`), p.ID); err != nil {
			return err
		}
		if len(last) == 1 {
			st.LastCheckIn = &last[0]
		}
		return nil
	})
	return st, err
}
