package scheduler_test

import (
	"bytes"
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

const retention = 2160 * time.Hour

// TestRetentionAcrossRestartRunsOncePerDay: the job runs at the first tick
// of a day; a restart the same day does not run it again (the day is
// claimed in the database); 90 days after a departure the person's data
// goes, the feedback text of their ended pairing too, the ratings stay,
// and the write-ahead log is cut to zero bytes.
func TestRetentionAcrossRestartRunsOncePerDay(t *testing.T) {
	ctx := context.Background()
	c := newClock("2026-11-02 09:00:00")
	db, path := newDB(t, c)
	person(t, db, "UA", "UTC", "")
	person(t, db, "UB", "UTC", "")
	p := pair(t, db, "UA", "UB")
	if _, err := db.SaveFeedback(ctx, store.NewFeedback{PairingID: p.ID, SlackID: "UB", Slot: c.Now(), Rating: 5, WentWell: "kind words"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Depart(ctx, "UA", store.DepartDeactivated); err != nil {
		t.Fatal(err)
	}
	cfg := config(c)
	cfg.Retention = retention
	first := newScheduler(t, db, &fakeSender{}, cfg)
	if res, err := first.Retain(ctx); err != nil || !res.Ran || res.People != 0 {
		t.Fatalf("first run: %+v %v", res, err)
	}
	// A restart the same day: a new process, the same database.
	db.Close()
	db = openDB(t, path, c)
	second := newScheduler(t, db, &fakeSender{}, cfg)
	if res, err := second.Retain(ctx); err != nil || res.Ran {
		t.Fatalf("ran twice on one day: %+v %v", res, err)
	}
	c.Advance(retention - time.Hour) // not yet 90 days
	if res, _ := second.Retain(ctx); !res.Ran || res.People != 0 || res.FeedbackRows != 0 {
		t.Fatalf("erased before the period: %+v", res)
	}
	c.Advance(24 * time.Hour)
	if err := second.Tick(ctx); err != nil { // the job runs from the tick
		t.Fatal(err)
	}
	// As after /mentor leave: the erased bytes are in neither file.
	for _, f := range []string{path, path + "-wal"} {
		b, _ := os.ReadFile(f)
		if bytes.Contains(b, []byte("kind words")) || bytes.Contains(b, []byte("Name UA")) {
			t.Fatalf("erased text still in %s", f)
		}
	}
	var erased, text, rating int
	raw := sqldbtest.Raw(t, path, sqldb.DSN)
	if err := raw.GetContext(ctx, &erased, `SELECT COUNT(*) FROM participants WHERE slack_id = 'UA' OR name = 'Name UA'`); err != nil || erased != 0 {
		t.Fatalf("the departed person stays (%d, %v)", erased, err)
	}
	if err := raw.GetContext(ctx, &text, `SELECT COUNT(*) FROM feedback WHERE went_well <> ''`); err != nil || text != 0 {
		t.Fatalf("feedback text stays (%d, %v)", text, err)
	}
	if err := raw.GetContext(ctx, &rating, `SELECT COUNT(*) FROM feedback WHERE rating = 5`); err != nil || rating != 1 {
		t.Fatalf("the rating went (%d, %v)", rating, err)
	}
	if res, _ := second.Retain(ctx); res.Ran {
		t.Fatal("ran again the same day")
	}
}

// TestRetentionTwoReplicasOnce: two schedulers on one database run the
// day's job at the same moment; it runs once.
func TestRetentionTwoReplicasOnce(t *testing.T) {
	ctx := context.Background()
	c := newClock("2026-11-02 09:00:00")
	db, path := newDB(t, c)
	other := openDB(t, path, c)
	cfg := config(c)
	cfg.Retention = retention
	scheds := []*scheduler.Scheduler{newScheduler(t, db, &fakeSender{}, cfg), newScheduler(t, other, &fakeSender{}, cfg)}
	ran := make([]bool, 2)
	var wg sync.WaitGroup
	for i, s := range scheds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := s.Retain(ctx)
			if err != nil {
				t.Error(err)
			}
			ran[i] = res.Ran
		}()
	}
	wg.Wait()
	if ran[0] == ran[1] {
		t.Fatalf("ran on %v", ran)
	}
	var runs int
	if err := sqldbtest.Raw(t, path, sqldb.DSN).GetContext(ctx, &runs, `SELECT COUNT(*) FROM retention_runs`); err != nil || runs != 1 {
		t.Fatalf("%d retention runs recorded (%v)", runs, err)
	}
}
