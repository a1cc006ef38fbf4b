package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/report"
	"github.com/mentorbot/mentorbot/store/sqldb/reportsql"
)

// reportSchema is the oldest schema the report queries can read (0001 has
// every table and column they use; 0003 only adds indexes for speed).
const reportSchema = 1

// SchemaStatus returns the schema version applied to the database and the
// newest this program knows. A reader that cannot migrate (a read-only
// report) uses it to say what is missing.
func (d *DB) SchemaStatus(ctx context.Context) (applied, known int, err error) {
	ms, err := loadMigrations()
	if err != nil {
		return 0, 0, err
	}
	if len(ms) > 0 {
		known = ms[len(ms)-1].version
	}
	err = d.snapshot(ctx, func(tx reader) error {
		applied, err = schemaVersion(ctx, tx)
		return err
	})
	return applied, known, err
}

// reader is what the report's statements need: a transaction or a
// connection inside one.
type reader interface {
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	Rebind(query string) string
}

// snapshot runs fn inside a deferred read transaction on a connection of
// its own. The pool's transactions begin IMMEDIATE (they take the write
// lock at once, for writers); a report must neither wait for the bot's
// writers nor hold them up for the seconds it reads, and in WAL mode a
// plain BEGIN gives a consistent snapshot at the first read without any
// lock. It works the same on a read-only handle.
func (d *DB) snapshot(ctx context.Context, fn func(r reader) error) error {
	conn, err := d.rdb.Connx(ctx)
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

// schemaVersion reads the applied version; a file without the migrations
// table is version 0.
func schemaVersion(ctx context.Context, tx reader) (int, error) {
	var n int
	if err := tx.GetContext(ctx, &n, `SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'`); err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	if n == 0 {
		return 0, nil
	}
	var v int
	if err := tx.GetContext(ctx, &v, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`); err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	return v, nil
}

// ReportData gathers the raw figures of a report in one read transaction
// (one consistent snapshot, beside a running bot thanks to WAL, taking no
// lock: see snapshot). It only reads, so it works on a read-only handle. Every figure
// but the ratings is aggregated in SQL; what comes back is a few rows per
// department and per week, one row per active pairing for the health
// rules, and one small row per rating for the release rule.
//
// A person who left counts in Participants.Left and their activity in
// Former (their department is erased); their pairings count as ended.
func (d *DB) ReportData(ctx context.Context, scope report.Scope) (report.Raw, error) {
	raw := report.Raw{Scope: scope, GeneratedAt: d.Now()}
	raw.Scope.Since = scope.Since.UTC()
	err := d.snapshot(ctx, func(tx reader) error {
		v, err := schemaVersion(ctx, tx)
		if err != nil {
			return err
		}
		if v < reportSchema {
			return fmt.Errorf("schema version %d, reports need %d: run `mentorbot migrate`: %w", v, reportSchema, store.ErrSchemaTooOld)
		}
		// The health probes jump around indexes of 100 MB and more; a page
		// cache of 16 MB instead of SQLite's 2 MB keeps their upper levels
		// in memory. The connection returns to the pool as it came.
		var cacheSize int
		if err := tx.GetContext(ctx, &cacheSize, `PRAGMA cache_size`); err != nil {
			return fmt.Errorf("store: report: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `PRAGMA cache_size = -16384`); err != nil {
			return fmt.Errorf("store: report: %w", err)
		}
		defer func() { _, _ = tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = %d`, cacheSize)) }()
		return reportsql.Read(ctx, tx, &raw)
	})
	if err != nil {
		return report.Raw{}, err
	}
	return raw, nil
}
