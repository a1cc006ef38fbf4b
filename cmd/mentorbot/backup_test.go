package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// TestBackupWhileServingAndRestore copies the database with `mentorbot
// backup` five times while serve runs and another process keeps writing,
// checks each copy (integrity_check, every migration, a consistent
// snapshot), then restores one the documented way and serves from it.
func TestBackupWhileServingAndRestore(t *testing.T) {
	r := startBot(t)
	r.signUp("UANN", mentorForm("Go"))
	r.signUp("UBOB", menteeForm("Go", ""))
	r.slash("UADMIN", "pair <@UANN> <@UBOB>")
	r.waitEphemeral("UADMIN", "Paired")
	ctx := context.Background()

	// Another process writes audit entries as fast as it can.
	writer, err := sqldb.Open(ctx, r.cfg.DB, sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	var written atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var writeErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := writer.Audit(ctx, store.AuditEntry{ActorID: "UWRITER", Action: "load", Target: fmt.Sprint(i), Outcome: store.OutcomeOK}); err != nil {
				writeErr = err
				return
			}
			written.Add(1)
		}
	}()

	getenv := func(k string) string {
		if k == "MENTORBOT_DB" {
			return r.cfg.DB
		}
		return ""
	}
	dir := t.TempDir()
	var copies []string
	for i := range 5 {
		// The bot keeps serving during the copy, too.
		r.slash("UBOB", "status")
		dest := filepath.Join(dir, fmt.Sprintf("copy-%d.db", i))
		before := written.Load()
		var out strings.Builder
		if err := run(ctx, []string{"backup", dest}, getenv, &out, io.Discard); err != nil {
			t.Fatalf("backup %d: %v", i, err)
		}
		if !strings.Contains(out.String(), "backed up") {
			t.Errorf("backup said %q", out.String())
		}
		checkCopy(t, dest, before)
		copies = append(copies, dest)
	}
	close(stop)
	wg.Wait()
	writer.Close() // every process using the file stops before a restore
	if writeErr != nil {
		t.Fatalf("a write failed during the backups: %v", writeErr)
	}
	t.Logf("%d writes went on during 5 backups", written.Load())
	if written.Load() == 0 {
		t.Fatal("no write happened during the backups")
	}
	// The destination is never overwritten.
	if err := run(ctx, []string{"backup", copies[0]}, getenv, io.Discard, io.Discard); err == nil {
		t.Fatal("backup overwrote an existing file")
	}

	// Restore: stop the bot, copy the file over MENTORBOT_DB, remove -wal
	// and -shm, start again.
	last := copies[len(copies)-1]
	want := auditCount(t, last)
	r.shutdown()
	restoreBackup(t, last, r.cfg.DB)
	r2 := startBot(t, func(c *config) { c.DB = r.cfg.DB })
	r2.slash("UBOB", "status")
	r2.waitEphemeral("UBOB", "Your mentor")
	if got := auditCount(t, r.cfg.DB); got != want {
		t.Fatalf("restored database has %d audit entries, the backup %d", got, want)
	}
}

// checkCopy opens a backup as the bot would and checks it.
func checkCopy(t *testing.T, path string, writtenBefore int64) {
	t.Helper()
	ctx := context.Background()
	if _, err := os.Stat(path + "-wal"); err == nil {
		t.Errorf("%s has a -wal file: the copy is not self-contained", path)
	}
	db, err := sqldb.Open(ctx, path, sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, err := db.IntegrityCheck(ctx); err != nil || v != "ok" {
		t.Fatalf("%s: integrity_check = %q, %v", path, v, err)
	}
	applied, known, err := db.SchemaStatus(ctx)
	if err != nil || applied != known {
		t.Fatalf("%s: schema %d of %d (%v)", path, applied, known, err)
	}
	if n, err := db.Migrate(ctx); err != nil || n != 0 {
		t.Fatalf("%s: migrate applied %d (%v)", path, n, err)
	}
	if _, err := db.Participant(ctx, "UANN"); err != nil {
		t.Fatalf("%s lacks Ann: %v", path, err)
	}
	// A snapshot: at least the writes acknowledged before it began.
	log, err := db.AuditLog(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	n := int64(0)
	for _, e := range log {
		if e.ActorID == "UWRITER" {
			n++
		}
	}
	if n < writtenBefore {
		t.Fatalf("%s has %d of the %d writes acknowledged before the backup", path, n, writtenBefore)
	}
}

func auditCount(t *testing.T, path string) int {
	t.Helper()
	db, err := sqldb.Open(context.Background(), path, sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	log, err := db.AuditLog(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	return len(log)
}

// restoreBackup is docs/operations.md's restore, step by step.
func restoreBackup(t *testing.T, backup, live string) {
	t.Helper()
	b, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(live+".restoring", b, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(live+".restoring", live); err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(live + suffix); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
}
