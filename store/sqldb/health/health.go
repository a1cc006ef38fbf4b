// Package health keeps the queries of the scheduler's pairing-health job
// in store/sqldb: the signals that a pairing is not going well (not
// meeting, asking for help, ignored check-ins), its at-risk flags and the
// rematch offers they lead to. Its DB is part of sqldb.DB, whose
// transactions (Handle) it runs in; callers keep using *sqldb.DB through
// their narrow interfaces.
package health

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"
)

// Handle is what the health queries need from the store: its transactions
// and its clock.
type Handle interface {
	// Write runs fn in one writing transaction (retried as sqldb.DB's are).
	Write(ctx context.Context, fn func(tx *sqlx.Tx) error) error
	// Read runs fn in a read-only snapshot.
	Read(ctx context.Context, fn func(tx *sqlx.Tx) error) error
	// Now is the store's clock in UTC.
	Now() time.Time
}

// DB is the health job's side of the store.
type DB struct{ h Handle }

// New returns the health queries over h.
func New(h Handle) *DB { return &DB{h: h} }

func (d *DB) tx(ctx context.Context, fn func(tx *sqlx.Tx) error) error   { return d.h.Write(ctx, fn) }
func (d *DB) read(ctx context.Context, fn func(tx *sqlx.Tx) error) error { return d.h.Read(ctx, fn) }
func (d *DB) now() time.Time                                             { return d.h.Now() }

// ts converts a time to the UTC form stored in the database.
func ts(t time.Time) time.Time { return t.UTC() }
