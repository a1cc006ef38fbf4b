// Package sqldb keeps mentorbot's state (the domain types of package store)
// in SQLite: the connection, the SQL of every aggregate and the schema
// migrations, one directory per engine under migrations/. The statements
// are written once for sqlx and bound with Rebind, so another engine needs
// its migrations and its few engine-specific statements (the DSN, backup,
// checkpoints), not a copy of the queries. Every public method runs in one
// transaction.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store/sqldb/sqlite"
)

// Clock tells the store what time it is; tests inject a fixed one.
type Clock func() time.Time

// DB is the store: a SQLite database behind sqlx.
type DB struct {
	db *sqlx.DB // writers: transactions BEGIN IMMEDIATE
	// rdb serves read-only snapshots with a plain (deferred) BEGIN: in WAL
	// mode they neither wait for writers nor hold them up.
	rdb   *sqlx.DB
	now   Clock
	erase eraseState // erasures whose log truncation is pending (erase.go)
}

// Options tune Open.
type Options struct {
	// ReadOnly opens the file without write access (reports beside a running bot).
	ReadOnly bool
	// Clock defaults to time.Now.
	Clock Clock
	// Logger reports the store's own background work (an erasure finished
	// late); nil discards.
	Logger *slog.Logger
}

// DSN is the connection string of the database at path, with the pragmas
// every connection needs (sqlite.DSN).
func DSN(path string, readOnly bool) string { return sqlite.DSN(path, readOnly) }

// Open opens (creating if needed) the database at path. It does not migrate;
// call Migrate. A writable database and its -wal and -shm are mode 0600
// (see sqlite.MakePrivate).
func Open(ctx context.Context, path string, opts Options) (*DB, error) {
	if path == "" {
		return nil, errors.New("store: empty database path")
	}
	if !opts.ReadOnly {
		if err := sqlite.MakePrivate(path); err != nil {
			return nil, err
		}
	}
	db, err := sqlx.Open(sqlite.Driver, sqlite.DSN(path, opts.ReadOnly))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// One writer connection: SQLite runs one write transaction at a time
	// anyway, and queueing writers in Go is fair and prompt, where several
	// connections would poll the lock in SQLite's busy handler, sleeping up
	// to 100 ms a turn under load. Other processes still wait through
	// busy_timeout.
	db.SetMaxOpenConns(1)
	rdb, err := sqlx.Open(sqlite.Driver, sqlite.ReaderDSN(path, opts.ReadOnly))
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	now := opts.Clock
	if now == nil {
		now = time.Now
	}
	d := &DB{db: db, rdb: rdb, now: now}
	d.erase.policy, d.erase.log = defaultErasePolicy, opts.Logger
	if d.erase.log == nil {
		d.erase.log = slog.New(slog.DiscardHandler)
	}
	return d, nil
}

// Close closes the database.
func (d *DB) Close() error {
	rerr := d.rdb.Close()
	if err := d.db.Close(); err != nil {
		return err
	}
	return rerr
}

// Now is the store's clock in UTC.
func (d *DB) Now() time.Time { return d.now().UTC() }

// Ping checks the database answers a write-capable transaction (for /readyz).
func (d *DB) Ping(ctx context.Context) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		var n int
		return tx.GetContext(ctx, &n, `SELECT 1`)
	})
}

// tx runs fn in one transaction and commits it, or rolls back on error.
func (d *DB) tx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	tx, err := d.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	err = fn(tx)
	var keep commitAnyway
	if err != nil && !errors.As(err, &keep) {
		_ = tx.Rollback()
		return err
	}
	if cerr := tx.Commit(); cerr != nil {
		return fmt.Errorf("store: commit: %w", cerr)
	}
	d.finishPendingErase(ctx)
	if keep.err != nil {
		return keep.err
	}
	return nil
}

// commitAnyway is an error a transaction returns after writes that must
// stick (marking a preview stale, say): tx commits, then returns err.
type commitAnyway struct{ err error }

func (c commitAnyway) Error() string { return c.err.Error() }
func (c commitAnyway) Unwrap() error { return c.err }

// read runs fn in a read-only transaction (a consistent snapshot).
func (d *DB) read(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	tx, err := d.rdb.BeginTxx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback()
	return fn(tx)
}

// readValue runs get in a read transaction and returns what it read.
func readValue[T any](ctx context.Context, d *DB, get func(tx *sqlx.Tx) (T, error)) (T, error) {
	var out T
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		var err error
		out, err = get(tx)
		return err
	})
	return out, err
}

// ts converts a time to the UTC form stored in the database.
func ts(t time.Time) time.Time { return t.UTC() }
