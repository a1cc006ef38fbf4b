// Package roundsql keeps the networking rounds' SQL (migration 0040): the
// series and their members, running a round once, the rounds' own outbox
// and the figures. Its Store runs in store/sqldb's transactions through a
// small Runner and is embedded in sqldb.DB, so callers keep one store.
package roundsql

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"
)

// Runner lends store/sqldb's transactions and clock.
type Runner interface {
	Write(ctx context.Context, fn func(tx *sqlx.Tx) error) error
	Read(ctx context.Context, fn func(tx *sqlx.Tx) error) error
	Now() time.Time
	// SkipLocked is appended to a claim's row lookup on PostgreSQL.
	SkipLocked() string
}

// Store is the rounds' storage over a Runner.
type Store struct{ db Runner }

// New is the rounds' store over db.
func New(db Runner) *Store { return &Store{db: db} }

func (s *Store) now() time.Time { return s.db.Now().UTC() }

// ts is a time as stored: UTC, whole seconds, so one instant compares equal.
func ts(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }
