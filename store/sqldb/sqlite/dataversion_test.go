package sqlite

import (
	"database/sql"
	"path/filepath"
	"testing"
)

// The token moves on when another connection commits, and only then.
func TestDataVersionMovesOnACommit(t *testing.T) {
	w, d := watchedFile(t)
	first, ok := d.Token()
	if again, ok2 := d.Token(); !ok || !ok2 || again != first {
		t.Fatalf("nothing committed: %q %v then %q %v", first, ok, again, ok2)
	}
	if _, err := w.Exec(`INSERT INTO t VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	if next, ok := d.Token(); !ok || next == first {
		t.Fatalf("after a commit: %q %v, want a token unlike %q", next, ok, first)
	}
}

func BenchmarkDataVersionToken(b *testing.B) {
	_, d := watchedFile(b)
	for b.Loop() {
		if _, ok := d.Token(); !ok {
			b.Fatal("no token")
		}
	}
}

// watchedFile is a database file with a table, a writer on it and a
// DataVersion watching it.
func watchedFile(tb testing.TB) (*sql.DB, *DataVersion) {
	path := filepath.Join(tb.TempDir(), "dv.db")
	w, err := sql.Open(Driver, DSN(path, false))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { w.Close() })
	if _, err := w.Exec(`CREATE TABLE t (x INTEGER)`); err != nil {
		tb.Fatal(err)
	}
	d := NewDataVersion(path, false)
	tb.Cleanup(func() { d.Close() })
	return w, d
}
