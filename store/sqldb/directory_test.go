package sqldb_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// departFixture: UA mentors UB; UC waits.
func departFixture(t *testing.T) (*sqldb.DB, *fixedClock, store.Pairing) {
	t.Helper()
	db, clock := openTest(t)
	ctx := context.Background()
	for _, p := range []store.Profile{profile("UA", store.RoleMentor), profile("UB", store.RoleMentee), profile("UC", store.RoleMentee)} {
		if _, err := db.SaveProfile(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	pa, err := db.CreatePairing(ctx, store.NewPairing{MentorSlack: "UA", MenteeSlack: "UB"})
	if err != nil {
		t.Fatal(err)
	}
	return db, clock, pa
}

func TestDepartEndsPairingsOnceAndLeavesCounts(t *testing.T) {
	ctx := context.Background()
	db, clock, pa := departFixture(t)
	clock.t = clock.t.Add(time.Hour)
	dep, err := db.Depart(ctx, "UA", store.DepartDeactivated)
	if err != nil || !dep.Changed || len(dep.Ended) != 1 || dep.Ended[0].ID != pa.ID {
		t.Fatalf("depart: %+v %v", dep, err)
	}
	again, err := db.Depart(ctx, "UA", store.DepartDeactivated)
	if err != nil || again.Changed || len(again.Ended) != 0 {
		t.Fatalf("a second departure changed something: %+v %v", again, err)
	}
	var notices int
	if err := db.GetForTest(ctx, &notices, `SELECT COUNT(*) FROM deliveries d JOIN participants p ON p.id = d.recipient_id
		WHERE d.kind = 'partner_gone' AND p.slack_id = 'UB'`); err != nil || notices != 1 {
		t.Fatalf("partner notices: %d (%v)", notices, err)
	}
	if _, err := db.Participant(ctx, "UA"); err == nil {
		t.Fatal("a departed person is still a participant")
	}
	all, err := db.Participants(ctx, "")
	if err != nil || len(all) != 2 {
		t.Fatalf("participants after departure: %d %v", len(all), err)
	}
	if got, _ := db.ActivePairings(ctx, "UB"); len(got) != 0 {
		t.Fatal("the partner still has the pairing")
	}
	var kept string
	if err := db.GetForTest(ctx, &kept, `SELECT name FROM participants WHERE slack_id = 'UA'`); err != nil || kept == "" {
		t.Fatalf("the departed person's data went before retention: %q %v", kept, err)
	}
}

func TestReactivateComesBackPausedAndTimezone(t *testing.T) {
	ctx := context.Background()
	db, _, _ := departFixture(t)
	if back, err := db.Reactivate(ctx, "UB"); err != nil || back {
		t.Fatalf("an active person reactivated: %v %v", back, err)
	}
	if _, err := db.Depart(ctx, "UB", store.DepartDeactivated); err != nil {
		t.Fatal(err)
	}
	if back, err := db.Reactivate(ctx, "UB"); err != nil || !back {
		t.Fatalf("reactivate: %v %v", back, err)
	}
	p, err := db.Participant(ctx, "UB")
	if err != nil || p.Status != store.StatusPaused || p.DepartedAt != nil {
		t.Fatalf("after reactivation: %+v %v", p, err)
	}
	if changed, err := db.SetTimezone(ctx, "UB", "Asia/Tokyo"); err != nil || !changed {
		t.Fatalf("timezone: %v %v", changed, err)
	}
	if changed, _ := db.SetTimezone(ctx, "UB", "Asia/Tokyo"); changed {
		t.Fatal("the same timezone counted as a change")
	}
	if _, err := db.SetTimezone(ctx, "UB", "Mars/Olympus"); err == nil {
		t.Fatal("an unknown zone was stored")
	}
	if p, _ := db.Participant(ctx, "UB"); p.Timezone != "Asia/Tokyo" {
		t.Fatalf("timezone %q", p.Timezone)
	}
}

func TestSyncPlansThenApplies(t *testing.T) {
	ctx := context.Background()
	db, _, _ := departFixture(t)
	file := []store.Profile{profile("UB", store.RoleMentee), profile("UD", store.RoleMentor)}
	plan, err := db.PlanSync(ctx, file, []string{"UC"})
	want := store.SyncPlan{Added: []string{"UD"}, Updated: []string{"UB"}, Departed: []string{"UA"}}
	if err != nil || !slices.Equal(plan.Added, want.Added) || !slices.Equal(plan.Updated, want.Updated) || !slices.Equal(plan.Departed, want.Departed) {
		t.Fatalf("plan %+v %v", plan, err)
	}
	if all, _ := db.Participants(ctx, ""); len(all) != 3 {
		t.Fatal("planning changed something")
	}
	if _, err := db.SyncProfiles(ctx, file, []string{"UC"}); err != nil {
		t.Fatal(err)
	}
	var ids []string
	all, _ := db.Participants(ctx, "")
	for _, p := range all {
		ids = append(ids, p.SlackID)
	}
	if strings.Join(ids, ",") != "UB,UC,UD" {
		t.Fatalf("after sync: %v", ids)
	}
}

// TestRetentionErasesOnceADayAcrossReplicas: two stores on one database
// run the day's job at once; one erases, the other finds the day claimed.
// Within the period nothing goes; after it the departed person and the
// ended pairing's feedback text go, the audit log says how many.
func TestRetentionErasesOnceADayAcrossReplicas(t *testing.T) {
	ctx := context.Background()
	clock := &fixedClock{t: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	target := sqldbtest.Target(t)
	open := func() *sqldb.DB {
		db, err := sqldb.Open(ctx, target, sqldb.Options{Clock: clock.Now})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		return db
	}
	a, b := open(), open()
	for _, p := range []store.Profile{profile("UA", store.RoleMentor), profile("UB", store.RoleMentee)} {
		if _, err := a.SaveProfile(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	pa, err := a.CreatePairing(ctx, store.NewPairing{MentorSlack: "UA", MenteeSlack: "UB"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.SaveFeedback(ctx, store.NewFeedback{PairingID: pa.ID, SlackID: "UB", Slot: clock.t, Rating: 4, WentWell: "secret words"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Depart(ctx, "UA", store.DepartDeactivated); err != nil {
		t.Fatal(err)
	}
	const keep = 90 * 24 * time.Hour
	if res, err := a.RunRetention(ctx, "2026-11-03", "a", keep); err != nil || !res.Ran || res.People+res.FeedbackRows != 0 {
		t.Fatalf("within the period: %+v %v", res, err)
	}
	clock.t = clock.t.Add(keep + time.Hour)
	results := make([]store.RetentionResult, 2)
	var wg sync.WaitGroup
	for i, db := range []*sqldb.DB{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := db.RunRetention(ctx, "2027-01-31", "replica", keep)
			if err != nil {
				t.Error(err)
			}
			results[i] = res
		}()
	}
	wg.Wait()
	if results[0].Ran == results[1].Ran {
		t.Fatalf("both or neither replica ran: %+v", results)
	}
	done := results[0]
	if !done.Ran {
		done = results[1]
	}
	if done.People != 1 || done.FeedbackRows != 1 {
		t.Fatalf("erased %+v", done)
	}
	var left int
	if err := a.GetForTest(ctx, &left, `SELECT COUNT(*) FROM participants WHERE slack_id = 'UA' OR name = 'Person UA' OR departed_at IS NOT NULL`); err != nil || left != 0 {
		t.Fatalf("the departed person is still identifiable (%d, %v)", left, err)
	}
	var text, rating int
	if err := a.GetForTest(ctx, &text, `SELECT COUNT(*) FROM feedback WHERE went_well <> ''`); err != nil || text != 0 {
		t.Fatalf("feedback text kept (%d, %v)", text, err)
	}
	if err := a.GetForTest(ctx, &rating, `SELECT COUNT(*) FROM feedback WHERE rating = 4`); err != nil || rating != 1 {
		t.Fatalf("the rating went (%d, %v)", rating, err)
	}
	log, err := a.AuditLog(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var runs []string
	for _, e := range log {
		if strings.Contains(e.Detail, "secret") || e.ActorID == "UA" || strings.Contains(e.Target, "UA") {
			t.Fatalf("audit entry keeps content or the ID: %+v", e)
		}
		if e.Action == "retention" {
			runs = append(runs, e.Detail)
		}
	}
	if len(runs) != 1 || !strings.Contains(runs[0], "erased 1 departed people and the text of 1 feedback answers") {
		t.Fatalf("retention audit: %q", runs)
	}
}
