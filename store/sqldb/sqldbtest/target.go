package sqldbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"path/filepath"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// Target returns a fresh, empty database of the current engine for t, as
// MENTORBOT_DB would name it: a file in t.TempDir() on SQLite, a URL whose
// search_path is a new schema on PostgreSQL (dropped when t ends). Open it
// as often as needed: every handle sees the same database.
func Target(t testing.TB) string {
	t.Helper()
	if current != "postgres" {
		return filepath.Join(t.TempDir(), "test.db")
	}
	return PostgresTarget(t)
}

// PostgresTarget is Target on PostgreSQL whatever the pass; it skips t
// when no server is available. The package's TestMain must call Run or
// Main, which stop a cluster started for it.
func PostgresTarget(t testing.TB) string {
	t.Helper()
	if err := ensureServer(); err != nil {
		t.Skipf("PostgreSQL: %v", err)
	}
	admin, err := adminDB()
	if err != nil {
		t.Fatalf("PostgreSQL: %v", err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "test_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("PostgreSQL: create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			t.Errorf("PostgreSQL: drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(serverURL)
	if err != nil {
		t.Fatalf("PostgreSQL: %s: %v", EnvURL, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	t.Logf("engine postgres, schema %s", schema)
	return u.String()
}

var (
	adminOnce sync.Once
	admin     *sql.DB
	adminErr  error
)

// adminDB is one small pool that creates and drops the tests' schemas.
func adminDB() (*sql.DB, error) {
	adminOnce.Do(func() {
		admin, adminErr = sql.Open("pgx", serverURL)
		if adminErr == nil {
			admin.SetMaxOpenConns(2)
		}
	})
	return admin, adminErr
}
