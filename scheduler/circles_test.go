package scheduler_test

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// circleWorld: three circles, each with a lead and four members in three
// zones; returns how many people get check-ins (leads and members).
func circleWorld(t *testing.T, db *sqldb.DB) int {
	t.Helper()
	ctx := context.Background()
	people := 0
	for c := range 3 {
		lead := fmt.Sprintf("UL%d", c)
		person(t, db, lead, "UTC", "")
		two := 2 // the leads' capacity is 3: the circle takes 2 seats of it
		ci, err := db.CreateCircle(ctx, store.NewCircle{Name: fmt.Sprintf("Circle %d", c), LeadSlack: lead, Topic: "t",
			SizeLimit: 4, SeatCap: &two, Cadence: store.CadenceWeekly})
		if err != nil {
			t.Fatal(err)
		}
		people++
		for m := range 4 {
			id := fmt.Sprintf("UC%d%d", c, m)
			person(t, db, id, []string{"UTC", "Europe/Paris", "America/New_York"}[m%3], "")
			if _, err := db.JoinCircle(ctx, ci.ID, id); err != nil {
				t.Fatal(err)
			}
			people++
		}
	}
	return people
}

// circleSchedulersSendEachKeyOnce: one scheduler per handle (replicas),
// each planning and dispatching the same moments twice at once, then a
// restart (new schedulers, empty memory) at the same moments: every
// person of every circle gets exactly one check-in per slot, and one
// reminder when unanswered.
func circleSchedulersSendEachKeyOnce(t *testing.T, c *clock, dbs ...*sqldb.DB) {
	t.Helper()
	people := circleWorld(t, dbs[0])
	snd := &fakeSender{after: func(store.Delivery) { runtime.Gosched() }}
	start := func(gen int) []*scheduler.Scheduler {
		var ss []*scheduler.Scheduler
		for i, db := range dbs {
			cfg := config(c)
			cfg.WorkerID = fmt.Sprintf("serve-%d-%d", gen, i+1)
			ss = append(ss, newScheduler(t, db, snd, cfg))
		}
		return ss
	}
	round := func(ss []*scheduler.Scheduler, now string) {
		c.Set(now)
		twiceAtOnce(t, ss, (*scheduler.Scheduler).Tick)
	}
	moments := []string{"2026-01-05 09:00:00", "2026-01-05 10:00:00", "2026-01-05 15:00:00", "2026-01-05 15:00:30"}
	for gen := range 2 { // the second generation is a restart of every replica
		ss := start(gen)
		for _, now := range moments {
			round(ss, now)
		}
	}
	seen := map[string]int{}
	for _, cl := range snd.Calls() {
		if cl.Kind != store.KindCircleCheckin {
			t.Errorf("unexpected %s", cl)
		}
		if cl.Checkin == 0 {
			t.Errorf("%s carries no circle check-in", cl)
		}
		seen[cl.String()]++
	}
	for key, n := range seen {
		if n != 1 {
			t.Errorf("%s sent %d times", key, n)
		}
	}
	if len(seen) != people {
		t.Fatalf("%d distinct circle check-ins sent, want %d (one per person)", len(seen), people)
	}
	// Nobody answered: 48 h later each gets one reminder, whatever the
	// replicas and restarts.
	snd.reset()
	for gen := 2; gen < 4; gen++ {
		ss := start(gen)
		for _, now := range []string{"2026-01-07 15:00:00", "2026-01-07 20:00:30"} {
			round(ss, now)
		}
	}
	seen = map[string]int{}
	for _, cl := range snd.Calls() {
		if cl.Kind == store.KindCircleReminder {
			seen[cl.String()]++
		}
	}
	if len(seen) != people {
		t.Fatalf("%d reminders, want %d", len(seen), people)
	}
	for key, n := range seen {
		if n != 1 {
			t.Errorf("%s sent %d times", key, n)
		}
	}
}

func TestCircleCheckinsOncePerPersonTwoSchedulersAndRestarts(t *testing.T) {
	c := newClock("2026-01-04 12:00:00")
	db1, path := newDB(t, c)
	circleSchedulersSendEachKeyOnce(t, c, db1, openDB(t, path, c))
}

func TestCircleCheckinsOncePerPersonThreeReplicasOnPostgres(t *testing.T) {
	c := newClock("2026-01-04 12:00:00")
	target := sqldbtest.PostgresTarget(t)
	circleSchedulersSendEachKeyOnce(t, c, openDB(t, target, c), openDB(t, target, c), openDB(t, target, c))
}

// After downtime only the latest missed slot of each person is caught up
// (within the grace); a member who left, a closed circle and a paused
// member get nothing; a member's check-ins start after they joined.
func TestCircleCatchUpLeaveCloseAndPause(t *testing.T) {
	c := newClock("2026-01-01 12:00:00")
	db, _ := newDB(t, c)
	ctx := context.Background()
	for _, id := range []string{"ULEAD", "UA", "UB", "UC"} {
		person(t, db, id, "UTC", "")
	}
	ci, err := db.CreateCircle(ctx, store.NewCircle{Name: "Down", LeadSlack: "ULEAD", Topic: "t", SizeLimit: 5, Cadence: store.CadenceWeekly})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"UA", "UB", "UC"} {
		if _, err := db.JoinCircle(ctx, ci.ID, id); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Pause(ctx, "UC", nil); err != nil {
		t.Fatal(err)
	}
	snd := &fakeSender{}
	s := newScheduler(t, db, snd, config(c))
	// Down from the start until Monday 26 Jan 11:00: the 5th, 12th and
	// 19th slots are missed, the 26th (1 h old) goes out.
	c.Set("2026-01-26 11:00:00")
	run(t, s)
	got := map[string]int{}
	for _, cl := range snd.Calls() {
		got[cl.To]++
		if cl.Slot != at("2026-01-26 10:00:00") {
			t.Errorf("caught up %s", cl)
		}
	}
	if got["ULEAD"] != 1 || got["UA"] != 1 || got["UB"] != 1 || got["UC"] != 0 {
		t.Fatalf("catch-up sends %v", got)
	}
	// UB leaves, then the circle closes: from then on nothing more, but
	// everyone still in it (and active) gets one closing feedback prompt.
	if _, err := db.LeaveCircle(ctx, ci.ID, "UB"); err != nil {
		t.Fatal(err)
	}
	snd.reset()
	c.Set("2026-02-02 10:00:00")
	run(t, s)
	if n := snd.count(store.KindCircleCheckin); n != 2 { // ULEAD and UA
		t.Fatalf("after a leave: %v", snd.Calls())
	}
	if _, err := db.CloseCircle(ctx, ci.ID, "closed by an admin"); err != nil {
		t.Fatal(err)
	}
	snd.reset()
	c.Set("2026-02-09 10:00:00")
	run(t, s)
	run(t, s)
	var ends []string
	for _, cl := range snd.Calls() {
		if cl.Kind != store.KindCircleFeedbackEnd {
			t.Errorf("after close: %s", cl)
		}
		ends = append(ends, cl.To)
	}
	if len(ends) != 2 || ends[0] != "UA" || ends[1] != "ULEAD" {
		t.Fatalf("closing prompts to %v, want UA and ULEAD once each", ends)
	}
}

// TestCirclesCloseWithTheirProgramOnce: the lifecycle job closes a
// program's circle on the program's end date, and each of its people gets
// one closing prompt, whatever the replicas running the job at once and
// the restarts; a circle of no program stays open.
func TestCirclesCloseWithTheirProgramOnce(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		c := newClock("2026-01-04 12:00:00")
		_, path := newDB(t, c)
		circlesCloseWithProgram(t, c, openDB(t, path, c), openDB(t, path, c))
	})
	t.Run("postgres", func(t *testing.T) {
		c := newClock("2026-01-04 12:00:00")
		target := sqldbtest.PostgresTarget(t)
		circlesCloseWithProgram(t, c, openDB(t, target, c), openDB(t, target, c), openDB(t, target, c))
	})
}

func circlesCloseWithProgram(t *testing.T, c *clock, dbs ...*sqldb.DB) {
	t.Helper()
	ctx := context.Background()
	if _, err := dbs[0].CreateProgram(ctx, store.NewProgram{Name: "Winter", EndsOn: "2026-01-10"}); err != nil {
		t.Fatal(err)
	}
	var circles []store.Circle
	for i, program := range []string{"Winter", ""} {
		lead := fmt.Sprintf("UL%d", i)
		person(t, dbs[0], lead, "UTC", "")
		ci, err := dbs[0].CreateCircle(ctx, store.NewCircle{Name: fmt.Sprintf("Circle %d", i), LeadSlack: lead, Topic: "t",
			SizeLimit: 4, Cadence: store.CadenceWeekly, Program: program})
		if err != nil {
			t.Fatal(err)
		}
		for m := range 3 {
			id := fmt.Sprintf("UC%d%d", i, m)
			person(t, dbs[0], id, "UTC", "")
			if _, err := dbs[0].JoinCircle(ctx, ci.ID, id); err != nil {
				t.Fatal(err)
			}
		}
		circles = append(circles, ci)
	}
	snd := &fakeSender{after: func(store.Delivery) { runtime.Gosched() }}
	all := func(gen int, now string) {
		c.Set(now)
		var ss []*scheduler.Scheduler
		for i, db := range dbs {
			ss = append(ss, lifeScheduler(t, c, db, snd, fmt.Sprintf("serve-%d-%d", gen, i+1)))
		}
		twiceAtOnce(t, ss, (*scheduler.Scheduler).LifecycleTick)
	}
	all(0, "2026-01-10 23:59:00")
	if ci, _ := dbs[0].CircleByID(ctx, circles[0].ID); ci.Status != store.CircleOpen {
		t.Fatalf("closed before its program's end: %+v", ci)
	}
	all(1, "2026-01-11 00:00:20")
	all(2, "2026-01-11 00:00:40") // a restart of every replica
	prompts := map[string]int{}
	for _, cl := range snd.Calls() {
		if cl.Kind == store.KindCircleFeedbackEnd {
			if cl.Pairing != circles[0].ID {
				t.Errorf("a closing prompt of the circle without a program: %s", cl)
			}
			prompts[cl.String()]++
		}
	}
	if len(prompts) != 4 {
		t.Fatalf("%d people got a closing prompt, want 4 (the lead and 3 members): %v", len(prompts), prompts)
	}
	for key, n := range prompts {
		if n != 1 {
			t.Errorf("%s sent %d times", key, n)
		}
	}
	if ci, _ := dbs[0].CircleByID(ctx, circles[1].ID); ci.Status != store.CircleOpen {
		t.Fatalf("the circle of no program closed: %+v", ci)
	}
}

// twiceAtOnce runs job then a dispatch round on every scheduler, each
// scheduler twice, all at once (replicas racing, and a duplicate run).
func twiceAtOnce(t *testing.T, ss []*scheduler.Scheduler, job func(*scheduler.Scheduler, context.Context) error) {
	t.Helper()
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 2*len(ss))
	for _, s := range append(ss, ss...) {
		wg.Add(1)
		go func(s *scheduler.Scheduler) {
			defer wg.Done()
			if err := job(s, ctx); err != nil {
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
