package circlesql_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// closingPrompts counts the closing prompts in the outbox per circle and
// state.
func closingPrompts(t *testing.T, db interface {
	DueDeliveries(ctx context.Context, now time.Time, limit int) ([]store.Delivery, error)
}, now time.Time) map[int64]int {
	t.Helper()
	due, err := db.DueDeliveries(context.Background(), now, 1000)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]int{}
	for _, d := range due {
		if d.Kind == store.KindCircleFeedbackEnd {
			out[d.PairingID]++
		}
	}
	return out
}

// A circle created in a program closes with it: when an admin closes the
// program, or on the program's end date, once, with one closing prompt
// per person still in it. Both engines.
func TestCirclesCloseWithTheirProgram(t *testing.T) {
	clock := start
	db := openDB(t, &clock)
	ctx := context.Background()
	signUp(t, db, "ULEAD", store.RoleMentor, 6)
	for _, id := range []string{"UA", "UB", "UC"} {
		signUp(t, db, id, store.RoleMentee, 0)
	}
	for _, p := range []store.NewProgram{{Name: "Spring", EndsOn: "2026-11-20"}, {Name: "Open"}, {Name: "Past", EndsOn: "2026-10-01"}} {
		if _, err := db.CreateProgram(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	create := func(name, program string) (store.Circle, error) {
		return db.CreateCircle(ctx, store.NewCircle{Name: name, LeadSlack: "ULEAD", Topic: "t", SizeLimit: 4, Cadence: store.CadenceWeekly, Program: program})
	}
	if _, err := create("Bad", "Nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown program: %v", err)
	}
	if _, err := create("Bad", "Past"); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("ended program: %v", err)
	}
	spring, err := create("Spring circle", "Spring")
	if err != nil {
		t.Fatal(err)
	}
	open, err := create("Open circle", "Open")
	if err != nil {
		t.Fatal(err)
	}
	loose, err := create("No program", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range []struct {
		c  store.Circle
		id string
	}{{spring, "UA"}, {spring, "UB"}, {open, "UC"}, {loose, "UA"}} {
		if _, err := db.JoinCircle(ctx, j.c.ID, j.id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.LeaveCircle(ctx, spring.ID, "UB"); err != nil {
		t.Fatal(err)
	}
	// Before Spring's end (midnight after 20 Nov) nothing closes.
	if got, err := db.EndDueCircles(ctx, time.Date(2026, 11, 20, 23, 59, 0, 0, time.UTC), time.Hour); err != nil || len(got) != 0 {
		t.Fatalf("before the end: %v %v", got, err)
	}
	// Runs at once and again later (replicas, restarts) close it once.
	end := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	clock = end.Add(30 * time.Second)
	var mu sync.Mutex
	var closed []int64
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := db.EndDueCircles(ctx, clock, time.Hour)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			closed = append(closed, got...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if got, _ := db.EndDueCircles(ctx, clock.Add(time.Minute), time.Hour); len(got) != 0 {
		t.Fatalf("closed again: %v", got)
	}
	if !slices.Equal(closed, []int64{spring.ID}) {
		t.Fatalf("closed %v, want only Spring's circle %d", closed, spring.ID)
	}
	c, _ := db.CircleByID(ctx, spring.ID)
	if c.Status != store.CircleClosed || c.CloseReason != "program ended" || c.ClosedAt == nil || !c.ClosedAt.Equal(end) {
		t.Fatalf("spring circle %+v", c)
	}
	// The lead and A (B left) get one closing prompt each, slot the end.
	if got := closingPrompts(t, db, clock.Add(time.Minute)); got[spring.ID] != 2 || got[open.ID] != 0 || got[loose.ID] != 0 {
		t.Fatalf("closing prompts %v, want 2 for Spring's circle only", got)
	}
	// Closing the program Open closes its circle at once; the circle
	// without a program stays open.
	if _, err := db.CloseProgram(ctx, "Open"); err != nil {
		t.Fatal(err)
	}
	if c, _ := db.CircleByID(ctx, open.ID); c.Status != store.CircleClosed || c.CloseReason != "program closed" {
		t.Fatalf("open circle after its program closed: %+v", c)
	}
	if c, _ := db.CircleByID(ctx, loose.ID); c.Status != store.CircleOpen {
		t.Fatalf("circle without a program: %+v", c)
	}
	if got := closingPrompts(t, db, clock.Add(time.Minute)); got[open.ID] != 2 {
		t.Fatalf("closing prompts %v, want 2 for the Open circle", got)
	}
	// Long after the end (downtime past the grace) the prompt is missed.
	late := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	if _, err := db.CreateProgram(ctx, store.NewProgram{Name: "Short", EndsOn: "2026-11-23"}); err != nil {
		t.Fatal(err)
	}
	short, err := create("Short circle", "Short")
	if err != nil {
		t.Fatal(err)
	}
	clock = late
	if got, _ := db.EndDueCircles(ctx, late, time.Hour); !slices.Equal(got, []int64{short.ID}) {
		t.Fatalf("late close %v", got)
	}
	if got := closingPrompts(t, db, late); got[short.ID] != 0 {
		t.Fatalf("a closing prompt past the grace is pending: %v", got)
	}
}
