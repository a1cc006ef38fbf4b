package sqldb_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// TestDatabaseFilesArePrivate runs with umask 0 (restored after; this
// test must not run in parallel): a new database, its -wal and -shm and a
// backup are 0600, and an old world-readable database is tightened when
// it is opened for writing.
func TestDatabaseFilesArePrivate(t *testing.T) {
	sqldbtest.OnlySQLite(t, "database files")
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	ctx := context.Background()
	mode := func(p string) os.FileMode {
		t.Helper()
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		return st.Mode().Perm()
	}

	dir := t.TempDir()
	path := filepath.Join(dir, "new.db")
	db, err := sqldb.Open(ctx, path, sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "backup.db")
	if err := db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm", backup} {
		if m := mode(p); m != 0o600 {
			t.Errorf("%s: mode %v, want 0600", filepath.Base(p), m)
		}
	}
	if err := db.Backup(ctx, backup); !errors.Is(err, store.ErrConflict) {
		t.Errorf("a second backup to the same file: %v", err)
	}

	// A database left world-readable by an older version, with its -wal
	// and -shm (the first handle keeps them).
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ro, err := sqldb.Open(ctx, path, sqldb.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ro.Close()
	if m := mode(path); m != 0o644 {
		t.Errorf("a read-only open changed the mode to %v", m)
	}
	again, err := sqldb.Open(ctx, path, sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if m := mode(p); m != 0o600 {
			t.Errorf("%s: mode %v after open, want 0600", filepath.Base(p), m)
		}
	}
}
