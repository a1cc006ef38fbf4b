package scheduler_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// Two serve processes on one database file: each plans and dispatches the
// same slot at the same time; every key goes out exactly once.
func TestTwoSchedulersOnOneDatabaseSendEachKeyOnce(t *testing.T) {
	c := newClock("2026-01-04 12:00:00")
	db1, path := newDB(t, c)
	db2 := openDB(t, path, c)
	const pairs = 40
	for i := 0; i < pairs; i++ {
		a, b := fmt.Sprintf("UM%02d", i), fmt.Sprintf("UE%02d", i)
		person(t, db1, a, []string{"UTC", "Europe/Paris", "America/New_York"}[i%3], "")
		person(t, db1, b, "UTC", "")
		pair(t, db1, a, b)
	}
	snd := &fakeSender{after: func(store.Delivery) { runtime.Gosched() }}
	cfg1, cfg2 := config(c), config(c)
	cfg1.WorkerID, cfg2.WorkerID = "serve-1", "serve-2"
	s1 := newScheduler(t, db1, snd, cfg1)
	s2 := newScheduler(t, db2, snd, cfg2)
	ctx := context.Background()
	var wg sync.WaitGroup
	for _, now := range []string{"2026-01-05 09:00:00", "2026-01-05 10:00:00", "2026-01-05 15:00:00", "2026-01-05 15:00:30"} {
		c.Set(now)
		errs := make(chan error, 8)
		for _, s := range []*scheduler.Scheduler{s1, s2, s1, s2} {
			wg.Add(1)
			go func(s *scheduler.Scheduler) {
				defer wg.Done()
				if _, err := s.Plan(ctx, c.Now()); err != nil {
					errs <- err
					return
				}
				if _, err := s.Dispatch(ctx); err != nil {
					errs <- err
				}
			}(s)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
	}
	seen := map[string]int{}
	for _, cl := range snd.Calls() {
		seen[cl.String()]++
	}
	for key, n := range seen {
		if n != 1 {
			t.Errorf("%s sent %d times", key, n)
		}
	}
	if len(seen) != 2*pairs {
		t.Fatalf("%d distinct check-ins sent, want %d", len(seen), 2*pairs)
	}
}

// A crash after Slack took the message but before the outbox recorded it:
// the row stays in sending and is never resent blindly.
func TestKillBetweenSendAndRecord(t *testing.T) {
	ctx := context.Background()
	c := newClock("2026-01-04 12:00:00")
	db1, path := newDB(t, c)
	person(t, db1, "UA", "UTC", "")
	person(t, db1, "UB", "UTC", "")
	pair(t, db1, "UA", "UB")

	// First process: the first send goes out, then the process "dies"
	// (its database handle closes before the outcome is written).
	var once sync.Once
	snd := &fakeSender{after: func(store.Delivery) { once.Do(func() { db1.Close() }) }}
	cfg := config(c)
	cfg.Workers = 1
	cfg.WorkerID = "dead-process"
	s1 := newScheduler(t, db1, snd, cfg)
	c.Set("2026-01-05 10:00:00")
	if err := s1.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	_, _ = s1.Dispatch(ctx) // fails once the handle is gone
	if n := len(snd.Calls()); n != 1 {
		t.Fatalf("first process sent %d", n)
	}
	first := snd.Calls()[0].To

	// Restart: the other person's check-in goes out, the first is not resent.
	db2 := openDB(t, path, c)
	cfg.WorkerID = "restarted"
	s2 := newScheduler(t, db2, snd, cfg)
	c.Set("2026-01-05 10:01:00")
	run(t, s2)
	calls := snd.Calls()
	if len(calls) != 2 || calls[0].To == calls[1].To {
		t.Fatalf("after restart: %v", calls)
	}
	if r := rows(t, db2, first); len(r) != 1 || r[0] != "checkin sending 2026-01-05 10:00" {
		t.Fatalf("crashed row %v", r)
	}
	// After the lease it is given up as failed, still not resent.
	c.Set("2026-01-05 10:11:00")
	run(t, s2)
	if n := len(snd.Calls()); n != 2 {
		t.Fatalf("resent after the lease: %v", snd.Calls())
	}
	if r := rows(t, db2, first); len(r) != 1 || r[0] != "checkin failed 2026-01-05 10:00" {
		t.Fatalf("row after lease %v", r)
	}
	// The person can still answer the check-in they did receive.
	res, err := db2.AnswerCheckin(ctx, calls[0].Checkin, calls[0].To, store.AnswerMet)
	if err != nil || !res.Recorded {
		t.Fatalf("answer %+v %v", res, err)
	}
}

// proberSender can look for messages: found says whether one exists.
type proberSender struct {
	*fakeSender
	found bool
}

func (p *proberSender) Probe(ctx context.Context, d store.Delivery) (scheduler.SentMessage, bool, error) {
	if p.found {
		return scheduler.SentMessage{Channel: "D" + d.RecipientSlack, TS: "99.000001"}, true, nil
	}
	return scheduler.SentMessage{}, false, nil
}

func TestProberResolvesDeadSends(t *testing.T) {
	for _, found := range []bool{true, false} {
		t.Run(fmt.Sprintf("found=%v", found), func(t *testing.T) {
			ctx := context.Background()
			c := newClock("2026-01-04 12:00:00")
			db, _ := newDB(t, c)
			person(t, db, "UA", "UTC", "")
			person(t, db, "UB", "UTC", "")
			pair(t, db, "UA", "UB")
			unknown := &fakeSender{fail: func(d store.Delivery) error {
				if d.RecipientSlack == "UA" {
					return context.DeadlineExceeded // may or may not have gone out
				}
				return nil
			}}
			cfg := config(c)
			s := newScheduler(t, db, &proberSender{fakeSender: unknown, found: found}, cfg)
			c.Set("2026-01-05 10:00:00")
			st := run(t, s)
			if st.Unknown != 1 || st.Sent != 1 {
				t.Fatalf("stats %+v", st)
			}
			// Within the lease nothing happens to it.
			c.Set("2026-01-05 10:05:00")
			run(t, s)
			if r := rows(t, db, "UA"); r[0] != "checkin sending 2026-01-05 10:00" {
				t.Fatalf("rows %v", r)
			}
			unknown.fail = nil
			c.Set("2026-01-05 10:10:01")
			run(t, s)
			want, sends := "checkin sent 2026-01-05 10:00", 0
			if !found {
				sends = 1 // proven absent: sent again, once
			}
			if r := rows(t, db, "UA"); r[0] != want {
				t.Fatalf("rows %v", r)
			}
			n := 0
			for _, cl := range unknown.Calls() {
				if cl.To == "UA" {
					n++
				}
			}
			if n != sends {
				t.Fatalf("UA sends %d, want %d", n, sends)
			}
			ex, _ := db.ExportPerson(ctx, "UA")
			if ex.CheckIns[0].SentAt == nil {
				t.Fatalf("check-in not stamped sent: %+v", ex.CheckIns)
			}
		})
	}
}

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
