package sqldb_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// TestDSNPragmas checks every pooled connection gets the durability and
// privacy settings docs/operations.md relies on.
func TestDSNPragmas(t *testing.T) {
	sqldbtest.OnlySQLite(t, "SQLite's pragmas")
	path := filepath.Join(t.TempDir(), "p.db")
	db, err := sqldb.Open(context.Background(), path, sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	raw, err := sql.Open("sqlite3", sqldb.DSN(path, false))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	want := map[string]string{
		"journal_mode":  "wal",
		"synchronous":   "2", // FULL: the WAL is synced at every commit
		"secure_delete": "1",
		"foreign_keys":  "1",
		"busy_timeout":  "10000",
	}
	for pragma, v := range want {
		var got string
		if err := raw.QueryRow("PRAGMA " + pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != v {
			t.Errorf("PRAGMA %s = %s, want %s", pragma, got, v)
		}
	}
}
