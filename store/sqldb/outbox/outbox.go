// Package outbox keeps the outbox of store/sqldb: the deliveries table,
// from enqueueing a message (and the check-ins due a reminder) through its
// claim by one sender and the Slack post to its outcome, and the sent
// messages the bot's authorization gate reads. Its DB is part of
// sqldb.DB, whose transactions (Handle) it runs in; callers keep using
// *sqldb.DB through their narrow interfaces.
package outbox

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"
)

// Handle is what the outbox needs from the store: its transactions, its
// clock and the claim's row lock of the engine.
type Handle interface {
	// Write runs fn in one writing transaction (retried as sqldb.DB's are).
	Write(ctx context.Context, fn func(tx *sqlx.Tx) error) error
	// Read runs fn in a read-only snapshot.
	Read(ctx context.Context, fn func(tx *sqlx.Tx) error) error
	// Now is the store's clock in UTC.
	Now() time.Time
	// SkipLocked is appended to a claim's row lookup (see claimableDelivery).
	SkipLocked() string
}

// DB is the outbox's side of the store.
type DB struct{ h Handle }

// New returns the outbox over h.
func New(h Handle) *DB { return &DB{h: h} }

func (d *DB) tx(ctx context.Context, fn func(tx *sqlx.Tx) error) error   { return d.h.Write(ctx, fn) }
func (d *DB) read(ctx context.Context, fn func(tx *sqlx.Tx) error) error { return d.h.Read(ctx, fn) }
func (d *DB) now() time.Time                                             { return d.h.Now() }

// ts converts a time to the UTC form stored in the database.
func ts(t time.Time) time.Time { return t.UTC() }
