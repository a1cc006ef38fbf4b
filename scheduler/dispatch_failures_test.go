package scheduler_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// Dispatch when Slack fails: permanent, transient, rate-limited and fatal
// errors, a panicking sender, a busy conversation.

type alerts struct {
	mu  sync.Mutex
	got []string
}

func (a *alerts) RecipientUnreachable(ctx context.Context, d store.Delivery, code string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.got = append(a.got, d.RecipientSlack+" "+code)
	return nil
}

func TestPermanentErrorMarksUnreachableOnce(t *testing.T) {
	ctx := context.Background()
	c := newClock("2026-01-04 12:00:00")
	db, _ := newDB(t, c)
	for _, id := range []string{"UA", "UB", "UC"} {
		person(t, db, id, "UTC", "")
	}
	pair(t, db, "UA", "UB")
	pair(t, db, "UA", "UC")
	snd := &fakeSender{fail: func(d store.Delivery) error {
		if d.RecipientSlack == "UA" {
			return scheduler.Classify(scheduler.Permanent, "user_disabled", errors.New("slack said so"))
		}
		return nil
	}}
	al := &alerts{}
	cfg := config(c)
	cfg.Alerter = al
	cfg.Workers = 1
	s := newScheduler(t, db, snd, cfg)
	c.Set("2026-01-05 10:00:00")
	st := run(t, s)
	// UA's first row fails permanently; the second is then skipped (UA is
	// unreachable); UB and UC are served.
	if st.Sent != 2 || st.Failed != 1 || st.Skipped != 1 {
		t.Fatalf("stats %+v calls %v", st, snd.Calls())
	}
	if len(al.got) != 1 || al.got[0] != "UA user_disabled" {
		t.Fatalf("alerts %v", al.got)
	}
	who, err := db.Participant(ctx, "UA")
	if err != nil || who.UnreachableAt == nil || who.UnreachableWhy != "user_disabled" {
		t.Fatalf("UA %+v %v", who, err)
	}
	ps, _ := db.ActivePairings(ctx, "UA")
	flagged := 0
	for _, p := range ps {
		if p.AtRiskAt != nil && p.AtRiskReason == store.RiskUnreachable {
			flagged++
		}
	}
	if flagged != 1 {
		t.Fatalf("pairings flagged for admins: %d of %+v", flagged, ps)
	}
	// Next week UA is not even planned; no second alert.
	c.Set("2026-01-12 10:00:00")
	run(t, s)
	if len(al.got) != 1 {
		t.Fatalf("alerted again: %v", al.got)
	}
	for _, cl := range snd.Calls() {
		if cl.To == "UA" {
			t.Fatalf("UA was sent %v", cl)
		}
	}
}

func TestTransientErrorsRetryWithBackoffThenGiveUp(t *testing.T) {
	c := newClock("2026-01-04 12:00:00")
	db, _ := newDB(t, c)
	person(t, db, "UA", "UTC", "")
	person(t, db, "UB", "UTC", "")
	pair(t, db, "UA", "UB")
	var mu sync.Mutex
	tries := 0
	snd := &fakeSender{fail: func(d store.Delivery) error {
		if d.RecipientSlack != "UA" {
			return nil
		}
		mu.Lock()
		defer mu.Unlock()
		tries++
		return scheduler.Classify(scheduler.Transient, "http 503", errors.New("unavailable"))
	}}
	cfg := config(c)
	cfg.MaxAttempts = 3
	s := newScheduler(t, db, snd, cfg)
	c.Set("2026-01-05 10:00:00")
	run(t, s)
	// Backoff 1 min, then 2 min: not due before.
	for _, step := range []struct {
		now   string
		tries int
		state string
	}{
		{"2026-01-05 10:00:59", 1, "pending"},
		{"2026-01-05 10:01:00", 2, "pending"},
		{"2026-01-05 10:02:59", 2, "pending"},
		{"2026-01-05 10:03:00", 3, "failed"},
		{"2026-01-05 12:00:00", 3, "failed"},
	} {
		c.Set(step.now)
		run(t, s)
		mu.Lock()
		n := tries
		mu.Unlock()
		if r := rows(t, db, "UA"); n != step.tries || r[0] != "checkin "+step.state+" 2026-01-05 10:00" {
			t.Fatalf("at %s: %d tries, rows %v", step.now, n, r)
		}
	}
}

func TestRateLimitedRowWaitsRetryAfterWithoutUsingAnAttempt(t *testing.T) {
	c := newClock("2026-01-04 12:00:00")
	db, _ := newDB(t, c)
	person(t, db, "UA", "UTC", "")
	person(t, db, "UB", "UTC", "")
	pair(t, db, "UA", "UB")
	limited := 6 // more than MaxAttempts: rate limits are not the row's fault
	snd := &fakeSender{fail: func(d store.Delivery) error {
		if d.RecipientSlack == "UA" && limited > 0 {
			limited--
			return scheduler.RateLimit(30*time.Second, errors.New("429"))
		}
		return nil
	}}
	cfg := config(c)
	cfg.Workers = 1
	cfg.MaxAttempts = 2
	s := newScheduler(t, db, snd, cfg)
	c.Set("2026-01-05 10:00:00")
	run(t, s)
	for i := 0; i < 6; i++ {
		c.Advance(29 * time.Second)
		run(t, s)
		if n := snd.count(store.KindCheckin); n != 1 {
			t.Fatalf("sent before Retry-After passed: %v", snd.Calls())
		}
		c.Advance(time.Second)
		run(t, s)
	}
	if n := snd.count(store.KindCheckin); n != 2 {
		t.Fatalf("calls %v", snd.Calls())
	}
}

func TestFatalErrorStopsDispatchAndKeepsRows(t *testing.T) {
	ctx := context.Background()
	c := newClock("2026-01-04 12:00:00")
	db, _ := newDB(t, c)
	person(t, db, "UA", "UTC", "")
	person(t, db, "UB", "UTC", "")
	pair(t, db, "UA", "UB")
	broken := true
	snd := &fakeSender{fail: func(d store.Delivery) error {
		if broken {
			return scheduler.Classify(scheduler.Fatal, "invalid_auth", errors.New("bad token"))
		}
		return nil
	}}
	cfg := config(c)
	cfg.Workers = 1
	s := newScheduler(t, db, snd, cfg)
	c.Set("2026-01-05 10:00:00")
	if err := s.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Dispatch(ctx); err == nil {
		t.Fatal("dispatch went on with a broken token")
	}
	if who, _ := db.Participant(ctx, "UA"); who.UnreachableAt != nil {
		t.Fatal("a token problem marked a person unreachable")
	}
	broken = false
	c.Set("2026-01-05 10:01:00")
	run(t, s)
	if n := len(snd.Calls()); n != 2 {
		t.Fatalf("after the fix: %v", snd.Calls())
	}
}

func TestPanickingSenderDoesNotResend(t *testing.T) {
	c := newClock("2026-01-04 12:00:00")
	db, _ := newDB(t, c)
	person(t, db, "UA", "UTC", "")
	person(t, db, "UB", "UTC", "")
	pair(t, db, "UA", "UB")
	snd := &fakeSender{fail: func(d store.Delivery) error {
		if d.RecipientSlack == "UA" {
			panic("renderer bug")
		}
		return nil
	}}
	s := newScheduler(t, db, snd, config(c))
	c.Set("2026-01-05 10:00:00")
	st := run(t, s)
	if st.Sent != 1 || st.Unknown != 1 {
		t.Fatalf("stats %+v", st)
	}
}

// busyPacer says UA's conversation is busy for a while.
type busyPacer struct {
	*fakeSender
	until time.Time
	c     *clock
}

func (b *busyPacer) Delay(d store.Delivery) time.Duration {
	if d.RecipientSlack == "UA" {
		return b.until.Sub(b.c.Now())
	}
	return 0
}

func TestPacerLeavesBusyConversationsForLater(t *testing.T) {
	c := newClock("2026-01-04 12:00:00")
	db, _ := newDB(t, c)
	person(t, db, "UA", "UTC", "")
	person(t, db, "UB", "UTC", "")
	pair(t, db, "UA", "UB")
	snd := &fakeSender{}
	pacer := &busyPacer{fakeSender: snd, until: at("2026-01-05 10:00:10"), c: c}
	s := newScheduler(t, db, pacer, config(c))
	c.Set("2026-01-05 10:00:00")
	st := run(t, s)
	if st.Sent != 1 || st.Next != 10*time.Second {
		t.Fatalf("stats %+v", st)
	}
	c.Set("2026-01-05 10:00:09")
	st = run(t, s)
	// 1 s of wait is sat out inline (the fake sleep advances the clock).
	if st.Sent != 1 || len(snd.Calls()) != 2 {
		t.Fatalf("stats %+v calls %v", st, snd.Calls())
	}
}
