package outbox

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
)

// SentMessages lists the outbox rows matching f that went out with a
// recorded channel and ts, newest slot first. The bot's authorization gate
// reads a message it may rewrite from here, never from a payload: only
// messages the bot itself sent to that person are listed.
func (d *DB) SentMessages(ctx context.Context, f store.SentFilter) ([]store.Delivery, error) {
	if f.RecipientSlack == "" || len(f.Kinds) == 0 {
		return nil, fmt.Errorf("sent messages of %q, kinds %v: %w", f.RecipientSlack, f.Kinds, store.ErrInvalid)
	}
	q := deliverySelect + ` WHERE p.slack_id = ? AND d.state = 'sent' AND d.channel_id <> '' AND d.message_ts <> '' AND d.kind IN (?)`
	args := []any{f.RecipientSlack, f.Kinds}
	if f.PairingID != 0 {
		q += ` AND d.pairing_id = ?`
		args = append(args, f.PairingID)
	}
	if !f.Slot.IsZero() {
		q += ` AND d.slot = ?`
		args = append(args, ts(f.Slot))
	}
	q, args, err := sqlx.In(q+` ORDER BY d.slot DESC, d.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: sent messages: %w", err)
	}
	var out []store.Delivery
	err = d.read(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &out, tx.Rebind(q), args...)
	})
	if err != nil {
		return nil, fmt.Errorf("store: sent messages: %w", err)
	}
	return out, nil
}
