package circlesql_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/report"
)

// TestCirclesNotMeetingPerCircle: the pairings' "not met for 3 check-ins"
// rule applied per circle, on both engines.
func TestCirclesNotMeetingPerCircle(t *testing.T) {
	clock := start
	ctx := context.Background()
	db, raw := openDBRaw(t, &clock)
	signUp(t, db, "ULEAD", store.RoleMentor, 6)
	signUp(t, db, "ULEAD2", store.RoleMentor, 6)
	for _, id := range []string{"UA", "UB", "UC", "UD"} {
		signUp(t, db, id, store.RoleMentee, 0)
	}
	quiet := newCircle(t, db, "Quiet", "ULEAD", 4, nil)
	busy := newCircle(t, db, "Busy", "ULEAD2", 4, nil)
	for _, j := range []struct {
		c  store.Circle
		id string
	}{{quiet, "UA"}, {quiet, "UB"}, {busy, "UC"}, {busy, "UD"}} {
		if _, err := db.JoinCircle(ctx, j.c.ID, j.id); err != nil {
			t.Fatal(err)
		}
	}
	pid := func(slack string) int64 {
		p, err := db.Participant(ctx, slack)
		if err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	week := func(i int) time.Time { return start.AddDate(0, 0, 7*(i+1)) }
	// checkin records who's check-in of week i in c: answered, or sent
	// and unanswered ("").
	checkin := func(c store.Circle, who string, i int, answer string) {
		t.Helper()
		var at any
		if answer != "" {
			at = week(i).Add(time.Hour)
		}
		if _, err := raw.Exec(`INSERT INTO circle_checkins (circle_id, participant_id, slot, sent_at, answer, answered_at) VALUES (?, ?, ?, ?, ?, ?)`,
			c.ID, pid(who), week(i), week(i), answer, at); err != nil {
			t.Fatal(err)
		}
	}
	ignoredBefore := func(i int) time.Time { return week(i).Add(48 * time.Hour) } // check-ins up to week i count as ignored
	notMeeting := func(ignored time.Time) []int64 {
		t.Helper()
		ids, err := db.CirclesNotMeeting(ctx, 3, ignored)
		if err != nil {
			t.Fatal(err)
		}
		return ids
	}
	// Weeks 0-1: nobody in either circle met (Not yet, Need help, ignored).
	for i := 0; i < 2; i++ {
		checkin(quiet, "UA", i, store.AnswerNotYet)
		checkin(quiet, "UB", i, "")
		checkin(busy, "UC", i, store.AnswerNeedHelp)
		checkin(busy, "UD", i, store.AnswerNotYet)
	}
	if got := notMeeting(ignoredBefore(1)); len(got) != 0 {
		t.Fatalf("after 2 weeks: %v, want none", got)
	}
	// Week 2: Busy's member D says Met, so Busy met; Quiet's B ignores
	// a third one, but it is not "ignored" until the grace has passed.
	checkin(quiet, "UB", 2, "")
	checkin(busy, "UC", 2, store.AnswerNotYet)
	checkin(busy, "UD", 2, store.AnswerMet)
	if got := notMeeting(week(2).Add(-time.Minute)); len(got) != 0 {
		t.Fatalf("third check-in still open: %v, want none", got)
	}
	if got := notMeeting(ignoredBefore(2)); !slices.Equal(got, []int64{quiet.ID}) {
		t.Fatalf("B's third ignored check-in: %v, want only Quiet (%d): Busy met in week 2", got, quiet.ID)
	}
	// A person who left no longer counts: B leaves, A has had only 2.
	if _, err := db.LeaveCircle(ctx, quiet.ID, "UB"); err != nil {
		t.Fatal(err)
	}
	if got := notMeeting(ignoredBefore(2)); len(got) != 0 {
		t.Fatalf("after B left: %v, want none", got)
	}
	checkin(quiet, "UA", 2, store.AnswerNeedHelp)
	if got := notMeeting(ignoredBefore(2)); !slices.Equal(got, []int64{quiet.ID}) {
		t.Fatalf("A's third check-in without Met: %v, want Quiet", got)
	}
	// The flag is set once and keeps the first reason; a flagged circle
	// is not listed again; a closed circle is never flagged.
	if first, err := db.MarkCircleAtRisk(ctx, quiet.ID, store.RiskNotMeeting); err != nil || !first {
		t.Fatalf("first flag: %v %v", first, err)
	}
	if first, err := db.MarkCircleAtRisk(ctx, quiet.ID, store.RiskLowRating); err != nil || first {
		t.Fatalf("second flag: %v %v, want not new", first, err)
	}
	if c, _ := db.CircleByID(ctx, quiet.ID); c.AtRiskReason != store.RiskNotMeeting || c.AtRiskAt == nil {
		t.Fatalf("quiet circle flag %q %v", c.AtRiskReason, c.AtRiskAt)
	}
	if got := notMeeting(ignoredBefore(2)); len(got) != 0 {
		t.Fatalf("flagged already: %v", got)
	}
	// The report names the flagged circle with the reason, as it names
	// at-risk pairings, and counts it.
	data, err := db.ReportData(ctx, report.Scope{})
	if err != nil {
		t.Fatal(err)
	}
	rc := report.Build(data, 5).Circles
	if rc == nil || rc.AtRisk != 1 || len(rc.AtRiskCircles) != 1 {
		t.Fatalf("report circles at risk: %+v", rc)
	}
	if a := rc.AtRiskCircles[0]; a.CircleID != quiet.ID || a.Name != "Quiet" || a.Lead != "ULEAD" || a.LeadName != "Person ULEAD" ||
		!slices.Equal(a.Reasons, []string{report.ReasonNotMet}) || a.Why != "have not met for 3 check-ins" {
		t.Fatalf("at-risk circle in the report: %+v", a)
	}
	var text strings.Builder
	if err := report.WriteText(&text, report.Build(data, 5)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "At-risk circles (1)") || !strings.Contains(text.String(), "have not met for 3 check-ins") {
		t.Fatalf("the text report does not name the circle:\n%s", text.String())
	}
	if _, err := db.CloseCircle(ctx, busy.ID, "test"); err != nil {
		t.Fatal(err)
	}
	if first, err := db.MarkCircleAtRisk(ctx, busy.ID, store.RiskNotMeeting); err != nil || first {
		t.Fatalf("closed circle flagged: %v %v", first, err)
	}
}
