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

// maxFenceTries bounds Snapshots' attempts to start its connections on one
// snapshot while writers keep committing; after that it reads on one.
const maxFenceTries = 5

// Snapshots runs fn with up to n connections of db, each in a deferred
// read transaction, all on the same snapshot, so fn may read them in
// parallel and still see one database state. SQLite cannot hand a
// snapshot from one connection to another, so the others are fenced: each
// reads PRAGMA data_version (which changes when another connection
// commits) before the first connection's transaction starts and again as
// the first statement of its own; if no value changed, nothing committed
// in between and every transaction began on the first one's snapshot.
// Otherwise all roll back and start again; when writers never leave a
// gap, or db has no more connections to give, fn gets one connection.
func Snapshots(ctx context.Context, db *sqlx.DB, n int, fn func(cs []*sqlx.Conn) error) error {
	for try := 0; ; try++ {
		if n <= 1 || try == maxFenceTries {
			return Snapshot(ctx, db, func(c *sqlx.Conn) error { return fn([]*sqlx.Conn{c}) })
		}
		cs, end, fenced, err := fence(ctx, db, n)
		if err != nil {
			return err
		}
		if !fenced {
			end()
			continue
		}
		err = fn(cs)
		end()
		return err
	}
}

// betweenSnapshots runs between the first transaction's snapshot and the
// others' (tests commit there).
var betweenSnapshots = func() {}

// fence opens n connections on one snapshot (fenced reports false when a
// commit fell in between); end rolls them back and returns them.
func fence(ctx context.Context, db *sqlx.DB, n int) (cs []*sqlx.Conn, end func(), fenced bool, err error) {
	var open []*sqlx.Conn
	end = func() {
		for _, c := range open {
			if _, err := c.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`); err != nil {
				_ = c.Raw(func(any) error { return driver.ErrBadConn })
			}
			c.Close()
		}
	}
	before := make([]int64, n)
	for i := range n {
		c, err := db.Connx(ctx)
		if err != nil {
			end()
			return nil, nil, false, fmt.Errorf("store: connect: %w", err)
		}
		if i > 0 {
			if err := c.GetContext(ctx, &before[i], `PRAGMA data_version`); err != nil {
				c.Close()
				end()
				return nil, nil, false, fmt.Errorf("store: data version: %w", err)
			}
		}
		if _, err := c.ExecContext(ctx, `BEGIN`); err != nil {
			c.Close()
			end()
			return nil, nil, false, fmt.Errorf("store: begin: %w", err)
		}
		open = append(open, c)
	}
	// The first transaction takes its snapshot, then each other one; a
	// data_version that moved means a commit between the two reads.
	var schema int
	if err := open[0].GetContext(ctx, &schema, `PRAGMA schema_version`); err != nil {
		end()
		return nil, nil, false, fmt.Errorf("store: begin: %w", err)
	}
	betweenSnapshots()
	fenced = true
	for i, c := range open[1:] {
		var after int64
		if err := c.GetContext(ctx, &after, `PRAGMA data_version`); err != nil {
			end()
			return nil, nil, false, fmt.Errorf("store: data version: %w", err)
		}
		fenced = fenced && after == before[i+1]
	}
	return open, end, fenced, nil
}
