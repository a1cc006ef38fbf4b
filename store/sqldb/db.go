// Package sqldb keeps mentorbot's state (the domain types of package store)
// in SQLite or PostgreSQL: the connection, the SQL of every aggregate and
// the schema migrations. The statements are written once for sqlx and bound
// with Rebind; each engine (package sqlite, package postgres, engine.go)
// brings its migrations and its few engine-specific statements (the
// connection, the migration lock, backup, checkpoints). Every public method
// runs in one transaction.
package sqldb

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store/sqldb/circlesql"
	"github.com/mentorbot/mentorbot/store/sqldb/dashsql"
	"github.com/mentorbot/mentorbot/store/sqldb/feedbacksql"
	"github.com/mentorbot/mentorbot/store/sqldb/goalsql"
	"github.com/mentorbot/mentorbot/store/sqldb/health"
	"github.com/mentorbot/mentorbot/store/sqldb/lifecyclesql"
	"github.com/mentorbot/mentorbot/store/sqldb/outbox"
	"github.com/mentorbot/mentorbot/store/sqldb/postgres"
	"github.com/mentorbot/mentorbot/store/sqldb/roundsql"
	"github.com/mentorbot/mentorbot/store/sqldb/sqlite"
	"github.com/mentorbot/mentorbot/store/sqldb/viewsql"
)

// Clock tells the store what time it is; tests inject a fixed one.
type Clock func() time.Time

// DB is the store: a SQLite or PostgreSQL database behind sqlx.
type DB struct {
	db *sqlx.DB // writers: on SQLite transactions BEGIN IMMEDIATE
	// rdb serves read-only snapshots: on SQLite a plain (deferred) BEGIN,
	// which in WAL mode neither waits for writers nor holds them up; on
	// PostgreSQL it is db.
	rdb   *sqlx.DB
	eng   engine
	now   Clock
	log   *slog.Logger // the unexpected only
	erase eraseState   // erasures whose log truncation is pending (erase.go)
	// deliveries group-commits FirstDelivery's keys (events.go).
	deliveries deliveryBatcher
	views      *viewsql.Views // reads of the ack path kept while nothing changed

	// The aggregates kept in sub-packages (handle.go): their methods are
	// the DB's.
	*outboxDB
	*healthDB
	*dashDB
	*lifeDB
	*goalDB
	*roundsDB
	*circleDB
	*feedbackDB
}

// readConns is the size of the reader pool.
const readConns = 4

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

// IsPostgres reports whether target (MENTORBOT_DB) names a PostgreSQL
// database, postgres://… or postgresql://…, rather than a SQLite file.
func IsPostgres(target string) bool { return postgres.IsURL(target) }

// Redact hides the password of any PostgreSQL URL in s.
func Redact(s string) string { return postgres.Redact(s) }

// Open opens the database target names: a PostgreSQL URL (IsPostgres), or
// the path of a SQLite file, created if needed. It does not migrate; call
// Migrate. A writable SQLite database and its -wal and -shm are mode 0600
// (see sqlite.MakePrivate).
func Open(ctx context.Context, target string, opts Options) (*DB, error) {
	if target == "" {
		return nil, errors.New("store: empty database path")
	}
	if IsPostgres(target) {
		return openPostgres(ctx, target, opts)
	}
	path := target
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
	// A few reader connections, kept open: opening one (the file, the
	// pragmas, a schema parse) costs many times a read, and a burst of
	// `/mentor status` would otherwise open one per envelope and close
	// them again. Each method holds at most one, so the cap cannot deadlock.
	rdb.SetMaxOpenConns(readConns)
	rdb.SetMaxIdleConns(readConns)
	d := newDB(db, rdb, sqliteEngine{db: db, rdb: rdb}, opts)
	d.views = viewsql.New(viewsql.NewSharedVersion(sqlite.NewDataVersion(path, opts.ReadOnly)), d.viewSnapshot)
	return d, nil
}

// openPostgres connects to the PostgreSQL database at rawURL, one pool
// for writers and readers (postgres.Open sets its limits and timeouts).
func openPostgres(ctx context.Context, rawURL string, opts Options) (*DB, error) {
	db, err := postgres.Open(rawURL, opts.ReadOnly)
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %s", Redact(rawURL), Redact(err.Error()))
	}
	d := newDB(db, db, postgresEngine{db: db}, opts)
	d.views = viewsql.New(viewsql.NewSharedVersion(postgres.NewChanges(db)), d.viewSnapshot)
	return d, nil
}

func newDB(db, rdb *sqlx.DB, eng engine, opts Options) *DB {
	now := opts.Clock
	if now == nil {
		now = time.Now
	}
	d := &DB{db: db, rdb: rdb, eng: eng, now: now, views: viewsql.New(nil, nil)}
	d.outboxDB, d.healthDB, d.dashDB = outbox.New(handle{d}), health.New(handle{d}), dashsql.New(handle{d})
	d.lifeDB = lifecyclesql.New(handle{d})
	d.goalDB = goalsql.New(handle{d})
	d.roundsDB = roundsql.New(handle{d})
	d.circleDB = circlesql.New(handle{d})
	d.feedbackDB = feedbacksql.New(handle{d})
	d.log = opts.Logger
	if d.log == nil {
		d.log = slog.New(slog.DiscardHandler)
	}
	d.erase.policy, d.erase.log = defaultErasePolicy, d.log
	return d
}

// Engine is "sqlite" or "postgres".
func (d *DB) Engine() string { return d.eng.name() }

// Close closes the database.
func (d *DB) Close() error {
	_ = d.views.Close()
	if d.rdb == d.db {
		return d.db.Close()
	}
	rerr := d.rdb.Close()
	if err := d.db.Close(); err != nil {
		return err
	}
	return rerr
}

// Now is the store's clock in UTC.
func (d *DB) Now() time.Time { return d.now().UTC() }

// ReadsFromMemory counts the ack path's reads answered from the in-memory model.
func (d *DB) ReadsFromMemory() uint64 { return d.views.Served() }

// Instant reads the in-memory model at once or not at all (viewsql.Views.VersionNow, StatusAt).
func (d *DB) Instant() *viewsql.Views { return d.views }

// WarmReaders opens the reader pool's connections and loads the schema on
// each, so the first burst of reads after a start (a Monday's `/mentor
// status`) pays neither for that nor for building the views (viewsql).
func (d *DB) WarmReaders(ctx context.Context) error {
	if d.eng.name() != "sqlite" {
		return d.views.Warm(ctx) // PostgreSQL's pool (postgres.Open) needs no warming
	}
	conns := make([]*sqlx.Conn, 0, readConns)
	release := func() {
		for _, c := range conns {
			c.Close()
		}
	}
	defer release()
	for range readConns {
		c, err := d.rdb.Connx(ctx)
		if err != nil {
			return fmt.Errorf("store: warm readers: %w", err)
		}
		conns = append(conns, c)
		var n int
		if err := c.GetContext(ctx, &n, `SELECT COUNT(*) FROM sqlite_master`); err != nil {
			return fmt.Errorf("store: warm readers: %w", err)
		}
	}
	release()
	return d.views.Warm(ctx)
}

// Ping checks the database answers a write-capable transaction (for /readyz).
func (d *DB) Ping(ctx context.Context) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		var n int
		return tx.GetContext(ctx, &n, `SELECT 1`)
	})
}

// tx runs fn in one transaction and commits it, or rolls back on error.
// On PostgreSQL a transaction that failed before its COMMIT for want of
// serializability, or because its connection died (a database restart),
// runs again from the start, so fn must only assign what it returns, and
// set every result afresh when it starts (a result a later path fills, or
// a map or slice it adds to, would otherwise keep the failed attempt's).
func (d *DB) tx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	for attempt := 1; ; attempt++ {
		err, retry := d.txOnce(ctx, fn)
		if !retry || attempt == maxTxAttempts || ctx.Err() != nil {
			return err
		}
		if err := sleepCtx(ctx, retryPause(attempt)); err != nil {
			return errors.Join(err, ctx.Err())
		}
	}
}

// txOnce is one attempt of tx; retry tells whether the attempt may run
// again (it never is after a COMMIT was sent).
func (d *DB) txOnce(ctx context.Context, fn func(tx *sqlx.Tx) error) (err error, retry bool) {
	tx, err := d.db.BeginTxx(ctx, d.eng.writeOptions())
	if err != nil {
		return fmt.Errorf("store: begin: %w", err), d.eng.retryable(err)
	}
	err = fn(tx)
	var keep commitAnyway
	if err != nil && !errors.As(err, &keep) {
		_ = tx.Rollback()
		return err, d.eng.retryable(err)
	}
	if cerr := tx.Commit(); cerr != nil {
		// A serialization failure at COMMIT means it did not commit.
		return fmt.Errorf("store: commit: %w", cerr), isSerializationFailure(cerr)
	}
	d.finishPendingErase(ctx)
	if keep.err != nil {
		return keep.err, false
	}
	return nil, false
}

// commitAnyway is an error a transaction returns after writes that must
// stick (marking a preview stale, say): tx commits, then returns err.
type commitAnyway struct{ err error }

func (c commitAnyway) Error() string { return c.err.Error() }
func (c commitAnyway) Unwrap() error { return c.err }

// read runs fn in a read-only transaction (a consistent snapshot). On
// PostgreSQL it runs again when its connection died, so fn, as tx's, sets
// its results afresh when it starts.
func (d *DB) read(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	for attempt := 1; ; attempt++ {
		err := d.readOnce(ctx, fn)
		if err == nil || !d.eng.retryable(err) || attempt == maxTxAttempts || ctx.Err() != nil {
			return err
		}
		if err := sleepCtx(ctx, retryPause(attempt)); err != nil {
			return errors.Join(err, ctx.Err())
		}
	}
}

func (d *DB) readOnce(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	tx, err := d.rdb.BeginTxx(ctx, d.eng.readOptions())
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
