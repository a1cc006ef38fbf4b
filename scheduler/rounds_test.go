package scheduler_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// A series keeps every EveryWeeks-th slot of the schedule, counted from its
// first slot at or after its start (or from its last round).
func TestRoundSlotKeepsEveryNthSlot(t *testing.T) {
	spec, err := scheduler.ParseRoundsSpec("0 10 * * MON")
	if err != nil {
		t.Fatal(err)
	}
	se := store.RoundSeries{EveryWeeks: 2, Anchor: at("2026-11-03 08:00:00")} // a Tuesday
	for _, tc := range []struct{ last, now, slot, next string }{
		{"", "2026-11-09 09:59:59", "", ""},
		{"", "2026-11-09 10:00:00", "2026-11-09 10:00:00", "2026-11-23 10:00:00"},
		{"", "2026-11-20 12:00:00", "2026-11-09 10:00:00", "2026-11-23 10:00:00"},
		{"", "2026-11-23 10:00:00", "2026-11-23 10:00:00", "2026-12-07 10:00:00"},
		{"2026-11-09 10:00:00", "2026-11-16 10:00:00", "2026-11-09 10:00:00", "2026-11-23 10:00:00"},
		{"2026-11-09 10:00:00", "2026-12-08 10:00:00", "2026-12-07 10:00:00", "2026-12-21 10:00:00"},
	} {
		var last time.Time
		if tc.last != "" {
			last = at(tc.last)
		}
		slot, next, ok := scheduler.RoundSlot(spec, se, last, at(tc.now))
		if tc.slot == "" {
			if ok {
				t.Errorf("%s: a slot before the first: %v", tc.now, slot)
			}
			continue
		}
		if !ok || !slot.Equal(at(tc.slot)) || !next.Equal(at(tc.next)) {
			t.Errorf("last %q now %s: %v %v %v, want %s %s", tc.last, tc.now, slot, next, ok, tc.slot, tc.next)
		}
	}
}

// roundsSender records what it sends; fail decides an error per message.
type roundsSender struct {
	mu   sync.Mutex
	sent map[int64]int
	fail func(m store.RoundMessage) error
}

func (r *roundsSender) SendRound(_ context.Context, m store.RoundMessage) (scheduler.SentMessage, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		if err := r.fail(m); err != nil {
			return scheduler.SentMessage{}, err
		}
	}
	r.sent[m.ID]++
	return scheduler.SentMessage{Channel: "G" + fmt.Sprint(m.GroupID), TS: fmt.Sprint(m.ID)}, nil
}

func pairsInOrder(people []store.RoundPerson, _ int, _ func(a, b string) bool) ([][]string, int, error) {
	var out [][]string
	for i := 0; i+1 < len(people); i += 2 {
		out = append(out, []string{people[i].SlackID, people[i+1].SlackID})
	}
	return out, 0, nil
}

func roundsScheduler(t *testing.T, db *sqldb.DB, c *clock, worker string, snd *roundsSender) *scheduler.Scheduler {
	t.Helper()
	return roundsProcess(t, c, db, worker, snd)
}

// Two schedulers on one database tick and dispatch at the same moments: the
// round runs once, each introduction and each midpoint ask goes out once,
// and a restart later in the slot sends nothing again.
func TestTwoSchedulersRunARoundOnce(t *testing.T) {
	c := newClock("2026-11-03 08:00:00")
	db, path := newDB(t, c)
	db2 := openDB(t, path, c)
	ctx := context.Background()
	se, err := db.StartSeries(ctx, store.NewRoundSeries{ChannelID: "CCOFFEE", EveryWeeks: 1, GroupSize: 2, Anchor: c.Now(), CreatedBy: "UADMIN"})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"UA", "UB", "UC", "UD", "UE", "UF"} {
		if _, err := db.JoinRounds(ctx, se.ID, u, "UTC"); err != nil {
			t.Fatal(err)
		}
	}
	snd := &roundsSender{sent: map[int64]int{}}
	a, b := roundsScheduler(t, db, c, "a", snd), roundsScheduler(t, db2, c, "b", snd)
	both := func() {
		var wg sync.WaitGroup
		for _, s := range []*scheduler.Scheduler{a, b} {
			wg.Add(1)
			go func(s *scheduler.Scheduler) { defer wg.Done(); run(t, s) }(s)
		}
		wg.Wait()
	}
	c.Set("2026-11-09 10:00:00")
	both()
	slots, _ := db.RoundSlots(ctx, se.ID)
	if len(slots) != 1 || len(snd.sent) != 3 {
		t.Fatalf("rounds %v, %d messages sent; want one round and 3 introductions", slots, len(snd.sent))
	}
	c.Set("2026-11-12 21:59:00") // before the midpoint (Thursday 22:00)
	both()
	if len(snd.sent) != 3 {
		t.Fatalf("%d messages before the midpoint", len(snd.sent))
	}
	c.Set("2026-11-12 22:00:00")
	both()
	c.Set("2026-11-12 22:30:00")
	c3 := roundsScheduler(t, openDB(t, path, c), c, "restarted", snd)
	run(t, c3)
	both()
	if len(snd.sent) != 9 {
		t.Errorf("%d messages, want 3 introductions and 6 asks", len(snd.sent))
	}
	for id, n := range snd.sent {
		if n != 1 {
			t.Errorf("message %d sent %d times", id, n)
		}
	}
	if slots, _ := db.RoundSlots(ctx, se.ID); len(slots) != 1 {
		t.Errorf("rounds %v", slots)
	}
}

// A transient failure is retried; an unknown outcome is never resent; a
// round more than the grace late is not run (catch-up once).
func TestRoundMessagesFailures(t *testing.T) {
	c := newClock("2026-11-03 08:00:00")
	db, _ := newDB(t, c)
	ctx := context.Background()
	se, err := db.StartSeries(ctx, store.NewRoundSeries{ChannelID: "CCOFFEE", EveryWeeks: 1, GroupSize: 2, Anchor: c.Now()})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"UA", "UB", "UC", "UD"} {
		if _, err := db.JoinRounds(ctx, se.ID, u, ""); err != nil {
			t.Fatal(err)
		}
	}
	calls := map[int64]int{}
	snd := &roundsSender{sent: map[int64]int{}, fail: func(m store.RoundMessage) error {
		calls[m.ID]++
		switch {
		case m.Members[0] == "UA" && calls[m.ID] == 1:
			return scheduler.Classify(scheduler.Transient, "http 503", errors.New("503"))
		case m.Members[0] == "UC":
			return errors.New("timeout") // unknown outcome
		}
		return nil
	}}
	s := roundsScheduler(t, db, c, "a", snd)
	c.Set("2026-11-16 10:00:00")
	run(t, s)
	c.Set("2026-11-16 10:10:00")
	run(t, s)
	for id := range calls {
		if m, _ := db.RoundMessage(ctx, id); m.Kind == store.RoundIntro && m.Members[0] == "UC" && m.State != store.DeliverySending {
			t.Errorf("unknown outcome left %s within the lease, want sending", m.State)
		}
	}
	c.Set("2026-11-16 11:00:00")
	run(t, s)
	var ab, cd int64
	for id := range calls {
		m, _ := db.RoundMessage(ctx, id)
		if m.Kind == store.RoundIntro && m.Members[0] == "UA" {
			ab = id
		} else if m.Kind == store.RoundIntro {
			cd = id
		}
	}
	if snd.sent[ab] != 1 || calls[ab] != 2 {
		t.Errorf("transient: sent %d after %d calls", snd.sent[ab], calls[ab])
	}
	if calls[cd] != 1 {
		t.Errorf("unknown outcome: %d calls, want 1 (never resent)", calls[cd])
	}
	// Past the lease (10 min) a claim that reached Slack with an unknown
	// outcome is given up, never resent (docs/scheduler.md point 5); before
	// the lease it stayed sending (checked below with its own clock).
	if m, _ := db.RoundMessage(ctx, cd); m.State != store.DeliveryFailed {
		t.Errorf("unknown outcome left %s past the lease, want failed", m.State)
	}

	// Down from Friday to Tuesday noon: Monday's round is 26 h late.
	c.Set("2026-11-24 12:00:00")
	run(t, s)
	if slots, _ := db.RoundSlots(ctx, se.ID); len(slots) != 1 {
		t.Errorf("a round beyond the grace ran: %v", slots)
	}
}
