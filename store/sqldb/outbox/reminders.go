package outbox

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
)

// DueReminders lists check-ins sent at or before sentBefore, unanswered,
// not reminded, with no reminder in the outbox yet, whose pairing is still
// active, and that no newer check-in of the same pairing has overtaken.
func (d *DB) DueReminders(ctx context.Context, sentBefore time.Time) ([]store.DueReminder, error) {
	var out []store.DueReminder
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &out, tx.Rebind(`SELECT c.id, c.pairing_id, c.participant_id, c.slot, c.sent_at
			FROM checkins c JOIN pairings pa ON pa.id = c.pairing_id AND pa.status = 'active'
			WHERE c.answer = '' AND c.sent_at IS NOT NULL AND c.sent_at <= ? AND c.reminded_at IS NULL
			AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.recipient_id = c.participant_id AND d.pairing_id = c.pairing_id
				AND d.kind = 'reminder' AND d.slot = c.slot)
			AND NOT EXISTS (SELECT 1 FROM checkins n WHERE n.pairing_id = c.pairing_id AND n.participant_id = c.participant_id
				AND n.slot > c.slot AND n.sent_at IS NOT NULL)
			ORDER BY c.sent_at, c.id`), ts(sentBefore))
	})
	if err != nil {
		return nil, fmt.Errorf("store: due reminders: %w", err)
	}
	return out, nil
}
