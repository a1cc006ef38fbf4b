package circlesql_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// TestMain runs the suite once per engine (sqldbtest.Engines).
func TestMain(m *testing.M) { os.Exit(sqldbtest.Run(m)) }

var start = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

func openDB(t *testing.T, clock *time.Time) *sqldb.DB {
	db, _ := openDBRaw(t, clock)
	return db
}

// openDBRaw opens a migrated database on the test's engine, with a raw
// handle on it for rows the store has no call for.
func openDBRaw(t *testing.T, clock *time.Time) (*sqldb.DB, *sqldbtest.RawDB) {
	t.Helper()
	ctx := context.Background()
	target := sqldbtest.Target(t)
	db, err := sqldb.Open(ctx, target, sqldb.Options{Clock: func() time.Time { return *clock }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db, sqldbtest.Raw(t, target, sqldb.DSN)
}

func signUp(t *testing.T, db *sqldb.DB, id, role string, capacity int) {
	t.Helper()
	p := store.Profile{SlackID: id, Name: "Person " + id, Role: role, Capacity: capacity, Cadence: store.CadenceWeekly, Timezone: "UTC",
		Goals: "goals of " + id}
	if role != store.RoleMentee {
		p.Teaches = []string{"Go"}
	} else {
		p.Learns = []string{"Go"}
	}
	if _, err := db.SaveProfile(context.Background(), p); err != nil {
		t.Fatal(err)
	}
}

func newCircle(t *testing.T, db *sqldb.DB, name, lead string, size int, seatCap *int) store.Circle {
	t.Helper()
	c, err := db.CreateCircle(context.Background(), store.NewCircle{Name: name, LeadSlack: lead, Topic: "Leading teams",
		SizeLimit: size, SeatCap: seatCap, Cadence: store.CadenceWeekly, CreatedBy: "UADMIN"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCreateCircleRules(t *testing.T) {
	clock := start
	db := openDB(t, &clock)
	ctx := context.Background()
	signUp(t, db, "ULEAD", store.RoleMentor, 10)
	signUp(t, db, "UMEE", store.RoleMentee, 0)
	c := newCircle(t, db, "Leaders", "ULEAD", 5, nil)
	if c.LeadSlack != "ULEAD" || c.Status != store.CircleOpen || c.PrivateChannel || c.Members != 0 {
		t.Fatalf("created %+v", c)
	}
	for _, tc := range []struct {
		name, lead string
		want       error
	}{
		{"leaders", "ULEAD", store.ErrConflict},    // same name, other case, while open
		{"Other", "UMEE", store.ErrPairForbidden},  // a mentee cannot lead
		{"Other", "UNOBODY", store.ErrNotSignedUp}, // not signed up
	} {
		_, err := db.CreateCircle(ctx, store.NewCircle{Name: tc.name, LeadSlack: tc.lead, SizeLimit: 4, Cadence: store.CadenceWeekly})
		if !errors.Is(err, tc.want) {
			t.Errorf("create %s led by %s: %v, want %v", tc.name, tc.lead, err, tc.want)
		}
	}
	if _, err := db.CloseCircle(ctx, c.ID, "closed by an admin"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CloseCircle(ctx, c.ID, "again"); !errors.Is(err, store.ErrAlreadyDone) {
		t.Errorf("second close: %v", err)
	}
	// The name is free again once the circle closed.
	if big := newCircle(t, db, "LEADERS", "ULEAD", 8, nil); !big.PrivateChannel {
		t.Errorf("a circle of 8 members (9 people) should use a private channel: %+v", big)
	}
	if small := newCircle(t, db, "Seven", "ULEAD", 7, nil); small.PrivateChannel {
		t.Errorf("a circle of 7 members (8 people) fits a group DM: %+v", small)
	}
}

// TestJoinRaceOnTheLastSeat: many people click Join at once on a circle
// with few seats; exactly as many as there are seats get in, the others
// are told it is full, and nobody is seated twice.
func TestJoinRaceOnTheLastSeat(t *testing.T) {
	clock := start
	db := openDB(t, &clock)
	ctx := context.Background()
	signUp(t, db, "ULEAD", store.RoleMentor, 12)
	const seats, people = 3, 16
	for i := range people {
		signUp(t, db, fmt.Sprintf("UM%02d", i), store.RoleMentee, 0)
	}
	c := newCircle(t, db, "Race", "ULEAD", seats, nil)
	var mu sync.Mutex
	joined, full := 0, 0
	var wg sync.WaitGroup
	for i := range people {
		wg.Add(2)
		for range 2 { // each person clicks twice
			go func() {
				defer wg.Done()
				_, err := db.JoinCircle(ctx, c.ID, fmt.Sprintf("UM%02d", i))
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					joined++
				case errors.Is(err, store.ErrConflict), errors.Is(err, store.ErrAlreadyDone):
					full++
				default:
					t.Errorf("join: %v", err)
				}
			}()
		}
	}
	wg.Wait()
	if joined != seats || full != 2*people-seats {
		t.Fatalf("joined %d, refused %d; want %d and %d", joined, full, seats, 2*people-seats)
	}
	ms, err := db.CircleMembers(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != seats+1 || !ms[0].Lead || ms[0].SlackID != "ULEAD" {
		t.Fatalf("members %+v", ms)
	}
	seen := map[string]bool{}
	for _, m := range ms[1:] {
		if seen[m.SlackID] || m.Lead {
			t.Fatalf("seated twice or lead as member: %+v", ms)
		}
		seen[m.SlackID] = true
	}
	open, err := db.OpenCircles(ctx)
	if err != nil || len(open) != 1 || open[0].FreeSeats != 0 || open[0].Members != seats {
		t.Fatalf("open circles %+v, %v", open, err)
	}
}

// TestCircleSeatsCountAgainstTheLeadsCapacity: each member takes one seat
// of the lead's capacity (at most the admin's cap); matching, requests and
// joins all see it.
func TestCircleSeatsCountAgainstTheLeadsCapacity(t *testing.T) {
	clock := start
	db := openDB(t, &clock)
	ctx := context.Background()
	signUp(t, db, "ULEAD", store.RoleMentor, 3)
	for _, id := range []string{"UA", "UB", "UC", "UD", "UE"} {
		signUp(t, db, id, store.RoleMentee, 0)
	}
	if _, err := db.CreatePairing(ctx, store.NewPairing{MentorSlack: "ULEAD", MenteeSlack: "UA", Source: store.SourceManual}); err != nil {
		t.Fatal(err)
	}
	c := newCircle(t, db, "Seats", "ULEAD", 4, nil)
	for _, id := range []string{"UB", "UC"} {
		if _, err := db.JoinCircle(ctx, c.ID, id); err != nil {
			t.Fatal(err)
		}
	}
	// 1 pairing + 2 circle seats = 3 = capacity: the circle is full for now.
	if _, err := db.JoinCircle(ctx, c.ID, "UD"); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("join past the lead's capacity: %v", err)
	}
	lead, err := db.Participant(ctx, "ULEAD")
	if err != nil || lead.CircleSeats != 2 {
		t.Fatalf("lead seats %d, %v", lead.CircleSeats, err)
	}
	ps, err := db.Participants(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.SlackID == "ULEAD" && p.CircleSeats != 2 {
			t.Fatalf("Participants: lead seats %d", p.CircleSeats)
		}
	}
	// A request to the full lead cannot be accepted.
	r, err := db.CreateRequest(ctx, "UE", "ULEAD")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AcceptRequest(ctx, r.ID, "ULEAD"); !errors.Is(err, store.ErrPairForbidden) {
		t.Fatalf("accept over capacity: %v", err)
	}
	// Leaving frees the seat.
	if _, err := db.LeaveCircle(ctx, c.ID, "UB"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.LeaveCircle(ctx, c.ID, "UB"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("leave twice: %v", err)
	}
	if _, err := db.JoinCircle(ctx, c.ID, "UD"); err != nil {
		t.Fatalf("join after a seat freed: %v", err)
	}
	// A cap of 1 seat: the circle takes one seat however many join.
	one := 1
	signUp(t, db, "ULEAD2", store.RoleMentor, 2)
	capped := newCircle(t, db, "Capped", "ULEAD2", 4, &one)
	for _, id := range []string{"UA", "UB", "UC", "UE"} {
		if _, err := db.JoinCircle(ctx, capped.ID, id); err != nil {
			t.Fatalf("join capped circle: %v", err)
		}
	}
	lead2, _ := db.Participant(ctx, "ULEAD2")
	if lead2.CircleSeats != 1 {
		t.Fatalf("capped circle takes %d seats", lead2.CircleSeats)
	}
}

// TestDepartAndLeaveTakePeopleOutOfCircles: a departed member leaves
// their circles, a departed lead's circle closes with a closing prompt to
// each member; /mentor leave does the same and erases the leaver's circle
// feedback text; the export holds the person's own circle rows only.
func TestDepartAndLeaveTakePeopleOutOfCircles(t *testing.T) {
	clock := start
	db := openDB(t, &clock)
	ctx := context.Background()
	signUp(t, db, "ULEAD", store.RoleMentor, 10)
	signUp(t, db, "ULEAD2", store.RoleMentor, 10)
	for _, id := range []string{"UA", "UB", "UC"} {
		signUp(t, db, id, store.RoleMentee, 0)
	}
	c1 := newCircle(t, db, "One", "ULEAD", 5, nil)
	c2 := newCircle(t, db, "Two", "ULEAD2", 5, nil)
	for _, j := range []struct {
		c  int64
		id string
	}{{c1.ID, "UA"}, {c1.ID, "UB"}, {c2.ID, "UA"}, {c2.ID, "UC"}} {
		if _, err := db.JoinCircle(ctx, j.c, j.id); err != nil {
			t.Fatal(err)
		}
	}
	ex, err := db.ExportPerson(ctx, "UA")
	if err != nil || len(ex.Circles) != 2 || ex.Circles[0].MyRole != "member" || len(ex.CircleCheckIns) != 0 || ex.CircleFeedback == nil {
		t.Fatalf("export %+v, %v", ex.Circles, err)
	}
	clock = clock.Add(time.Hour)
	if _, err := db.Depart(ctx, "UB", "deactivated"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := db.IsCircleMember(ctx, c1.ID, "UB"); ok {
		t.Fatal("a departed member is still in the circle")
	}
	if _, err := db.Depart(ctx, "ULEAD", "deactivated"); err != nil {
		t.Fatal(err)
	}
	c, _ := db.CircleByID(ctx, c1.ID)
	if c.Status != store.CircleClosed || c.CloseReason != "lead departed" {
		t.Fatalf("circle of a departed lead: %+v", c)
	}
	counts, _ := db.DeliveryCounts(ctx)
	if counts[[2]string{store.KindCircleFeedbackEnd, store.DeliveryPending}] != 1 { // UA only: UB departed
		t.Fatalf("closing prompts %v", counts)
	}
	if _, err := db.SaveCircleFeedback(ctx, store.NewCircleFeedback{CircleID: c2.ID, SlackID: "UC", Slot: clock, Rating: 2, WentWell: "SECRETWORDS"}); err != nil {
		t.Fatal(err)
	}
	if c, _ := db.CircleByID(ctx, c2.ID); c.AtRiskReason != store.RiskLowRating {
		t.Fatalf("a rating of 2 does not flag the circle: %+v", c)
	}
	if _, err := db.Leave(ctx, "UC"); err != nil && !errors.Is(err, store.ErrErasePending) {
		t.Fatal(err)
	}
	if ms, _ := db.CircleMembers(ctx, c2.ID); len(ms) != 2 { // ULEAD2 and UA
		t.Fatalf("members after a leave %+v", ms)
	}
	if ex, err := db.ExportPerson(ctx, "UA"); err != nil || len(ex.Circles) != 2 {
		t.Fatalf("UA's export after others left: %+v %v", ex.Circles, err)
	}
}
