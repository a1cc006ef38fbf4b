package sqlite

import (
	"database/sql"
	"path/filepath"
	"testing"
)

// The token moves on when another connection commits, and only then.
func TestDataVersionMovesOnACommit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dv.db")
	w, err := sql.Open(Driver, DSN(path, false))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.Exec(`CREATE TABLE t (x INTEGER)`); err != nil {
		t.Fatal(err)
	}
	d := NewDataVersion(path, false)
	defer d.Close()
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
	path := filepath.Join(b.TempDir(), "dv.db")
	w, err := sql.Open(Driver, DSN(path, false))
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	if _, err := w.Exec(`CREATE TABLE t (x INTEGER)`); err != nil {
		b.Fatal(err)
	}
	d := NewDataVersion(path, false)
	defer d.Close()
	for b.Loop() {
		if _, ok := d.Token(); !ok {
			b.Fatal("no token")
		}
	}
}
