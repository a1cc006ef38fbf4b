package scheduler_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// changeCounter counts ProgramChanged calls.
type changeCounter struct{ n atomic.Int32 }

func (c *changeCounter) ProgramChanged(context.Context) { c.n.Add(1) }

// The health job tells Config.Changes when it newly flags a pairing, once
// per tick that flags something, and not when nothing changed.
func TestHealthFlagTellsTheChangeNotifier(t *testing.T) {
	c := newClock("2026-01-04 12:00:00")
	db, _ := newDB(t, c)
	person(t, db, "UA", "UTC", "")
	person(t, db, "UB", "UTC", "")
	pair(t, db, "UA", "UB")
	snd, changes := &fakeSender{}, &changeCounter{}
	cfg := config(c)
	cfg.Changes = changes
	s := newScheduler(t, db, snd, cfg)
	for _, day := range []string{"2026-01-05", "2026-01-12", "2026-01-19"} {
		c.Set(day + " 10:00:00")
		run(t, s)
		answer(t, db, checkinOf(t, snd, "UB"), "UB", store.AnswerNotYet)
		if n := changes.n.Load(); n != 0 {
			t.Fatalf("%s: told of %d changes before any flag", day, n)
		}
	}
	c.Set("2026-01-19 10:05:00")
	run(t, s)
	if n := changes.n.Load(); n != 1 {
		t.Fatalf("the not-meeting flag told %d times, want 1", n)
	}
	c.Set("2026-01-19 10:06:00")
	run(t, s)
	if n := changes.n.Load(); n != 1 {
		t.Errorf("a tick that flagged nothing told of a change (%d)", n)
	}
}
