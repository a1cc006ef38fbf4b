package sqlite

import (
	"context"
	"database/sql/driver"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// Snapshot runs fn inside a deferred read transaction on a connection of
// its own from db. The pool's transactions begin IMMEDIATE (they take the
// write lock at once, for writers); a report must neither wait for the
// bot's writers nor hold them up for the seconds it reads, and in WAL mode
// a plain BEGIN gives a consistent snapshot at the first read without any
// lock. It works the same on a read-only handle.
func Snapshot(ctx context.Context, db *sqlx.DB, fn func(c *sqlx.Conn) error) error {
	conn, err := db.Connx(ctx)
	if err != nil {
		return fmt.Errorf("store: connect: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN`); err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer func() {
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`); err != nil {
			// Never hand the pool a connection still inside a transaction.
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	return fn(conn)
}

// SchemaVersion reads the applied migration version inside c's snapshot; a
// file without the migrations table is version 0.
func SchemaVersion(ctx context.Context, c *sqlx.Conn) (int, error) {
	var n int
	if err := c.GetContext(ctx, &n, `SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'`); err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	if n == 0 {
		return 0, nil
	}
	var v int
	if err := c.GetContext(ctx, &v, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`); err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	return v, nil
}

// GrowCache gives c a page cache of 16 MB instead of SQLite's 2 MB, for
// reads that jump around indexes of 100 MB and more (the report's health
// probes): their upper levels stay in memory. restore puts the connection
// back as it came, before it returns to the pool.
func GrowCache(ctx context.Context, c *sqlx.Conn) (restore func(), err error) {
	var cacheSize int
	if err := c.GetContext(ctx, &cacheSize, `PRAGMA cache_size`); err != nil {
		return nil, err
	}
	if _, err := c.ExecContext(ctx, `PRAGMA cache_size = -16384`); err != nil {
		return nil, err
	}
	return func() { _, _ = c.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = %d`, cacheSize)) }, nil
}
