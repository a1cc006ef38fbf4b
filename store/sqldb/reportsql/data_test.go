package reportsql_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/report"
	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

func TestReportDataMatchesWhatHappened(t *testing.T) {
	ctx := context.Background()
	f := buildReportFixture(t)
	raw, err := f.db.ReportData(ctx, report.Scope{Program: "Alpha"})
	if err != nil {
		t.Fatal(err)
	}
	all, err := f.db.ReportData(ctx, report.Scope{})
	if err != nil {
		t.Fatal(err)
	}
	all.Scope.Program = "Alpha"
	if !equalJSON(t, raw, all) {
		t.Errorf("one program holding everyone: program and all-programs reports differ")
	}

	wantParticipants := report.Participants{Total: 12, Mentors: 5, Mentees: 8, Both: 1, Waiting: 2, Paused: 1, Left: 1, Matched: 5, Met: 5}
	if raw.Participants != wantParticipants {
		t.Errorf("participants:\n got %+v\nwant %+v", raw.Participants, wantParticipants)
	}
	if p := raw.Pairings; p.Active != 5 || p.Ended != 2 || p.Started != 7 || p.AtRisk != 4 || p.DaysToMatch != 2 || p.DaysToMatchMentees != 7 {
		t.Errorf("pairings: %+v", p)
	}
	if c := raw.CheckIns; c != (report.CheckIns{Sent: 34, Answered: 31, Met: 25}) {
		t.Errorf("check-ins: %+v", c)
	}
	c := func(v, p int) report.Count { return report.Count{Value: v, People: p} }
	wantWeeks := []report.Week{
		{Start: time.Date(2026, 9, 7, 0, 0, 0, 0, time.UTC), Sent: c(14, 11), Answered: c(14, 11), Met: c(12, 10)},
		{Start: time.Date(2026, 9, 14, 0, 0, 0, 0, time.UTC), Sent: c(8, 7), Answered: c(7, 6), Met: c(6, 6)},
		{Start: time.Date(2026, 9, 21, 0, 0, 0, 0, time.UTC), Sent: c(6, 5), Answered: c(5, 4), Met: c(4, 4)},
		{Start: time.Date(2026, 9, 28, 0, 0, 0, 0, time.UTC), Sent: c(6, 5), Answered: c(5, 4), Met: c(3, 3)},
	}
	if len(raw.Weeks) != len(wantWeeks) {
		t.Fatalf("weeks: %+v", raw.Weeks)
	}
	for i, w := range wantWeeks {
		if g := raw.Weeks[i]; !g.Start.Equal(w.Start) || g.Sent != w.Sent || g.Answered != w.Answered || g.Met != w.Met {
			t.Errorf("week %d:\n got %+v\nwant %+v", i+1, g, w)
		}
	}
	// Every rating, in the order given: E4 1, E5 1, M3 5, M1 5, E1 4, E4 2,
	// E5 4, L1 4, M2 3; raters as opaque numbers, the same person the same.
	var values []int
	for _, r := range raw.Feedback {
		values = append(values, r.Value)
		if r.Program != raw.Feedback[0].Program || r.Program == 0 || !r.InWindow {
			t.Errorf("rating %+v", r)
		}
	}
	if fmt.Sprint(values) != "[1 1 5 5 4 2 4 4 3]" {
		t.Fatalf("ratings %v", values)
	}
	for i, r := range raw.Feedback {
		for j, s := range raw.Feedback[:i] {
			if same := (j == 0 && i == 5) || (j == 1 && i == 6); (r.Rater == s.Rater) != same {
				t.Errorf("raters of ratings %d and %d: %d, %d", j, i, s.Rater, r.Rater)
			}
		}
	}
	wantDepts := []report.Department{
		{Name: "", People: 1, Mentees: 1, Waiting: 1, Sent: c(1, 1), Answered: c(1, 1), Met: c(0, 0)},
		{Name: "Eng", People: 7, Mentors: 4, Mentees: 4, Waiting: 1, Pairings: c(3, 3),
			Sent: c(26, 6), Answered: c(23, 6), Met: c(19, 6)},
		{Name: "Sales", People: 4, Mentors: 1, Mentees: 3, Paused: 1, Pairings: c(2, 2),
			Sent: c(6, 3), Answered: c(6, 3), Met: c(5, 3)},
	}
	if len(raw.Departments) != len(wantDepts) {
		t.Fatalf("departments: %+v", raw.Departments)
	}
	for i, w := range wantDepts {
		if raw.Departments[i] != w {
			t.Errorf("department %q:\n got %+v\nwant %+v", w.Name, raw.Departments[i], w)
		}
	}
	wantFormer := report.Department{People: 1, Sent: c(1, 1), Answered: c(1, 1), Met: c(1, 1)}
	if raw.Former != wantFormer {
		t.Errorf("former:\n got %+v\nwant %+v", raw.Former, wantFormer)
	}

	wantRisk := map[int64][]string{
		f.p["B"]: {report.ReasonNotMet},
		f.p["C"]: {report.ReasonNeedHelp},
		f.p["D"]: {report.ReasonLowRating},
		f.p["E"]: {report.ReasonFlagged},
	}
	if len(raw.AtRisk) != len(wantRisk) {
		t.Fatalf("at risk: %+v", raw.AtRisk)
	}
	for _, a := range raw.AtRisk {
		if strings.Join(a.Reasons, ",") != strings.Join(wantRisk[a.PairingID], ",") {
			t.Errorf("pairing %d reasons %v, want %v", a.PairingID, a.Reasons, wantRisk[a.PairingID])
		}
		if a.Program != "Alpha" || !strings.HasPrefix(a.Mentor, "UM") || !strings.HasPrefix(a.Mentee, "UE") {
			t.Errorf("at-risk row names: %+v", a)
		}
		if a.PairingID == f.p["E"] && a.Flag != store.RiskUnreachable {
			t.Errorf("flag %q", a.Flag)
		}
	}
}

func TestReportDataSince(t *testing.T) {
	f := buildReportFixture(t)
	raw, err := f.db.ReportData(context.Background(), report.Scope{Since: time.Date(2026, 9, 14, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	// Head counts stay; activity from week 2 on.
	if raw.Participants.Total != 12 || raw.Participants.Met != 3 {
		t.Errorf("participants %+v", raw.Participants)
	}
	if p := raw.Pairings; p.Active != 5 || p.Ended != 2 || p.Started != 0 || p.DaysToMatchMentees != 0 {
		t.Errorf("pairings %+v", p)
	}
	if c := raw.CheckIns; c != (report.CheckIns{Sent: 20, Answered: 17, Met: 13}) || len(raw.Weeks) != 3 {
		t.Errorf("check-ins %+v, %d weeks", c, len(raw.Weeks))
	}
	// Every rating comes, so that release groups are the same in every
	// window; the six since 09-14 are marked.
	inWindow := 0
	for _, r := range raw.Feedback {
		if r.InWindow {
			inWindow++
		}
	}
	if len(raw.Feedback) != 9 || inWindow != 6 {
		t.Errorf("feedback: %d ratings, %d in the window", len(raw.Feedback), inWindow)
	}
	if len(raw.AtRisk) != 4 {
		t.Errorf("at-risk pairings describe the present whatever --since: %d", len(raw.AtRisk))
	}
}

func TestReportFormatsFromDatabase(t *testing.T) {
	f := buildReportFixture(t)
	raw, err := f.db.ReportData(context.Background(), report.Scope{Program: "Alpha"})
	if err != nil {
		t.Fatal(err)
	}
	for _, minGroup := range []int{1, 5} {
		rep := report.Build(raw, minGroup)
		for _, format := range report.Formats() {
			var buf bytes.Buffer
			if err := report.Write(&buf, rep, format); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			if strings.Contains(out, feedbackMarker) {
				t.Errorf("%s (min %d) shows feedback text", format, minGroup)
			}
			if namesOutsideAtRisk(out, rep) {
				t.Errorf("%s (min %d) names someone outside the at-risk list", format, minGroup)
			}
			for _, a := range rep.AtRisk {
				if format != report.JSON && !strings.Contains(out, report.PersonInWords(a.MentorName, a.Mentor)) {
					t.Errorf("%s (min %d) does not name at-risk mentor %s", format, minGroup, a.Mentor)
				}
			}
		}
	}
	// With groups of 5, Sales (4 people) and the no-department row (1) merge
	// into "other departments" (5 people), and Eng's small cells hide.
	rep := report.Build(raw, 5)
	if len(rep.Departments) != 1 || rep.Departments[0].Department != "Eng" || rep.OtherDepartments == nil || *rep.OtherDepartments.People != 5 {
		t.Fatalf("departments %+v other %+v", rep.Departments, rep.OtherDepartments)
	}
	// Ratings: the first five (E4, E5, M3, M1, E1: 1, 1, 5, 5, 4) make one
	// release group; the other four wait for a fifth person.
	if rep.Departments[0].Waiting != nil || rep.Feedback.Responses == nil || *rep.Feedback.Responses != 5 || *rep.Feedback.AverageRating != 3.2 {
		t.Errorf("eng %+v feedback %+v", rep.Departments[0], rep.Feedback)
	}
}

func TestReportDataErrors(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	if _, err := db.ReportData(ctx, report.Scope{Program: "Nope"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown program: %v", err)
	}
	// A file that was never migrated is said to be so, even read-only.
	path := sqldbtest.Target(t)
	w, err := sqldb.Open(ctx, path, sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	ro, err := sqldb.Open(ctx, path, sqldb.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.ReportData(ctx, report.Scope{}); !errors.Is(err, store.ErrSchemaTooOld) {
		t.Errorf("unmigrated: %v", err)
	}
	applied, known, err := ro.SchemaStatus(ctx)
	if err != nil || applied != 0 || known < 3 {
		t.Errorf("schema status %d/%d %v", applied, known, err)
	}
}
