package scheduler_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// markingSender calls BeforePost like the bot's Sender; dieWaiting makes a
// send "die" while waiting its turn (before BeforePost).
type markingSender struct {
	*fakeSender
	mu         sync.Mutex
	dieWaiting func(d store.Delivery) bool
}

func (m *markingSender) MarksPosting() {}

func (m *markingSender) Send(ctx context.Context, d store.Delivery) (scheduler.SentMessage, error) {
	m.mu.Lock()
	die := m.dieWaiting
	m.mu.Unlock()
	if die != nil && die(d) {
		return scheduler.SentMessage{}, errors.New("process killed while waiting for its turn")
	}
	if err := scheduler.BeforePost(ctx); err != nil {
		return scheduler.SentMessage{}, scheduler.Classify(scheduler.Rejected, "claim_lost", err)
	}
	return m.fakeSender.Send(ctx, d)
}

// TestKillBeforePostingIsResent: a process killed after claiming a row but
// before calling Slack lost nothing: after the unposted lease the row is
// sent, once, by the process that is still running.
func TestKillBeforePostingIsResent(t *testing.T) {
	ctx := context.Background()
	c := newClock("2026-01-04 12:00:00")
	db1, path := newDB(t, c)
	person(t, db1, "UA", "UTC", "")
	person(t, db1, "UB", "UTC", "")
	pair(t, db1, "UA", "UB")

	var once sync.Once
	snd := &markingSender{fakeSender: &fakeSender{}}
	snd.dieWaiting = func(store.Delivery) bool {
		died := false
		once.Do(func() { db1.Close(); died = true })
		return died
	}
	cfg := config(c)
	cfg.Workers = 1
	cfg.WorkerID = "killed-while-waiting"
	s1 := newScheduler(t, db1, snd, cfg)
	c.Set("2026-01-05 10:00:00")
	if err := s1.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	_, _ = s1.Dispatch(ctx) // the handle is gone after the first claim
	if n := len(snd.Calls()); n != 0 {
		t.Fatalf("the dying process posted %d", n)
	}

	db2 := openDB(t, path, c)
	snd.mu.Lock()
	snd.dieWaiting = nil
	snd.mu.Unlock()
	cfg.WorkerID = "restarted"
	s2 := newScheduler(t, db2, snd, cfg)
	c.Set("2026-01-05 10:01:00")
	run(t, s2)
	if n := len(snd.Calls()); n != 1 {
		t.Fatalf("before the unposted lease: %v", snd.Calls())
	}
	c.Set("2026-01-05 10:03:00")
	run(t, s2)
	calls := snd.Calls()
	if len(calls) != 2 || calls[0].To == calls[1].To {
		t.Fatalf("after the unposted lease: %v", calls)
	}
	c.Set("2026-01-05 10:30:00")
	run(t, s2)
	if n := len(snd.Calls()); n != 2 {
		t.Fatalf("sent again later: %v", snd.Calls())
	}
}

// TestReleasedClaimIsNotPostedByItsOldOwner: a live sender that waited
// past the unposted lease finds its claim gone and does not post; the
// other process sends the row once.
func TestReleasedClaimIsNotPostedByItsOldOwner(t *testing.T) {
	ctx := context.Background()
	c := newClock("2026-01-04 12:00:00")
	db, _ := newDB(t, c)
	person(t, db, "UA", "UTC", "")
	person(t, db, "UB", "UTC", "")
	pair(t, db, "UA", "UB")
	c.Set("2026-01-05 10:00:00")

	released := make(chan struct{})
	slow := &markingSender{fakeSender: &fakeSender{}}
	cfg := config(c)
	cfg.Workers = 1
	cfg.WorkerID = "slow"
	var s2 *scheduler.Scheduler
	var once sync.Once
	slow.dieWaiting = func(store.Delivery) bool {
		// While "waiting its turn", time passes and the other process
		// releases the claim and sends the row.
		once.Do(func() {
			c.Set("2026-01-05 10:05:00")
			run(t, s2)
			close(released)
		})
		return false
	}
	fast := &markingSender{fakeSender: &fakeSender{}}
	cfg2 := config(c)
	cfg2.Workers = 1
	cfg2.WorkerID = "fast"
	s2 = newScheduler(t, db, fast, cfg2)
	s1 := newScheduler(t, db, slow, cfg)
	if err := s1.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	_, _ = s1.Dispatch(ctx)
	<-released
	seen := map[string]int{}
	for _, c := range append(slow.Calls(), fast.Calls()...) {
		seen[c.To]++
	}
	if seen["UA"] != 1 || seen["UB"] != 1 {
		t.Fatalf("each person should get one check-in: slow %v fast %v", slow.Calls(), fast.Calls())
	}
}
