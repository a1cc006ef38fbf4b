// Package goalsql keeps the SQL of a pairing's goals, their monthly
// progress and the fit pulse (issue 15) out of store/sqldb. Its DB runs in
// sqldb.DB's transactions through a Handle and is embedded in sqldb.DB, so
// callers keep one store; the functions taking a *sqlx.Tx run inside
// sqldb's own transactions (the first Met enqueues the fit pulse, leave
// erases goal text).
package goalsql

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"
)

// Handle is what the goal queries need from the store: its transactions
// and its clock.
type Handle interface {
	Write(ctx context.Context, fn func(tx *sqlx.Tx) error) error
	Read(ctx context.Context, fn func(tx *sqlx.Tx) error) error
	Now() time.Time
}

// DB is the goals' side of the store.
type DB struct{ h Handle }

// New returns the goal queries over h.
func New(h Handle) *DB { return &DB{h: h} }

func ts(t time.Time) time.Time { return t.UTC() }
