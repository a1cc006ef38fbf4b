package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/jmoiron/sqlx"
)

// TestSnapshotsFence: a commit between the first connection's snapshot and
// the others' is noticed and the connections start again; when commits
// never leave a gap, the reader gets one connection; every connection a
// reader gets sees the same rows.
func TestSnapshotsFence(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "fence.db")
	w, err := sqlx.Open(Driver, DSN(path, false))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	w.SetMaxOpenConns(1)
	if _, err := w.Exec(`CREATE TABLE x (n INTEGER)`); err != nil {
		t.Fatal(err)
	}
	r, err := sqlx.Open(Driver, ReaderDSN(path, true))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	r.SetMaxOpenConns(3)
	defer func() { betweenSnapshots = func() {} }()

	for _, tc := range []struct {
		name           string
		commits, conns int
	}{
		{"no writer", 0, 3},
		{"two commits in the way", 2, 3},
		{"a commit every time", 1000, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			commits := 0
			betweenSnapshots = func() {
				if commits < tc.commits {
					if _, err := w.Exec(`INSERT INTO x VALUES (1)`); err != nil {
						t.Fatal(err)
					}
					commits++
				}
			}
			var want int
			if err := w.Get(&want, `SELECT COUNT(*) FROM x`); err != nil {
				t.Fatal(err)
			}
			err := Snapshots(ctx, r, 3, func(cs []*sqlx.Conn) error {
				if len(cs) != tc.conns {
					t.Errorf("%d connections, want %d", len(cs), tc.conns)
				}
				if tc.commits > 0 && tc.commits < maxFenceTries {
					want += tc.commits // the last try saw every commit
				}
				for i, c := range cs {
					var n int
					if err := c.GetContext(ctx, &n, `SELECT COUNT(*) FROM x`); err != nil {
						return err
					}
					if n != want && tc.conns > 1 {
						t.Errorf("connection %d sees %d rows, want %d", i, n, want)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
