package sqldb_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// TestConcurrentWritersNeverLocked runs 50 writers against one database
// file for soakDuration (3 s here, 60 s with -tags soak): 5 handles, as 5
// processes would open it, 10 goroutines each, mixing the bot's writes
// (sign-ups, dedupe keys, audit entries, outbox rows) with reads. No call
// may fail ("database is locked" above all), and every write that returned
// must be there afterwards.
func TestConcurrentWritersNeverLocked(t *testing.T) {
	const handles, perHandle = 5, 10
	ctx := context.Background()
	path := sqldbtest.Target(t)
	dbs := make([]*sqldb.DB, handles)
	for i := range dbs {
		db, err := sqldb.Open(ctx, path, sqldb.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	if _, err := dbs[0].Migrate(ctx); err != nil {
		t.Fatal(err)
	}

	deadline := time.Now().Add(soakDuration)
	var (
		wg              sync.WaitGroup
		writes, reads   atomic.Int64
		audits, signups atomic.Int64
		errMu           sync.Mutex
		errs            []string
	)
	fail := func(who string, err error) {
		errMu.Lock()
		defer errMu.Unlock()
		if len(errs) < 20 {
			errs = append(errs, fmt.Sprintf("%s: %v", who, err))
		}
	}
	for w := range handles * perHandle {
		db := dbs[w%handles]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				var err error
				who := fmt.Sprintf("writer %d op %d", w, i)
				switch i % 5 {
				case 0:
					var first bool
					first, err = db.FirstDelivery(ctx, fmt.Sprintf("soak:%d:%d", w, i))
					if err == nil && !first {
						err = fmt.Errorf("a new key was already there")
					}
				case 1:
					err = db.Audit(ctx, store.AuditEntry{ActorID: fmt.Sprintf("U%d", w), Action: "soak", Target: fmt.Sprint(i), Outcome: store.OutcomeOK})
					if err == nil {
						audits.Add(1)
					}
				case 2:
					p := store.Profile{SlackID: fmt.Sprintf("USOAK%dX%d", w, i), Name: "Soak", Role: store.RoleMentee,
						Learns: []string{"Go", fmt.Sprintf("topic %d", w)}, Department: "Eng", Cadence: store.CadenceWeekly, Timezone: "UTC"}
					_, err = db.SaveProfile(ctx, p)
					if err == nil {
						signups.Add(1)
					}
				case 3:
					_, err = db.AuditLog(ctx, time.Now().Add(-time.Minute))
					reads.Add(1)
				case 4:
					_, err = db.Participant(ctx, fmt.Sprintf("USOAK%dX%d", w, i-2))
					reads.Add(1)
				}
				if err != nil {
					fail(who, err)
					return
				}
				if i%5 != 3 && i%5 != 4 {
					writes.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		locked := 0
		for _, e := range errs {
			if strings.Contains(e, "database is locked") || strings.Contains(e, "SQLITE_BUSY") {
				locked++
			}
		}
		t.Fatalf("%d errors (%d of them 'database is locked'):\n%s", len(errs), locked, strings.Join(errs, "\n"))
	}
	t.Logf("%d writers for %v: %d writes (%.0f/s), %d reads, no error", handles*perHandle, soakDuration,
		writes.Load(), float64(writes.Load())/soakDuration.Seconds(), reads.Load())
	if writes.Load() < handles*perHandle {
		t.Fatalf("only %d writes: the writers starved", writes.Load())
	}
	// Every acknowledged write is there.
	log, err := dbs[1].AuditLog(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(log)) != audits.Load() {
		t.Fatalf("audit log has %d entries, %d were acknowledged", len(log), audits.Load())
	}
	ps, err := dbs[2].Participants(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(ps)) != signups.Load() {
		t.Fatalf("%d participants stored, %d sign-ups acknowledged", len(ps), signups.Load())
	}
}
