package lifecyclesql_test

import (
	"context"
	"errors"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/lifecyclesql"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// TestMain runs the suite once per engine (sqldbtest.Engines).
func TestMain(m *testing.M) { os.Exit(sqldbtest.Run(m)) }

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

const (
	length = 240 * time.Hour
	notice = 72 * time.Hour
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

func open(t *testing.T) (*sqldb.DB, *clock, store.Pairing) {
	t.Helper()
	ctx := context.Background()
	c := &clock{t: t0}
	db, err := sqldb.Open(ctx, sqldbtest.Target(t), sqldb.Options{Clock: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	for _, p := range []store.Profile{
		{SlackID: "UANN", Name: "Ann", Role: store.RoleMentor, Capacity: 2},
		{SlackID: "UBOB", Name: "Bob", Role: store.RoleMentee},
		{SlackID: "UCAT", Name: "Cat", Role: store.RoleMentee},
	} {
		p.Cadence, p.Timezone = store.CadenceWeekly, "UTC"
		if _, err := db.SaveProfile(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	p, err := db.CreatePairing(ctx, store.NewPairing{MentorSlack: "UANN", MenteeSlack: "UBOB"})
	if err != nil {
		t.Fatal(err)
	}
	return db, c, p
}

func TestEndDateRule(t *testing.T) {
	now := t0.Add(400 * 24 * time.Hour)
	for _, c := range []struct {
		name    string
		endsOn  string
		floor   bool
		started time.Time
		want    time.Time
	}{
		{"outside a program", "", false, t0, t0.Add(length)},
		{"a program's end", "2026-12-31", false, t0, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"a program that ended before the start", "2026-10-01", false, t0, t0.Add(length)},
		{"an unreadable program end", "soon", false, t0, t0.Add(length)},
		{"an old pairing gets the notice", "", true, t0, now.Add(notice)},
		{"an old pairing with time left keeps its end", "", true, now.Add(-time.Hour), now.Add(-time.Hour).Add(length)},
	} {
		if got := lifecyclesql.EndDate(c.started, c.endsOn, length, notice, c.floor, now); !got.Equal(c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	w := []time.Time{t0, t0.Add(time.Hour), t0.AddDate(0, 0, 7), t0.AddDate(0, 0, 6)}
	if n := lifecyclesql.DistinctWeeks(w); n != 2 {
		t.Errorf("distinct weeks %d, want 2", n)
	}
}

// The store's side of a term: end date, one ask, the answers, the one
// extension, the end with its rows, on both engines.
func TestRenewalAndEnd(t *testing.T) {
	ctx := context.Background()
	db, c, p := open(t)
	if n, err := db.FillEndDates(ctx, t0, length, notice); err != nil || n != 1 {
		t.Fatalf("fill: %d %v", n, err)
	}
	if n, _ := db.FillEndDates(ctx, t0, length, notice); n != 0 {
		t.Fatal("an end date set twice")
	}
	if n, err := db.PlanRenewals(ctx, t0.Add(length-notice-time.Second), notice, 24*time.Hour); err != nil || n != 0 {
		t.Fatalf("asked early: %d %v", n, err)
	}
	askAt := t0.Add(length - notice)
	for i := 0; i < 2; i++ {
		n, err := db.PlanRenewals(ctx, askAt, notice, 24*time.Hour)
		if err != nil || n != 1-i {
			t.Fatalf("plan %d: %d %v", i, n, err)
		}
	}
	if _, err := db.AnswerRenewal(ctx, p.ID, "UCAT", store.RenewalContinue, length); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a stranger's answer: %v", err)
	}
	if _, err := db.AnswerRenewal(ctx, p.ID, "UANN", "maybe", length); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("a bad answer: %v", err)
	}
	c.Set(askAt.Add(time.Hour))
	// Both answer Continue at once: exactly one extension.
	var wg sync.WaitGroup
	res := make([]store.RenewalResult, 2)
	for i, who := range []string{"UANN", "UBOB"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := db.AnswerRenewal(ctx, p.ID, who, store.RenewalContinue, length)
			if err != nil {
				t.Error(err)
			}
			res[i] = r
		}()
	}
	wg.Wait()
	if res[0].Extended == res[1].Extended {
		t.Fatalf("extensions %+v", res)
	}
	tm, _ := db.PairingTerm(ctx, p.ID)
	if !tm.EndsAt.Equal(t0.Add(2*length)) || tm.ExtendedAt == nil {
		t.Fatalf("term %+v", tm)
	}
	// No second ask in the new term's window; no end at the old end.
	if n, _ := db.PlanRenewals(ctx, t0.Add(2*length-notice), notice, 24*time.Hour); n != 0 {
		t.Fatal("a second renewal ask")
	}
	if ended, _ := db.EndDuePairings(ctx, t0.Add(length), 24*time.Hour); len(ended) != 0 {
		t.Fatal("ended at the old end")
	}
	ended, err := db.EndDuePairings(ctx, t0.Add(2*length).Add(30*time.Second), 24*time.Hour)
	if err != nil || len(ended) != 1 || !ended[0].EndedAt.Equal(t0.Add(2*length)) || ended[0].MentorSlack != "UANN" {
		t.Fatalf("end: %+v %v", ended, err)
	}
	if again, _ := db.EndDuePairings(ctx, t0.Add(2*length).Add(time.Minute), 24*time.Hour); len(again) != 0 {
		t.Fatal("ended twice")
	}
	ex, err := db.ExportPerson(ctx, "UBOB")
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, d := range ex.Deliveries {
		kinds[d.Kind+" "+d.State]++
	}
	want := map[string]int{"renewal_ask pending": 1, "renewal_extended pending": 1, "closing_thanks pending": 1, "feedback_end pending": 1}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("Bob's outbox %v, want %v", kinds, want)
			break
		}
	}
	pr, _ := db.PairingByID(ctx, p.ID)
	if pr.Status != "ended" || pr.EndReason != store.EndReasonCompleted {
		t.Fatalf("pairing %+v", pr)
	}
	if r, _ := db.AnswerRenewal(ctx, p.ID, "UANN", store.RenewalWrapUp, length); !r.Closed || r.Recorded {
		t.Fatalf("an answer after the end: %+v", r)
	}
}

// A close found more than the grace late is recorded, not sent; Met
// answers count per ISO week, each person's own.
func TestLateEndAndMetWeeks(t *testing.T) {
	ctx := context.Background()
	db, _, p := open(t)
	if _, err := db.FillEndDates(ctx, t0, length, notice); err != nil {
		t.Fatal(err)
	}
	ended, err := db.EndDuePairings(ctx, t0.Add(length+48*time.Hour), 24*time.Hour)
	if err != nil || len(ended) != 1 {
		t.Fatalf("%v %v", ended, err)
	}
	ex, _ := db.ExportPerson(ctx, "UANN")
	for _, d := range ex.Deliveries {
		if d.State != store.DeliveryMissed {
			t.Errorf("a late %s is %s", d.Kind, d.State)
		}
	}
	if n, err := db.MetWeeks(ctx, p.ID, "UANN"); err != nil || n != 0 {
		t.Fatalf("met weeks %d %v", n, err)
	}
}
