package sqldbtest

import (
	"context"
	"database/sql"
	"testing"

	"github.com/jmoiron/sqlx"
)

// RawDB is a plain handle on a test database for fixtures the store's API
// cannot write (backdated rows): it binds ? placeholders for the engine.
type RawDB struct{ *sqlx.DB }

// Raw opens target (from Target) without the store, closed when t ends.
// dsn turns a SQLite path into its connection string (sqldb.DSN).
func Raw(t testing.TB, target string, dsn func(path string, readOnly bool) string) *RawDB {
	t.Helper()
	driver, source := "sqlite3", ""
	if current == "postgres" || (len(target) > 11 && target[:11] == "postgres://") {
		driver, source = "pgx", target
	} else {
		source = dsn(target, false)
	}
	db, err := sqlx.Open(driver, source)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &RawDB{db}
}

func (r *RawDB) Exec(query string, args ...any) (sql.Result, error) {
	return r.DB.Exec(r.Rebind(query), args...)
}

func (r *RawDB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return r.DB.ExecContext(ctx, r.Rebind(query), args...)
}

func (r *RawDB) QueryRow(query string, args ...any) *sql.Row {
	return r.DB.QueryRow(r.Rebind(query), args...)
}

func (r *RawDB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return r.DB.QueryRowContext(ctx, r.Rebind(query), args...)
}

func (r *RawDB) Close() error { return nil } // closed by t.Cleanup
