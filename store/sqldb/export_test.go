package sqldb

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

// GetForTest reads one row with a raw query (checks of what is stored).
func (d *DB) GetForTest(ctx context.Context, dest any, query string, args ...any) error {
	return d.rdb.GetContext(ctx, dest, d.rdb.Rebind(query), args...)
}
