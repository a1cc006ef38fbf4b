package sqldb

import (
	"context"
	"database/sql"
	"io/fs"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store/sqldb/postgres"
	"github.com/mentorbot/mentorbot/store/sqldb/sqlite"
)

// engine is what differs between SQLite and PostgreSQL below the shared
// queries: how transactions begin and retry, the migration lock, read
// snapshots and the maintenance a database file needs.
type engine interface {
	// name is "sqlite" or "postgres".
	name() string
	migrations() fs.FS
	// writeOptions are the options of a writing transaction.
	writeOptions() *sql.TxOptions
	// readOptions are those of a read-only snapshot.
	readOptions() *sql.TxOptions
	// retryable tells whether a transaction that failed before COMMIT may
	// run again from the start.
	retryable(err error) bool
	// lockMigrations serialises migrating processes inside tx.
	lockMigrations(ctx context.Context, tx *sqlx.Tx) error
	// skipLocked is appended to a claim's row lookup: a row another
	// process is claiming is skipped, not waited for.
	skipLocked() string
	snapshot(ctx context.Context, fn func(c *sqlx.Conn) error) error
	// snapshots is snapshot on up to n connections at once, all on the
	// same snapshot (the report reads them in parallel).
	snapshots(ctx context.Context, n int, fn func(cs []*sqlx.Conn) error) error
	schemaVersion(ctx context.Context, c *sqlx.Conn) (int, error)
	growCache(ctx context.Context, c *sqlx.Conn) (func(), error)
	backup(ctx context.Context, path string) error
	checkpoint(ctx context.Context) error
	integrityCheck(ctx context.Context) (string, error)
	// truncateLog makes erased bytes unrecoverable from the database's own
	// files, waiting at most busy; ErrConflict when others kept it busy.
	truncateLog(ctx context.Context, busy time.Duration) error
}

// sqliteEngine: one file, one writer connection (db), a reader pool (rdb).
type sqliteEngine struct{ db, rdb *sqlx.DB }

func (sqliteEngine) name() string                 { return "sqlite" }
func (sqliteEngine) migrations() fs.FS            { return sqlite.Migrations }
func (sqliteEngine) writeOptions() *sql.TxOptions { return nil } // BEGIN IMMEDIATE (DSN)
func (sqliteEngine) readOptions() *sql.TxOptions  { return &sql.TxOptions{ReadOnly: true} }
func (sqliteEngine) retryable(error) bool         { return false } // busy_timeout waits instead
func (sqliteEngine) skipLocked() string           { return "" }    // the writer holds the whole file

// lockMigrations: an immediate transaction already holds the write lock.
func (sqliteEngine) lockMigrations(context.Context, *sqlx.Tx) error { return nil }
func (e sqliteEngine) snapshot(ctx context.Context, fn func(c *sqlx.Conn) error) error {
	return sqlite.Snapshot(ctx, e.rdb, fn)
}
func (e sqliteEngine) snapshots(ctx context.Context, n int, fn func(cs []*sqlx.Conn) error) error {
	return sqlite.Snapshots(ctx, e.rdb, n, fn)
}
func (sqliteEngine) schemaVersion(ctx context.Context, c *sqlx.Conn) (int, error) {
	return sqlite.SchemaVersion(ctx, c)
}
func (sqliteEngine) growCache(ctx context.Context, c *sqlx.Conn) (func(), error) {
	return sqlite.GrowCache(ctx, c)
}
func (e sqliteEngine) backup(ctx context.Context, path string) error {
	return sqlite.Backup(ctx, e.rdb, path)
}
func (e sqliteEngine) checkpoint(ctx context.Context) error { return sqlite.Checkpoint(ctx, e.db) }
func (e sqliteEngine) integrityCheck(ctx context.Context) (string, error) {
	return sqlite.IntegrityCheck(ctx, e.rdb)
}
func (e sqliteEngine) truncateLog(ctx context.Context, busy time.Duration) error {
	return sqlite.TruncateLog(ctx, e.db, busy)
}

// postgresEngine: one pool shared by writers and readers; MVCC keeps
// snapshots and writers out of each other's way.
type postgresEngine struct{ db *sqlx.DB }

func (postgresEngine) name() string      { return "postgres" }
func (postgresEngine) migrations() fs.FS { return postgres.Migrations }

// writeOptions: SERIALIZABLE, so every read-then-write of the store keeps
// the meaning it has on SQLite, where writers run one at a time
// (docs/scheduler.md, "On PostgreSQL"); a serialization failure runs the
// transaction again.
func (postgresEngine) writeOptions() *sql.TxOptions {
	return &sql.TxOptions{Isolation: sql.LevelSerializable}
}
func (postgresEngine) readOptions() *sql.TxOptions {
	return &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
}
func (postgresEngine) retryable(err error) bool { return postgres.Retryable(err) }
func (postgresEngine) lockMigrations(ctx context.Context, tx *sqlx.Tx) error {
	return postgres.LockMigrations(ctx, tx)
}
func (postgresEngine) skipLocked() string { return " FOR UPDATE SKIP LOCKED" }
func (e postgresEngine) snapshot(ctx context.Context, fn func(c *sqlx.Conn) error) error {
	return postgres.Snapshot(ctx, e.db, fn)
}
func (e postgresEngine) snapshots(ctx context.Context, n int, fn func(cs []*sqlx.Conn) error) error {
	return postgres.Snapshots(ctx, e.db, n, fn)
}
func (postgresEngine) schemaVersion(ctx context.Context, c *sqlx.Conn) (int, error) {
	return postgres.SchemaVersion(ctx, c)
}
func (postgresEngine) growCache(context.Context, *sqlx.Conn) (func(), error) {
	return func() {}, nil // shared_buffers is the server's
}
func (postgresEngine) backup(context.Context, string) error { return postgres.ErrNoFileBackup }

// checkpoint: the server checkpoints on its own; the store has no file.
func (postgresEngine) checkpoint(context.Context) error { return nil }
func (e postgresEngine) integrityCheck(ctx context.Context) (string, error) {
	return postgres.IntegrityCheck(ctx, e.db)
}

// truncateLog: nothing the bot can do. The WAL and the dead row versions
// are the server's to recycle (docs/privacy.md, "PostgreSQL").
func (postgresEngine) truncateLog(context.Context, time.Duration) error { return nil }
