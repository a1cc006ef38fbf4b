package reportsql_test

import (
	"context"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// feedbackMarker is written into every feedback text; no report may show it.
const feedbackMarker = "CONFIDENTIAL-FEEDBACK-7f3a"

// checkinSlot is the Monday 10:00 UTC of check-in week w (1 = 2026-09-07).
func checkinSlot(w int) time.Time {
	return time.Date(2026, 9, 7, 10, 0, 0, 0, time.UTC).AddDate(0, 0, 7*(w-1))
}

// reportFixture is a small program whose every figure is worked out by
// hand in the comments of buildReportFixture.
type reportFixture struct {
	db    *sqldb.DB
	path  string
	clock *fixedClock
	// pairing IDs by letter
	p map[string]int64
}

// buildReportFixture signs up 13 people in program Alpha (one leaves), pairs
// them, and records check-ins and feedback:
//
//	Eng:   mentors M1 M2 M3, mentees E1 E2 E3, B1 (both, unpaired)
//	Sales: mentor M4, mentees E4 E5, P1 (mentee, paused)
//	none:  mentee E6 (pairing ended)        left: L1 (was paired with M2)
//
//	A M1–E1  met every week (w1–w4)           healthy
//	B M1–E2  met w1, then not_yet / silence   not met for 3 check-ins
//	C M2–E3  met w1–w4, E3 "need help" in w4  need help
//	D M3–E4  met w1; E4's latest rating is 2  low rating
//	E M4–E5  met w1–w2; bot flagged it        flagged (unreachable); E5 rated
//	         it 1, later 4: not a low rating any more
//	F M2–L1  met w1; L1 left on 09-25         ended
//	G M4–E6  not_yet w1; ended 09-20          ended
func buildReportFixture(t *testing.T) reportFixture {
	t.Helper()
	ctx := context.Background()
	clock := &fixedClock{t: time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)}
	path := sqldbtest.Target(t)
	db, err := sqldb.Open(ctx, path, sqldb.Options{Clock: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateProgram(ctx, store.NewProgram{Name: "Alpha"}); err != nil {
		t.Fatal(err)
	}
	people := []struct{ id, role, dept string }{
		{"UM1", "mentor", "Eng"}, {"UM2", "mentor", "Eng"}, {"UM3", "mentor", "Eng"}, {"UM4", "mentor", "Sales"},
		{"UE1", "mentee", "Eng"}, {"UE2", "mentee", "Eng"}, {"UE3", "mentee", "Eng"},
		{"UE4", "mentee", "Sales"}, {"UE5", "mentee", "Sales"}, {"UE6", "mentee", ""},
		{"UB1", "both", "Eng"}, {"UP1", "mentee", "Sales"}, {"UL1", "mentee", "Eng"},
	}
	for _, p := range people {
		pr := profile(p.id, p.role)
		pr.Department, pr.Capacity, pr.Programs = p.dept, 3, []string{"Alpha"}
		if _, err := db.SaveProfile(ctx, pr); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Pause(ctx, "UP1", nil); err != nil {
		t.Fatal(err)
	}
	// Days from sign-up (09-01) to the first pairing: E1 1, E5 1, E2 2,
	// L1 2, E3 3, E4 4, E6 5: the median is 2.
	f := reportFixture{db: db, path: path, clock: clock, p: map[string]int64{}}
	for _, pa := range []struct {
		name, mentor, mentee string
		day                  int
	}{{"A", "UM1", "UE1", 2}, {"E", "UM4", "UE5", 2}, {"B", "UM1", "UE2", 3}, {"F", "UM2", "UL1", 3},
		{"C", "UM2", "UE3", 4}, {"D", "UM3", "UE4", 5}, {"G", "UM4", "UE6", 6}} {
		clock.t = time.Date(2026, 9, pa.day, 9, 0, 0, 0, time.UTC)
		p, err := db.CreatePairing(ctx, store.NewPairing{MentorSlack: pa.mentor, MenteeSlack: pa.mentee, Program: "Alpha", Source: store.SourceMatch})
		if err != nil {
			t.Fatal(err)
		}
		f.p[pa.name] = p.ID
	}

	// Check-ins: (pairing, person, week, answer); "-" = sent, unanswered.
	raw := sqldbtest.Raw(t, path, sqldb.DSN)
	id := func(slack string) int64 {
		var n int64
		if err := raw.QueryRow(`SELECT id FROM participants WHERE slack_id = ?`, slack).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	checkin := func(pairing, who string, week int, answer string) {
		var answered any
		if answer == "-" {
			answer = ""
		} else {
			answered = checkinSlot(week).Add(time.Hour)
		}
		if _, err := raw.Exec(`INSERT INTO checkins (pairing_id, participant_id, slot, sent_at, answer, answered_at) VALUES (?, ?, ?, ?, ?, ?)`,
			f.p[pairing], id(who), checkinSlot(week), checkinSlot(week), answer, answered); err != nil {
			t.Fatal(err)
		}
	}
	for w := 1; w <= 4; w++ {
		checkin("A", "UM1", w, "met")
		checkin("A", "UE1", w, "met")
		if w == 1 {
			checkin("B", "UM1", w, "met")
			checkin("B", "UE2", w, "met")
		} else {
			checkin("B", "UM1", w, "not_yet")
			checkin("B", "UE2", w, "-")
		}
		checkin("C", "UM2", w, "met")
		if w < 4 {
			checkin("C", "UE3", w, "met")
		} else {
			checkin("C", "UE3", w, "need_help")
		}
	}
	checkin("D", "UM3", 1, "met")
	checkin("D", "UE4", 1, "met")
	for w := 1; w <= 2; w++ {
		checkin("E", "UM4", w, "met")
		checkin("E", "UE5", w, "met")
	}
	checkin("F", "UM2", 1, "met")
	checkin("F", "UL1", 1, "met")
	checkin("G", "UM4", 1, "not_yet")
	checkin("G", "UE6", 1, "not_yet")
	// A check-in claimed but never sent counts nowhere.
	if _, err := raw.Exec(`INSERT INTO checkins (pairing_id, participant_id, slot) VALUES (?, ?, ?)`, f.p["A"], id("UM1"), checkinSlot(5)); err != nil {
		t.Fatal(err)
	}

	feedback := func(pairing, who string, rating int, day int) {
		at := time.Date(2026, 9, day, 12, 0, 0, 0, time.UTC)
		if _, err := raw.Exec(`INSERT INTO feedback (pairing_id, participant_id, slot, rating, went_well, to_change, progress, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, f.p[pairing], id(who), at, rating, feedbackMarker+" well", feedbackMarker+" change", feedbackMarker+" progress", at); err != nil {
			t.Fatal(err)
		}
	}
	feedback("D", "UE4", 1, 10)
	feedback("D", "UM3", 5, 12)
	feedback("A", "UM1", 5, 15)
	feedback("A", "UE1", 4, 16)
	feedback("D", "UE4", 2, 20)
	feedback("F", "UL1", 4, 22)
	feedback("C", "UM2", 3, 30)
	// E5 rated E low, then better: the later rating replaces the low one.
	feedback("E", "UE5", 1, 11)
	feedback("E", "UE5", 4, 21)

	clock.t = time.Date(2026, 9, 20, 9, 0, 0, 0, time.UTC)
	if _, err := db.EndPairingByID(ctx, f.p["G"], "done"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MarkAtRisk(ctx, f.p["E"], store.RiskUnreachable); err != nil {
		t.Fatal(err)
	}
	clock.t = time.Date(2026, 9, 25, 9, 0, 0, 0, time.UTC)
	if _, err := db.Leave(ctx, "UL1"); err != nil {
		t.Fatal(err)
	}
	clock.t = time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC)
	return f
}
