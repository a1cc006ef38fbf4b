package sqldb

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

func openErase(t *testing.T, path string) *DB {
	t.Helper()
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	d, err := Open(context.Background(), path, Options{Clock: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Tests wait milliseconds, not seconds, for a busy log.
	d.erase.policy = erasePolicy{attempts: 3, busy: 10 * time.Millisecond, first: time.Millisecond, most: 2 * time.Millisecond}
	return d
}

// TestEveryConnectionSecureDeletes: secure_delete (old bytes zeroed, not
// just unlinked) is on for every connection of both pools, including new
// ones, and a truncating checkpoint leaves the writer's busy_timeout as the
// DSN set it.
func TestEveryConnectionSecureDeletes(t *testing.T) {
	sqldbtest.OnlySQLite(t, "secure_delete and the write-ahead log file")
	ctx := context.Background()
	d := openErase(t, filepath.Join(t.TempDir(), "s.db"))
	if err := d.truncateLog(ctx, 5*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	for name, pool := range map[string]*sql.DB{"writer": d.db.DB, "readers": d.rdb.DB} {
		var conns []*sql.Conn
		for range 4 { // held at once, so the reader pool opens new connections
			c, err := pool.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			conns = append(conns, c)
			var on int
			if err := c.QueryRowContext(ctx, `PRAGMA secure_delete`).Scan(&on); err != nil || on != 1 {
				t.Errorf("%s connection %d: secure_delete = %d %v", name, len(conns), on, err)
			}
			var ms int
			if err := c.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&ms); err != nil || ms != int(normalBusyTimeout.Milliseconds()) {
				t.Errorf("%s connection %d: busy_timeout = %d %v", name, len(conns), ms, err)
			}
			if name == "writer" {
				break // one connection only
			}
		}
		for _, c := range conns {
			c.Close()
		}
	}
}

// TestEraseWaitsOutABusyReaderThenFinishesLater: a reader holding a
// snapshot keeps the log from being truncated; EraseFromDisk retries, then
// reports ErrErasePending and leaves a flag in the database. Another
// process (or the next start) picks the flag up, and its next write, once
// the reader is gone, truncates the log: the erased words are then in no
// database file.
func TestEraseWaitsOutABusyReaderThenFinishesLater(t *testing.T) {
	ctx := context.Background()
	sqldbtest.OnlySQLite(t, "the write-ahead log file")
	path := filepath.Join(t.TempDir(), "e.db")
	d := openErase(t, path)
	const marker = "MKERASE9z goals only UA wrote"
	for _, p := range []store.Profile{
		{SlackID: "UA", Name: "Person UA", Role: store.RoleMentee, Goals: marker, Cadence: store.CadenceWeekly, Timezone: "UTC"},
		{SlackID: "UB", Name: "Person UB", Role: store.RoleMentor, Capacity: 1, Cadence: store.CadenceWeekly, Timezone: "UTC"},
	} {
		if _, err := d.SaveProfile(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	if !filesHold(t, path, marker) {
		t.Fatal("the marker is not in the files before leaving: the check cannot work")
	}

	reader, err := d.rdb.BeginTxx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := reader.GetContext(ctx, &n, `SELECT COUNT(*) FROM participants`); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Leave(ctx, "UA"); err != nil {
		t.Fatal(err)
	}
	if err := d.EraseFromDisk(ctx); !errors.Is(err, store.ErrErasePending) {
		t.Fatalf("erase beside a reader: %v, want ErrErasePending", err)
	}
	if !d.erase.pending.Load() || pendingRows(t, d) != 1 {
		t.Fatal("no pending erasure recorded")
	}

	// A second process (or a restart) learns of it when it migrates.
	d2 := openErase(t, path)
	if !d2.erase.pending.Load() {
		t.Fatal("the pending erasure was not picked up by Migrate")
	}
	// While the reader stays, a write cannot finish it either.
	if err := d2.Audit(ctx, store.AuditEntry{ActorID: "UADMIN", Action: "test", Outcome: store.OutcomeOK}); err != nil {
		t.Fatal(err)
	}
	if !d2.erase.pending.Load() {
		t.Fatal("finished despite the reader")
	}
	if err := reader.Rollback(); err != nil {
		t.Fatal(err)
	}
	// The next write is the next opportunity.
	if err := d2.Audit(ctx, store.AuditEntry{ActorID: "UADMIN", Action: "test", Outcome: store.OutcomeOK}); err != nil {
		t.Fatal(err)
	}
	if d2.erase.pending.Load() || pendingRows(t, d2) != 0 {
		t.Fatal("the pending erasure did not finish at the next write")
	}
	if filesHold(t, path, marker) {
		t.Fatal("the erased goals are still in a database file")
	}
}

func pendingRows(t *testing.T, d *DB) int {
	t.Helper()
	var n int
	if err := d.db.Get(&n, `SELECT COUNT(*) FROM pending_erasure`); err != nil {
		t.Fatal(err)
	}
	return n
}

// filesHold reports whether s is in the database file, its -wal or -shm.
func filesHold(t *testing.T, path, s string) bool {
	t.Helper()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(path + suffix)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(s)) {
			return true
		}
	}
	return false
}
