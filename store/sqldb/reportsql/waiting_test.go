package reportsql_test

import (
	"context"
	"testing"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/report"
)

// TestReportWaitingIsWhoMatchingTells: "waiting" counts the mentees the
// matcher would tell they are on the waiting list (bot.MatchInput): active,
// reachable, without a mentor in any program. In the fixture B1 (both,
// unpaired) and E6 (pairing ended) wait; once E6 cannot be messaged and B1
// has a mentor in another program, nobody waits in Alpha.
func TestReportWaitingIsWhoMatchingTells(t *testing.T) {
	ctx := context.Background()
	f := buildReportFixture(t)
	waiting := func(program string) int {
		t.Helper()
		raw, err := f.db.ReportData(ctx, report.Scope{Program: program})
		if err != nil {
			t.Fatal(err)
		}
		sum := 0
		for _, d := range raw.Departments {
			sum += d.Waiting
		}
		if sum != raw.Participants.Waiting {
			t.Errorf("%q: departments' waiting add up to %d, the total is %d", program, sum, raw.Participants.Waiting)
		}
		return raw.Participants.Waiting
	}
	if n := waiting("Alpha"); n != 2 {
		t.Fatalf("before: %d waiting, want 2 (B1, E6)", n)
	}
	if _, err := f.db.MarkUnreachable(ctx, "UE6", "account_inactive"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.CreateProgram(ctx, store.NewProgram{Name: "Beta"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.CreatePairing(ctx, store.NewPairing{MentorSlack: "UM3", MenteeSlack: "UB1", Program: "Beta", Source: store.SourceManual}); err != nil {
		t.Fatal(err)
	}
	if n := waiting("Alpha"); n != 0 {
		t.Errorf("Alpha: %d waiting, want 0 (E6 cannot be messaged, B1 has a mentor in Beta)", n)
	}
	if n := waiting(""); n != 0 {
		t.Errorf("all programs: %d waiting, want 0", n)
	}
}

// TestReportAtRiskNamesPeopleAndProgram: the at-risk list carries each
// person's name and the program, for every format to show.
func TestReportAtRiskNamesPeopleAndProgram(t *testing.T) {
	f := buildReportFixture(t)
	raw, err := f.db.ReportData(context.Background(), report.Scope{})
	if err != nil {
		t.Fatal(err)
	}
	if len(raw.AtRisk) == 0 {
		t.Fatal("no at-risk pairing in the fixture")
	}
	for _, a := range raw.AtRisk {
		if a.MentorName != "Person "+a.Mentor || a.MenteeName != "Person "+a.Mentee || a.Program != "Alpha" {
			t.Errorf("at-risk pairing %d: %q (%s) and %q (%s) in %q", a.PairingID, a.MentorName, a.Mentor, a.MenteeName, a.Mentee, a.Program)
		}
	}
}
