package scheduler_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// The admins' weekly digest is sent like a check-in: exactly once per
// admin per slot across restarts, replicas and a crash between claim and
// send (docs/scheduler.md, "The admins' weekly digest"). Each test runs on
// SQLite and, when a server can be had, on PostgreSQL.

// digestSender records digests; before, when set, runs before the Slack
// call would be marked (a rate-limit wait: a crash or a stall there).
type digestSender struct {
	mu     sync.Mutex
	sent   map[string]int
	before func(admin string)
	// crashPosting panics right after BeforePost: a process killed
	// during the Slack call.
	crashPosting map[string]bool
}

func (f *digestSender) SendDigest(ctx context.Context, admin string, slot time.Time) (scheduler.SentMessage, error) {
	f.mu.Lock()
	before, crash := f.before, f.crashPosting[admin]
	f.mu.Unlock()
	if before != nil {
		before(admin)
	}
	if err := scheduler.BeforePost(ctx); err != nil {
		return scheduler.SentMessage{}, scheduler.Classify(scheduler.Rejected, "claim_lost", err)
	}
	if crash {
		panic("killed during the Slack call")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.sent == nil {
		f.sent = map[string]int{}
	}
	f.sent[admin+" "+slot.UTC().Format("2006-01-02 15:04")]++
	return scheduler.SentMessage{Channel: "D" + admin, TS: "1.0"}, nil
}

func (f *digestSender) MarksPosting() {}

func (f *digestSender) count(admin, slot string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.sent[admin+" "+slot]
}

func (f *digestSender) total() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, v := range f.sent {
		n += v
	}
	return n
}

// digestEngines runs fn on a fresh SQLite file and a fresh PostgreSQL
// database; open gives another handle on the same database (a restart, a
// replica).
func digestEngines(t *testing.T, fn func(t *testing.T, c *clock, open func() *sqldb.DB)) {
	outboxEngines(t, func(t *testing.T, c *clock, open func() *sqldb.DB, _ int) { fn(t, c, open) })
}

// outboxEngines is digestEngines telling fn how many replicas the engine
// is meant for: 2 on SQLite (one file), 3 on PostgreSQL.
func outboxEngines(t *testing.T, fn func(t *testing.T, c *clock, open func() *sqldb.DB, replicas int)) {
	t.Run("sqlite", func(t *testing.T) {
		c := newClock("2026-11-02 08:59:00")
		path := filepath.Join(t.TempDir(), "mentorbot.db")
		fn(t, c, func() *sqldb.DB { return openDB(t, path, c) }, 2)
	})
	t.Run("postgres", func(t *testing.T) {
		c := newClock("2026-11-02 08:59:00")
		target := sqldbtest.PostgresTarget(t)
		fn(t, c, func() *sqldb.DB { return openDB(t, target, c) }, 3)
	})
}

// digestScheduler is one process: its own handle, worker id and sender.
func digestScheduler(t *testing.T, c *clock, db *sqldb.DB, worker string, snd *digestSender, admins ...string) *scheduler.Scheduler {
	t.Helper()
	spec, err := scheduler.ParseDigestSpec("0 9 * * MON")
	if err != nil {
		t.Fatal(err)
	}
	cfg := config(c)
	cfg.WorkerID = worker
	cfg.Digest = scheduler.Digest{Spec: spec, Admins: admins, Store: db, Sender: snd}
	return newScheduler(t, db, &fakeSender{}, cfg)
}

func TestDigestCrashBeforePostingIsSentOnceAfterTheLease(t *testing.T) {
	digestEngines(t, func(t *testing.T, c *clock, open func() *sqldb.DB) {
		ctx := context.Background()
		snd := &digestSender{}
		c.Set("2026-11-02 09:00:00")
		// The first process claims UADM1's digest and dies while it waits
		// its turn under the rate limits (before the Slack call).
		crashing := &digestSender{before: func(string) { panic("killed in the rate-limit wait") }}
		if err := digestScheduler(t, c, open(), "dead-worker", crashing, "UADM1", "UADM2").Tick(ctx); err == nil {
			t.Fatal("the crashing tick reported no error")
		}
		if crashing.total() != 0 {
			t.Fatal("the crashed process posted")
		}
		// Restarted a minute later: UADM2's digest goes out; UADM1's is
		// still claimed (its owner may only be slow), so it waits.
		c.Set("2026-11-02 09:01:00")
		restarted := digestScheduler(t, c, open(), "restarted", snd, "UADM1", "UADM2")
		run(t, restarted)
		if snd.count("UADM1", "2026-11-02 09:00") != 0 || snd.count("UADM2", "2026-11-02 09:00") != 1 {
			t.Fatalf("a minute after the crash: %v", snd.sent)
		}
		// Past the unposted lease the claim is released and sent, once.
		for _, at := range []string{"2026-11-02 09:03:00", "2026-11-02 09:04:00", "2026-11-02 12:00:00"} {
			c.Set(at)
			run(t, restarted)
		}
		// A second replica ticking in the slot sends nothing more.
		run(t, digestScheduler(t, c, open(), "replica", snd, "UADM1", "UADM2"))
		for _, a := range []string{"UADM1", "UADM2"} {
			if n := snd.count(a, "2026-11-02 09:00"); n != 1 {
				t.Errorf("%s got %d digests for the slot, want exactly 1 (%v)", a, n, snd.sent)
			}
		}
		// The next week's slot is the next digest.
		c.Set("2026-11-09 09:00:00")
		run(t, restarted)
		if n := snd.count("UADM1", "2026-11-09 09:00"); n != 1 {
			t.Errorf("next slot: %d digests, want 1", n)
		}
	})
}

// A process killed during the Slack call may have delivered the digest:
// it is never sent again (the outbox's remaining window, at most once).
func TestDigestCrashWhilePostingIsNeverResent(t *testing.T) {
	digestEngines(t, func(t *testing.T, c *clock, open func() *sqldb.DB) {
		ctx := context.Background()
		c.Set("2026-11-02 09:00:00")
		crashing := &digestSender{crashPosting: map[string]bool{"UADM1": true}}
		if err := digestScheduler(t, c, open(), "dead-worker", crashing, "UADM1").Tick(ctx); err == nil {
			t.Fatal("the crashing tick reported no error")
		}
		snd := &digestSender{}
		restarted := digestScheduler(t, c, open(), "restarted", snd, "UADM1")
		for _, at := range []string{"2026-11-02 09:03:00", "2026-11-02 09:11:00", "2026-11-02 09:30:00"} {
			c.Set(at)
			run(t, restarted)
		}
		if n := snd.total(); n != 0 {
			t.Errorf("a digest that may have gone out was sent again %d times", n)
		}
		pending, err := open().PendingDigests(ctx)
		if err != nil || len(pending) != 0 {
			t.Errorf("pending digests %v, %v", pending, err)
		}
	})
}

// A replica that stalls after its claim (past the unposted lease) loses it
// to another replica, which sends; the stalled one then finds its claim
// gone and does not post.
func TestDigestStalledReplicaDoesNotDouble(t *testing.T) {
	digestEngines(t, func(t *testing.T, c *clock, open func() *sqldb.DB) {
		ctx := context.Background()
		c.Set("2026-11-02 09:00:00")
		snd := &digestSender{}
		stalled, resume := make(chan struct{}), make(chan struct{})
		var once sync.Once
		slow := &digestSender{before: func(string) {
			once.Do(func() { close(stalled); <-resume })
		}}
		done := make(chan error, 1)
		slowReplica := digestScheduler(t, c, open(), "slow", slow, "UADM1")
		go func() { done <- slowReplica.Tick(ctx) }()
		<-stalled
		c.Set("2026-11-02 09:03:00")
		run(t, digestScheduler(t, c, open(), "fast", snd, "UADM1"))
		close(resume)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if n, m := snd.count("UADM1", "2026-11-02 09:00"), slow.total(); n != 1 || m != 0 {
			t.Errorf("the fast replica sent %d, the stalled one %d; want 1 and 0", n, m)
		}
	})
}

// Two replicas tick the same slot at the same moment, over and over: every
// admin gets exactly one digest.
func TestDigestTwoReplicasSendEachOnce(t *testing.T) {
	digestEngines(t, func(t *testing.T, c *clock, open func() *sqldb.DB) {
		c.Set("2026-11-02 09:00:00")
		var admins []string
		for i := range 12 {
			admins = append(admins, fmt.Sprintf("UADM%02d", i))
		}
		snd := &digestSender{}
		replicas := []*scheduler.Scheduler{
			digestScheduler(t, c, open(), "r1", snd, admins...),
			digestScheduler(t, c, open(), "r2", snd, admins...),
		}
		for range 3 {
			var wg sync.WaitGroup
			errs := make(chan error, len(replicas))
			for _, s := range replicas {
				wg.Add(1)
				go func() { defer wg.Done(); errs <- s.Tick(context.Background()) }()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, a := range admins {
			if n := snd.count(a, "2026-11-02 09:00"); n != 1 {
				t.Errorf("%s got %d digests, want 1", a, n)
			}
		}
	})
}
