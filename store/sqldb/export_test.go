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

// DeliveryCommitsForTest counts FirstDelivery's transactions so far.
func (d *DB) DeliveryCommitsForTest() int64 { return d.deliveries.commits.Load() }

// QueuedDeliveriesForTest counts FirstDelivery calls not answered yet.
func (d *DB) QueuedDeliveriesForTest() int {
	d.deliveries.mu.Lock()
	defer d.deliveries.mu.Unlock()
	return len(d.deliveries.pending) + d.deliveries.inflight
}
