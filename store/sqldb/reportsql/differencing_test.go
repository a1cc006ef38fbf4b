package reportsql_test

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/report"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// differencingDB is issue 10's example: five mentees of program Spring
// rated their pairings 4, 4, 5, 5, 4 (average 4.4) and one mentee of a
// pairing outside any program rated hers 3, so the company's six ratings
// average 4.17.
func differencingDB(t *testing.T) (*sqldb.DB, *fixedClock, func(pairing int64, mentee string, rating int), func(int, string) (int64, string)) {
	t.Helper()
	ctx := context.Background()
	db, clock := openTest(t)
	if _, err := db.CreateProgram(ctx, store.NewProgram{Name: "Spring"}); err != nil {
		t.Fatal(err)
	}
	slot := time.Date(2026, 10, 1, 14, 0, 0, 0, time.UTC)
	rate := func(pairing int64, mentee string, rating int) {
		t.Helper()
		clock.t = clock.t.Add(time.Hour)
		slot = slot.Add(time.Hour)
		if ok, err := db.SaveFeedback(ctx, store.NewFeedback{PairingID: pairing, SlackID: mentee, Slot: slot, Rating: rating}); err != nil || !ok {
			t.Fatalf("feedback of %s: %v %v", mentee, ok, err)
		}
	}
	pair := func(i int, program string) (int64, string) {
		t.Helper()
		mentor, mentee := fmt.Sprintf("UM%d", i), fmt.Sprintf("UE%d", i)
		for _, p := range []store.Profile{profile(mentor, store.RoleMentor), profile(mentee, store.RoleMentee)} {
			if program != "" {
				p.Programs = []string{program}
			}
			if _, err := db.SaveProfile(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		p, err := db.CreatePairing(ctx, store.NewPairing{MentorSlack: mentor, MenteeSlack: mentee, Program: program, Source: store.SourceMatch})
		if err != nil {
			t.Fatal(err)
		}
		return p.ID, mentee
	}
	for i, r := range []int{4, 4, 5, 5, 4} {
		id, mentee := pair(i+1, "Spring")
		rate(id, mentee, r)
	}
	return db, clock, rate, pair
}

// feedbackOf pulls a report as an admin would and returns its published
// response count and rating sum (average × count, rounded: a rating is
// whole), or ok=false when feedback is suppressed.
func feedbackOf(t *testing.T, db *sqldb.DB, scope report.Scope, minGroup int) (n, sum int, ok bool) {
	t.Helper()
	raw, err := db.ReportData(context.Background(), scope)
	if err != nil {
		t.Fatal(err)
	}
	fb := report.Build(raw, minGroup).Feedback
	if fb.Responses == nil || fb.AverageRating == nil {
		return 0, 0, false
	}
	return *fb.Responses, int(math.Round(*fb.AverageRating * float64(*fb.Responses))), true
}

// assertNoDifferencing fails when two published feedback figures differ by
// fewer responses than the minimum group: their difference would then be
// the ratings of fewer than minGroup people (of one, in the issue).
func assertNoDifferencing(t *testing.T, what string, a, b [3]int, minGroup int) {
	t.Helper()
	if a[2] == 0 || b[2] == 0 {
		return
	}
	if d := a[0] - b[0]; d != 0 && d > -minGroup && d < minGroup {
		t.Errorf("%s: %d responses (sum %d) vs %d (sum %d): the difference is %d rating(s) summing to %d",
			what, a[0], a[1], b[0], b[1], d, a[1]-b[1])
	}
}

func published(t *testing.T, db *sqldb.DB, scope report.Scope, minGroup int) [3]int {
	n, sum, ok := feedbackOf(t, db, scope, minGroup)
	shown := 0
	if ok {
		shown = 1
	}
	return [3]int{n, sum, shown}
}

// TestReportNoDifferencingAcrossScopes is issue 10's item 5: on main,
// `/mentor report` (6 responses, average 4.17) minus `/mentor report
// Spring` (5 responses, average 4.4) gave the one rating outside Spring, 3.
func TestReportNoDifferencingAcrossScopes(t *testing.T) {
	db, _, rate, pair := differencingDB(t)
	outside, mentee := pair(6, "")
	rate(outside, mentee, 3)
	all := published(t, db, report.Scope{}, 5)
	spring := published(t, db, report.Scope{Program: "Spring"}, 5)
	if all[2] == 0 || spring[2] == 0 {
		t.Fatalf("feedback of five raters is suppressed: all %v, Spring %v", all, spring)
	}
	assertNoDifferencing(t, "all programs minus Spring", all, spring, 5)
}

// TestReportNoDifferencingOverTime: the same report before and after one
// new response must not move by that one response.
func TestReportNoDifferencingOverTime(t *testing.T) {
	db, clock, rate, _ := differencingDB(t)
	before := published(t, db, report.Scope{Program: "Spring"}, 5)
	beforeAll := published(t, db, report.Scope{}, 5)
	since := clock.t
	rate(1, "UE1", 2) // pairing 1 is UM1–UE1 in Spring
	after := published(t, db, report.Scope{Program: "Spring"}, 5)
	afterAll := published(t, db, report.Scope{}, 5)
	assertNoDifferencing(t, "Spring after one more response", after, before, 5)
	assertNoDifferencing(t, "all programs after one more response", afterAll, beforeAll, 5)
	// A window that starts just before the new response must not show it
	// either, alone or against the whole history.
	window := published(t, db, report.Scope{Since: since}, 5)
	if window[2] != 0 {
		assertNoDifferencing(t, "window of the last response vs nothing", window, [3]int{0, 0, 1}, 5)
	}
	assertNoDifferencing(t, "all minus window", afterAll, window, 5)
}
