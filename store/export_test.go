package store

import (
	"context"

	"github.com/jmoiron/sqlx"
)

// HoldWriteLockForTest runs during inside an open write transaction.
func (d *DB) HoldWriteLockForTest(ctx context.Context, during func()) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE participants SET name = name`); err != nil {
			return err
		}
		during()
		return nil
	})
}
