package scheduler_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

const (
	testLength = 10 * 24 * time.Hour
	testNotice = 3 * 24 * time.Hour
)

// lifeScheduler is a scheduler with the lifecycle job on db.
func lifeScheduler(t *testing.T, c *clock, db *sqldb.DB, snd scheduler.Sender, worker string) *scheduler.Scheduler {
	t.Helper()
	cfg := config(c)
	cfg.WorkerID = worker
	cfg.Lifecycle = scheduler.Lifecycle{Length: testLength, Notice: testNotice, Store: db}
	return newScheduler(t, db, snd, cfg)
}

// lifeStep runs the lifecycle job and a dispatch round at the clock's now.
func lifeStep(t *testing.T, s *scheduler.Scheduler) {
	t.Helper()
	ctx := context.Background()
	if err := s.LifecycleTick(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Dispatch(ctx); err != nil {
		t.Fatal(err)
	}
}

// lifeCalls are the lifecycle messages (and closing prompts) sent, as
// "kind→person" in order.
func lifeCalls(f *fakeSender) map[string]int {
	out := map[string]int{}
	for _, c := range f.Calls() {
		switch c.Kind {
		case store.KindRenewalAsk, store.KindRenewalExtended, store.KindClosingThanks, store.KindFeedbackEnd:
			out[c.Kind+"→"+c.To]++
		}
	}
	return out
}

func wantCalls(t *testing.T, f *fakeSender, want map[string]int) {
	t.Helper()
	got := lifeCalls(f)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("lifecycle messages sent %v, want %v", got, want)
	}
}

func term(t *testing.T, db *sqldb.DB, id int64) store.Term {
	t.Helper()
	tm, err := db.PairingTerm(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func renew(t *testing.T, db *sqldb.DB, p store.Pairing, who, what string) store.RenewalResult {
	t.Helper()
	res, err := db.AnswerRenewal(context.Background(), p.ID, who, what, testLength)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// A whole pairing where both continue, with a restart (a new store and
// scheduler on the same file) between every step: the ask goes out at
// end − notice, once; the extension once; no second ask; the close at the
// new end, once.
func TestLifecycleBothContinueExtendsOnce(t *testing.T) {
	c := newClock("2026-01-04 12:00:00")
	db, path := newDB(t, c)
	person(t, db, "UA", "UTC", "")
	person(t, db, "UB", "Asia/Tokyo", "")
	p := pair(t, db, "UA", "UB")
	snd := &fakeSender{}
	step := func(now string) {
		c.Set(now)
		db := openDB(t, path, c) // a restart: nothing in memory survives
		lifeStep(t, lifeScheduler(t, c, db, snd, "serve-"+now))
	}
	step("2026-01-04 12:00:00")
	if tm := term(t, db, p.ID); tm.EndsAt == nil || !tm.EndsAt.Equal(at("2026-01-14 12:00:00")) {
		t.Fatalf("end date %v, want start + length", tm.EndsAt)
	}
	step("2026-01-11 11:59:59")
	wantCalls(t, snd, map[string]int{})
	step("2026-01-11 12:00:00")
	step("2026-01-11 12:00:10")
	wantCalls(t, snd, map[string]int{"renewal_ask→UA": 1, "renewal_ask→UB": 1})
	for _, c := range snd.Calls() {
		if c.Kind == store.KindRenewalAsk && !c.Slot.Equal(at("2026-01-11 12:00:00")) {
			t.Errorf("ask's slot %v, want end − notice", c.Slot)
		}
	}

	c.Set("2026-01-12 09:00:00")
	if r := renew(t, db, p, "UA", store.RenewalContinue); !r.Recorded || r.Extended {
		t.Fatalf("first continue: %+v", r)
	}
	if r := renew(t, db, p, "UA", store.RenewalWrapUp); r.Recorded || r.Previous != store.RenewalContinue {
		t.Fatalf("a second answer must change nothing: %+v", r)
	}
	r := renew(t, db, p, "UB", store.RenewalContinue)
	if !r.Extended || !r.EndsAt.Equal(at("2026-01-24 12:00:00")) {
		t.Fatalf("second continue: %+v, want extended to the end + length", r)
	}
	step("2026-01-12 09:00:00")
	step("2026-01-12 09:00:30")
	wantCalls(t, snd, map[string]int{"renewal_ask→UA": 1, "renewal_ask→UB": 1, "renewal_extended→UA": 1, "renewal_extended→UB": 1})

	// The old end passes; the new term's ask window opens: nothing.
	step("2026-01-14 12:00:00")
	step("2026-01-21 12:00:00")
	step("2026-01-24 11:59:00")
	if tm := term(t, db, p.ID); tm.Status != "active" {
		t.Fatalf("an extended pairing ended at its old end: %+v", tm)
	}
	// An answer now is closed: only one extension.
	if r := renew(t, db, p, "UB", store.RenewalContinue); !r.Closed {
		t.Fatalf("renewal after the extension: %+v, want closed", r)
	}
	step("2026-01-24 12:00:20")
	step("2026-01-24 12:00:40")
	wantCalls(t, snd, map[string]int{"renewal_ask→UA": 1, "renewal_ask→UB": 1, "renewal_extended→UA": 1, "renewal_extended→UB": 1,
		"closing_thanks→UA": 1, "closing_thanks→UB": 1, "feedback_end→UA": 1, "feedback_end→UB": 1})
	pr, err := db.PairingByID(context.Background(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if pr.Status != "ended" || pr.EndReason != store.EndReasonCompleted || !pr.EndedAt.Equal(at("2026-01-24 12:00:00")) {
		t.Fatalf("ended %+v, want completed on its end date", pr)
	}
}

// One wraps up, or nobody answers, or one continues alone: the pairing
// ends on its end date (not when the job happens to run), with the same
// messages to both whatever the answers were.
func TestLifecycleEndsOnTheEndDateUnlessBothContinue(t *testing.T) {
	for _, tc := range []struct {
		name    string
		answers map[string]string
	}{
		{"one wraps up", map[string]string{"UA": store.RenewalContinue, "UB": store.RenewalWrapUp}},
		{"both wrap up", map[string]string{"UA": store.RenewalWrapUp, "UB": store.RenewalWrapUp}},
		{"one continues, no answer", map[string]string{"UB": store.RenewalContinue}},
		{"no answer", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newClock("2026-01-04 12:00:00")
			db, _ := newDB(t, c)
			person(t, db, "UA", "UTC", "")
			person(t, db, "UB", "UTC", "")
			p := pair(t, db, "UA", "UB")
			snd := &fakeSender{}
			s := lifeScheduler(t, c, db, snd, "w")
			lifeStep(t, s)
			c.Set("2026-01-11 12:00:05")
			lifeStep(t, s)
			c.Set("2026-01-12 08:00:00")
			for who, a := range tc.answers {
				if r := renew(t, db, p, who, a); !r.Recorded || r.Extended {
					t.Fatalf("%s %s: %+v", who, a, r)
				}
			}
			lifeStep(t, s)
			c.Set("2026-01-14 12:00:42")
			lifeStep(t, s)
			lifeStep(t, s)
			wantCalls(t, snd, map[string]int{"renewal_ask→UA": 1, "renewal_ask→UB": 1,
				"closing_thanks→UA": 1, "closing_thanks→UB": 1, "feedback_end→UA": 1, "feedback_end→UB": 1})
			pr, _ := db.PairingByID(context.Background(), p.ID)
			if pr.Status != "ended" || pr.EndReason != store.EndReasonCompleted || !pr.EndedAt.Equal(at("2026-01-14 12:00:00")) {
				t.Fatalf("ended %+v, want completed on 2026-01-14 12:00", pr)
			}
		})
	}
}

// Each message goes out within a minute of its due time when the job runs
// on its period (every 10 s by default).
func TestLifecycleMessagesWithinAMinute(t *testing.T) {
	c := newClock("2026-01-04 12:00:07")
	db, _ := newDB(t, c)
	person(t, db, "UA", "UTC", "")
	person(t, db, "UB", "UTC", "")
	pair(t, db, "UA", "UB")
	var mu sync.Mutex
	late := map[string]time.Duration{}
	snd := &fakeSender{after: func(d store.Delivery) {
		mu.Lock()
		defer mu.Unlock()
		late[d.Kind] = c.Now().Sub(d.Slot)
	}}
	s := lifeScheduler(t, c, db, snd, "w")
	// The job's runs fall on multiples of its period (aligned, as in Run);
	// the due times (12:00:07) fall between two runs.
	for _, from := range []string{"2026-01-04 12:00:10", "2026-01-11 11:58:00", "2026-01-14 11:58:00"} {
		for now := at(from); now.Before(at(from).Add(4 * time.Minute)); now = now.Add(scheduler.DefaultLifecycleEvery) {
			c.mu.Lock()
			c.t = now
			c.mu.Unlock()
			if err := s.LifecycleTick(context.Background()); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Dispatch(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, k := range []string{store.KindRenewalAsk, store.KindClosingThanks, store.KindFeedbackEnd} {
		d, ok := late[k]
		if !ok || d < 0 || d >= time.Minute {
			t.Errorf("%s sent %v after its due time (sent: %v)", k, d, ok)
		}
	}
}

// After downtime longer than the catch-up grace, what fell due is recorded
// as missed, not sent late; the pairing still ends on its end date.
func TestLifecycleCatchUpGrace(t *testing.T) {
	c := newClock("2026-01-04 12:00:00")
	db, _ := newDB(t, c)
	person(t, db, "UA", "UTC", "")
	person(t, db, "UB", "UTC", "")
	p := pair(t, db, "UA", "UB")
	snd := &fakeSender{}
	s := lifeScheduler(t, c, db, snd, "w")
	lifeStep(t, s)
	c.Set("2026-01-16 12:00:00") // down from before the ask until two days after the end
	lifeStep(t, s)
	wantCalls(t, snd, map[string]int{})
	pr, _ := db.PairingByID(context.Background(), p.ID)
	if pr.Status != "ended" || !pr.EndedAt.Equal(at("2026-01-14 12:00:00")) {
		t.Fatalf("ended %+v", pr)
	}
	missed := 0
	for _, r := range rows(t, db, "UA") {
		if strings.HasPrefix(r, "closing_thanks missed") || strings.HasPrefix(r, "feedback_end missed") {
			missed++
		}
	}
	if missed != 2 {
		t.Fatalf("UA's rows %v: want the thank-you and the prompt recorded as missed", rows(t, db, "UA"))
	}

	// Down through the ask's due time but back within the grace: the ask
	// goes out once, late.
	c2 := newClock("2026-01-04 12:00:00")
	db2, _ := newDB(t, c2)
	person(t, db2, "UA", "UTC", "")
	person(t, db2, "UB", "UTC", "")
	pair(t, db2, "UA", "UB")
	snd2 := &fakeSender{}
	s2 := lifeScheduler(t, c2, db2, snd2, "w")
	lifeStep(t, s2)
	c2.Set("2026-01-12 06:00:00")
	lifeStep(t, s2)
	lifeStep(t, s2)
	wantCalls(t, snd2, map[string]int{"renewal_ask→UA": 1, "renewal_ask→UB": 1})
}

// A pairing in a program ends with the program (the midnight after its
// last day); one active before the lifecycle existed gets at least the
// renewal notice; a pairing that ends early gets no ask or thank-you.
func TestLifecycleEndDates(t *testing.T) {
	ctx := context.Background()
	c := newClock("2026-01-04 12:00:00")
	db, path := newDB(t, c)
	for _, id := range []string{"UA", "UB", "UC", "UD", "UE", "UF"} {
		person(t, db, id, "UTC", "")
	}
	if _, err := db.CreateProgram(ctx, store.NewProgram{Name: "Spring", EndsOn: "2026-03-31", CreatedBy: "UADMIN"}); err != nil {
		t.Fatal(err)
	}
	inProgram, err := db.CreatePairing(ctx, store.NewPairing{MentorSlack: "UA", MenteeSlack: "UB", Program: "Spring"})
	if err != nil {
		t.Fatal(err)
	}
	old := pair(t, db, "UC", "UD")
	// As migration 0035 leaves a pairing that was active before it.
	if _, err := sqldbtest.Raw(t, path, sqldb.DSN).Exec(`UPDATE pairings SET end_floor = 1, started_at = ? WHERE id = ?`, at("2025-01-01 00:00:00"), old.ID); err != nil {
		t.Fatal(err)
	}
	early := pair(t, db, "UE", "UF")
	snd := &fakeSender{}
	s := lifeScheduler(t, c, db, snd, "w")
	lifeStep(t, s)
	if tm := term(t, db, inProgram.ID); !tm.EndsAt.Equal(at("2026-04-01 00:00:00")) {
		t.Errorf("program pairing ends %v, want the program's end", tm.EndsAt)
	}
	if tm := term(t, db, old.ID); !tm.EndsAt.Equal(at("2026-01-07 12:00:00")) {
		t.Errorf("an old pairing ends %v, want now + notice", tm.EndsAt)
	}
	wantCalls(t, snd, map[string]int{"renewal_ask→UC": 1, "renewal_ask→UD": 1})
	if _, err := db.EndPairingByID(ctx, early.ID, "unpaired by an admin"); err != nil {
		t.Fatal(err)
	}
	c.Set("2026-01-14 12:00:00")
	lifeStep(t, s)
	for k := range lifeCalls(snd) {
		if k == "renewal_ask→UE" || k == "closing_thanks→UE" || k == "closing_thanks→UF" {
			t.Errorf("an early-ended pairing was sent %s", k)
		}
	}
}

// Two schedulers on one SQLite file, and three on one PostgreSQL database
// (when one can be had), run the lifecycle at the same moments: every
// ask, extension, thank-you and closing prompt goes out once.
func TestLifecycleReplicasSendEachOnce(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		c := newClock("2026-01-04 12:00:00")
		_, path := newDB(t, c)
		lifecycleReplicas(t, c, openDB(t, path, c), openDB(t, path, c))
	})
	t.Run("postgres", func(t *testing.T) {
		c := newClock("2026-01-04 12:00:00")
		target := sqldbtest.PostgresTarget(t)
		lifecycleReplicas(t, c, openDB(t, target, c), openDB(t, target, c), openDB(t, target, c))
	})
}

func lifecycleReplicas(t *testing.T, c *clock, dbs ...*sqldb.DB) {
	t.Helper()
	const pairs = 12
	var ps []store.Pairing
	for i := 0; i < pairs; i++ {
		a, b := fmt.Sprintf("UM%02d", i), fmt.Sprintf("UE%02d", i)
		person(t, dbs[0], a, "UTC", "")
		person(t, dbs[0], b, "UTC", "")
		ps = append(ps, pair(t, dbs[0], a, b))
	}
	snd := &fakeSender{after: func(store.Delivery) { runtime.Gosched() }}
	var ss []*scheduler.Scheduler
	for i, db := range dbs {
		ss = append(ss, lifeScheduler(t, c, db, snd, fmt.Sprintf("serve-%d", i+1)))
	}
	all := func() {
		var wg sync.WaitGroup
		errs := make(chan error, 2*len(ss))
		for _, s := range append(ss, ss...) {
			wg.Add(1)
			go func(s *scheduler.Scheduler) {
				defer wg.Done()
				if err := s.LifecycleTick(context.Background()); err != nil {
					errs <- err
					return
				}
				if _, err := s.Dispatch(context.Background()); err != nil {
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
	all()
	c.Set("2026-01-11 12:00:00")
	all()
	// Even pairings: both continue, each answering on another replica at
	// the same time.
	c.Set("2026-01-12 12:00:00")
	var wg sync.WaitGroup
	for i, p := range ps {
		if i%2 == 1 {
			continue
		}
		for j, who := range []string{p.MentorSlack, p.MenteeSlack} {
			wg.Add(1)
			go func(db *sqldb.DB, who string) {
				defer wg.Done()
				if _, err := db.AnswerRenewal(context.Background(), p.ID, who, store.RenewalContinue, testLength); err != nil {
					t.Error(err)
				}
			}(dbs[j%len(dbs)], who)
		}
	}
	wg.Wait()
	all()
	c.Set("2026-01-14 12:00:00")
	all()
	c.Set("2026-01-24 12:00:00")
	all()
	seen := map[string]int{}
	for _, cl := range snd.Calls() {
		seen[cl.String()]++
	}
	for key, n := range seen {
		if n != 1 {
			t.Errorf("%s sent %d times", key, n)
		}
	}
	// Per pairing: 2 asks, 2 thank-yous, 2 prompts; even ones 2 extensions.
	if want := pairs*6 + pairs; len(seen) != want {
		t.Fatalf("%d distinct messages, want %d: %v", len(seen), want, snd.Calls())
	}
}
