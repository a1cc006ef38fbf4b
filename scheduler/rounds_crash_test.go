package scheduler_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// The rounds' messages are sent like check-ins and digests: a claim whose
// process died before calling Slack is released after the unposted lease
// and sent once; one whose process died during the call is never resent;
// replicas send each message once (docs/rounds.md, "Exactly once"). Each
// test runs on SQLite and, when a server can be had, on PostgreSQL.

// markingRounds calls BeforePost like bot/rounds; before runs first (a
// rate-limit wait: a crash or a stall there), crashPosting panics right
// after BeforePost (a process killed during the Slack call).
type markingRounds struct {
	mu           sync.Mutex
	sent         map[int64]int
	before       func(m store.RoundMessage)
	crashPosting func(m store.RoundMessage) bool
}

func (f *markingRounds) SendRound(ctx context.Context, m store.RoundMessage) (scheduler.SentMessage, error) {
	f.mu.Lock()
	before, crash := f.before, f.crashPosting
	f.mu.Unlock()
	if before != nil {
		before(m)
	}
	if err := scheduler.BeforePost(ctx); err != nil {
		return scheduler.SentMessage{}, scheduler.Classify(scheduler.Rejected, "claim_lost", err)
	}
	if crash != nil && crash(m) {
		panic("killed during the Slack call")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.sent == nil {
		f.sent = map[int64]int{}
	}
	f.sent[m.ID]++
	return scheduler.SentMessage{Channel: fmt.Sprint("G", m.GroupID), TS: fmt.Sprint(m.ID)}, nil
}

func (f *markingRounds) MarksPosting() {}

func (f *markingRounds) counts() map[int64]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[int64]int{}
	for k, v := range f.sent {
		out[k] = v
	}
	return out
}

// once returns a func true the first time only.
func once() func(store.RoundMessage) bool {
	var o sync.Once
	return func(store.RoundMessage) (hit bool) { o.Do(func() { hit = true }); return hit }
}

// roundsProcess is one process: its own handle, worker id and sender.
func roundsProcess(t *testing.T, c *clock, db *sqldb.DB, worker string, snd scheduler.RoundsSender) *scheduler.Scheduler {
	t.Helper()
	spec, err := scheduler.ParseRoundsSpec("0 10 * * MON")
	if err != nil {
		t.Fatal(err)
	}
	cfg := config(c)
	cfg.WorkerID = worker
	cfg.Rounds = scheduler.Rounds{Spec: spec, Memory: 6, Store: db, Sender: snd, Group: pairsInOrder}
	return newScheduler(t, db, &fakeSender{}, cfg)
}

// weeklySeries starts weekly rounds (slot Monday 10:00, ask Thursday
// 22:00) with n members.
func weeklySeries(t *testing.T, db *sqldb.DB, c *clock, n int) {
	t.Helper()
	ctx := context.Background()
	se, err := db.StartSeries(ctx, store.NewRoundSeries{ChannelID: "CCOFFEE", EveryWeeks: 1, GroupSize: 2, Anchor: c.Now(), CreatedBy: "UADMIN"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if _, err := db.JoinRounds(ctx, se.ID, fmt.Sprintf("U%03d", i), "UTC"); err != nil {
			t.Fatal(err)
		}
	}
}

// messages lists every round message of the person (or, with "", every
// group's introduction) by id.
func messages(t *testing.T, db *sqldb.DB, recipient string) map[int64]store.RoundMessage {
	t.Helper()
	ms, err := db.RoundMessagesTo(context.Background(), recipient)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]store.RoundMessage{}
	for _, m := range ms {
		full, err := db.RoundMessage(context.Background(), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		out[m.ID] = full
	}
	return out
}

func TestRoundMessageCrashBeforePostingIsSentOnceAfterTheLease(t *testing.T) {
	outboxEngines(t, func(t *testing.T, c *clock, open func() *sqldb.DB, _ int) {
		ctx := context.Background()
		db := open()
		weeklySeries(t, db, c, 4)
		c.Set("2026-11-02 10:00:00")
		// The first process runs the round, claims the first introduction
		// and dies while it waits its turn (before the Slack call).
		crashing := &markingRounds{before: func(store.RoundMessage) { panic("killed in the rate-limit wait") }}
		dead := roundsProcess(t, c, open(), "dead-worker", crashing)
		if err := dead.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := dead.Dispatch(ctx); err == nil {
			t.Fatal("the crashing dispatch reported no error")
		}
		intros := messages(t, db, "")
		if len(intros) != 2 || len(crashing.counts()) != 0 {
			t.Fatalf("%d introductions, %v posted by the dead process", len(intros), crashing.counts())
		}
		var claimed int64
		for id, m := range intros {
			if m.State == store.DeliverySending && m.ClaimedBy == "dead-worker" {
				claimed = id
			}
		}
		if claimed == 0 {
			t.Fatalf("no introduction left claimed by the dead process: %+v", intros)
		}
		// Restarted a minute later: the other introduction goes out; the
		// claimed one waits (its owner may only be slow).
		snd := &markingRounds{}
		c.Set("2026-11-02 10:01:00")
		restarted := roundsProcess(t, c, open(), "restarted", snd)
		run(t, restarted)
		if got := snd.counts(); len(got) != 1 || got[claimed] != 0 {
			t.Fatalf("a minute after the crash: %v (claimed %d)", got, claimed)
		}
		// Past the unposted lease the claim is released and sent, once,
		// and a second replica in the slot sends nothing more.
		for _, at := range []string{"2026-11-02 10:02:01", "2026-11-02 10:04:00", "2026-11-02 12:00:00"} {
			c.Set(at)
			run(t, restarted)
		}
		run(t, roundsProcess(t, c, open(), "replica", snd))
		got := snd.counts()
		for id := range intros {
			if got[id] != 1 {
				t.Errorf("introduction %d sent %d times, want 1 (%v)", id, got[id], got)
			}
		}
		if m := messages(t, db, "")[claimed]; m.State != store.DeliverySent || m.ClaimedBy != "restarted" || m.Attempts != 1 {
			t.Errorf("released introduction: %s by %s after %d attempts", m.State, m.ClaimedBy, m.Attempts)
		}
	})
}

// A process killed during the Slack call may have delivered the message:
// it is never sent again, and past the lease it is failed (at most once).
func TestRoundMessageCrashWhilePostingIsNeverResent(t *testing.T) {
	outboxEngines(t, func(t *testing.T, c *clock, open func() *sqldb.DB, _ int) {
		ctx := context.Background()
		db := open()
		weeklySeries(t, db, c, 2)
		c.Set("2026-11-02 10:00:00")
		crashing := &markingRounds{crashPosting: once()}
		dead := roundsProcess(t, c, open(), "dead-worker", crashing)
		if err := dead.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := dead.Dispatch(ctx); err == nil {
			t.Fatal("the crashing dispatch reported no error")
		}
		snd := &markingRounds{}
		restarted := roundsProcess(t, c, open(), "restarted", snd)
		for _, at := range []string{"2026-11-02 10:03:00", "2026-11-02 10:11:00", "2026-11-02 10:30:00"} {
			c.Set(at)
			run(t, restarted)
		}
		if got := snd.counts(); len(got) != 0 {
			t.Errorf("an introduction that may have gone out was sent again: %v", got)
		}
		intros := messages(t, db, "")
		if len(intros) != 1 {
			t.Fatalf("%d introductions", len(intros))
		}
		for _, m := range intros {
			if m.State != store.DeliveryFailed || !strings.Contains(m.LastError, "outcome unknown") {
				t.Errorf("the crashed introduction is %s (%q), want failed, outcome unknown", m.State, m.LastError)
			}
		}
	})
}

// A replica that stalls after its claim (past the unposted lease) loses it
// to another replica, which sends; the stalled one then finds its claim
// gone and does not post.
func TestRoundMessageStalledReplicaDoesNotDouble(t *testing.T) {
	outboxEngines(t, func(t *testing.T, c *clock, open func() *sqldb.DB, _ int) {
		ctx := context.Background()
		db := open()
		weeklySeries(t, db, c, 2)
		c.Set("2026-11-02 10:00:00")
		stalled, resume := make(chan struct{}), make(chan struct{})
		var o sync.Once
		slow := &markingRounds{before: func(store.RoundMessage) { o.Do(func() { close(stalled); <-resume }) }}
		slowReplica := roundsProcess(t, c, open(), "slow", slow)
		if err := slowReplica.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { _, err := slowReplica.Dispatch(ctx); done <- err }()
		<-stalled
		c.Set("2026-11-02 10:03:00")
		fast := &markingRounds{}
		run(t, roundsProcess(t, c, open(), "fast", fast))
		close(resume)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if f, s := fast.counts(), slow.counts(); len(f) != 1 || len(s) != 0 {
			t.Errorf("the fast replica sent %v, the stalled one %v; want one and none", f, s)
		}
		for _, m := range messages(t, db, "") {
			if m.State != store.DeliverySent || m.ClaimedBy != "fast" {
				t.Errorf("introduction %s by %s", m.State, m.ClaimedBy)
			}
		}
	})
}

// Several replicas (2 on SQLite, 3 on PostgreSQL) tick and dispatch at the
// same moments through a round and its midpoint, one of them dying in a
// rate-limit wait on its first message: every introduction and every ask
// goes out exactly once.
func TestRoundMessagesReplicasSendEachOnce(t *testing.T) {
	outboxEngines(t, func(t *testing.T, c *clock, open func() *sqldb.DB, replicas int) {
		db := open()
		weeklySeries(t, db, c, 24)
		snd := &markingRounds{}
		dying := &markingRounds{}
		die := once()
		// r0 claims before the others start their first dispatch: with three
		// replicas racing, the others could otherwise take every message and
		// r0 would never reach its death.
		claimed := make(chan struct{})
		var claimedOnce sync.Once
		dying.before = func(m store.RoundMessage) {
			claimedOnce.Do(func() { close(claimed) })
			if die(m) {
				panic("killed in the rate-limit wait")
			}
		}
		var procs []*scheduler.Scheduler
		for i := range replicas {
			var s scheduler.RoundsSender = snd
			if i == 0 {
				s = dying // its posts, after its one death, count with the others'
			}
			procs = append(procs, roundsProcess(t, c, open(), fmt.Sprint("r", i), s))
		}
		var deaths int
		var mu sync.Mutex
		all := func() {
			var wg sync.WaitGroup
			r0Done := make(chan struct{}) // r0's dispatch of this instant returned
			for i, p := range procs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if err := p.Tick(context.Background()); err != nil {
						t.Error(err)
					}
					if i > 0 {
						select { // never wait for a claim r0 will not make
						case <-claimed:
						case <-r0Done:
						}
					}
					_, err := p.Dispatch(context.Background())
					if i == 0 {
						close(r0Done)
					}
					if err != nil && i == 0 {
						mu.Lock()
						deaths++
						mu.Unlock()
					} else if err != nil {
						t.Error(err)
					}
				}()
			}
			wg.Wait()
		}
		for _, at := range []string{"2026-11-02 10:00:00", "2026-11-02 10:00:30", "2026-11-02 10:02:30",
			"2026-11-05 22:00:00", "2026-11-05 22:00:00", "2026-11-05 22:05:00"} {
			c.Set(at)
			all()
			all()
		}
		if deaths != 1 {
			t.Errorf("replica r0 died %d times, want once", deaths)
		}
		sent := snd.counts()
		for id, n := range dying.counts() {
			sent[id] += n
		}
		want := 0
		for _, who := range append([]string{""}, members(24)...) {
			for id, m := range messages(t, db, who) {
				want++
				if sent[id] != 1 || m.State != store.DeliverySent {
					t.Errorf("%s %d to %q: sent %d times, state %s", m.Kind, id, who, sent[id], m.State)
				}
			}
		}
		if want != 12+24 || len(sent) != want {
			t.Errorf("%d messages sent, %d rows; want 12 introductions and 24 asks", len(sent), want)
		}
	})
}

func members(n int) []string {
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf("U%03d", i))
	}
	return out
}
