// Package lifecyclesql is the SQL of a pairing's length, renewal and close
// (issue 15): end dates, the renewal ask, the one extension, the end on the
// end date, and the recap's figures. It runs in store/sqldb's transactions
// (Runner) and is embedded in sqldb.DB, so callers keep one store.
package lifecyclesql

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"
)

// Runner lends store/sqldb's transactions and clock (sqldb's handle).
type Runner interface {
	Write(ctx context.Context, fn func(tx *sqlx.Tx) error) error
	Read(ctx context.Context, fn func(tx *sqlx.Tx) error) error
	Now() time.Time
}

// Store is the lifecycle's storage over a Runner.
type Store struct{ db Runner }

// New is the lifecycle's store over db.
func New(db Runner) *Store { return &Store{db: db} }

// ts is how instants are stored: UTC, whole seconds, so that an outbox
// slot written twice compares equal.
func ts(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

// enqueue adds outbox rows in tx under the outbox's unique key (a row
// already there is left alone): state is pending, or missed when the row
// is older than the catch-up grace at now.
func enqueue(ctx context.Context, tx *sqlx.Tx, recipients []int64, pairingID int64, kind string, slot, notBefore, now time.Time, grace time.Duration) error {
	state, note := "pending", ""
	if grace > 0 && now.Sub(notBefore) > grace {
		state, note = "missed", "older than the catch-up grace"
	}
	for _, r := range recipients {
		if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO deliveries (recipient_id, pairing_id, kind, slot, state, not_before, last_error, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (recipient_id, pairing_id, kind, slot) DO NOTHING`),
			r, pairingID, kind, ts(slot), state, ts(notBefore), note, now.UTC()); err != nil {
			return err
		}
	}
	return nil
}
