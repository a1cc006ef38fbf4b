package sqldb

import (
	"context"

	"github.com/jmoiron/sqlx"
)

// FirstDelivery records key (an envelope or event id) and reports whether it
// is new, so a redelivered Slack event has one effect.
func (d *DB) FirstDelivery(ctx context.Context, key string) (bool, error) {
	var first bool
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO processed_events (key, at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`), key, d.Now())
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		first = n > 0
		return nil
	})
	return first, err
}
