package reportsql_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/report"
	"github.com/mentorbot/mentorbot/store/sqldb"
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
	path := filepath.Join(t.TempDir(), "report.db")
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
	raw, err := sql.Open("sqlite3", sqldb.DSN(path, false))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
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

	wantParticipants := report.Participants{Total: 12, Mentors: 5, Mentees: 8, Waiting: 2, Paused: 1, Left: 1, Matched: 5, Met: 5}
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
			if strings.Contains(out, "Person U") {
				t.Errorf("%s (min %d) shows a person's name", format, minGroup)
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
	path := filepath.Join(t.TempDir(), "empty.db")
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

// TestReportBesideWriter runs a report while another connection holds the
// write lock, as beside a running bot: on a read-only handle (mentorbot
// report) and on the bot's own read-write handle (/mentor report). Neither
// waits, and neither sees the uncommitted write.
func TestReportBesideWriter(t *testing.T) {
	ctx := context.Background()
	f := buildReportFixture(t)
	ro, err := sqldb.Open(ctx, f.path, sqldb.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	writer, err := sql.Open("sqlite3", sqldb.DSN(f.path, false))
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	tx, err := writer.BeginTx(ctx, nil) // _txlock=immediate: takes the write lock now
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`UPDATE participants SET department = 'Moved' WHERE slack_id = 'UE1'`); err != nil {
		t.Fatal(err)
	}
	for name, db := range map[string]*sqldb.DB{"read-only": ro, "read-write": f.db} {
		t.Run(name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() {
				raw, err := db.ReportData(ctx, report.Scope{Program: "Alpha"})
				if err == nil && raw.Participants.Total != 12 {
					err = errors.New("wrong snapshot")
				}
				for _, d := range raw.Departments {
					if d.Name == "Moved" {
						err = errors.New("report saw an uncommitted write")
					}
				}
				done <- err
			}()
			select {
			case err := <-done:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("report blocked behind a writer")
			}
		})
	}
	// The writer was not held up either, and can commit.
	if _, err := tx.Exec(`UPDATE participants SET department = 'Moved again' WHERE slack_id = 'UE1'`); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	raw, err := f.db.ReportData(ctx, report.Scope{})
	if err != nil {
		t.Fatal(err)
	}
	moved := false
	for _, d := range raw.Departments {
		moved = moved || d.Name == "Moved again"
	}
	if !moved {
		t.Error("a report after the commit does not see it")
	}
}

// equalJSON compares two values by their JSON form.
func equalJSON(t *testing.T, a, b any) bool {
	t.Helper()
	ja, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	jb, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Equal(ja, jb)
}

// TestReportRandomDatabases runs reports over generated databases (long-tail
// departments, leavers, random answers and ratings, feedback text carrying a
// marker) and checks that the breakdowns add up to the totals and that no
// format, at any minimum group, shows feedback text or a name.
func TestReportRandomDatabases(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(1); seed <= 3; seed++ {
		path := generateDB(t, t.TempDir(), genSpec{People: 300 + 100*int(seed), Checkins: 3000, Seed: seed, Marker: feedbackMarker})
		db, err := sqldb.Open(ctx, path, sqldb.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, scope := range []report.Scope{{}, {Program: "Spring"}, {Since: genBase.AddDate(0, -1, 0)}} {
			raw, err := db.ReportData(ctx, scope)
			if err != nil {
				t.Fatal(err)
			}
			var people, sent, answered, met int
			for _, d := range append(raw.Departments, raw.Former) {
				people += d.People
				sent += d.Sent.Value
				answered += d.Answered.Value
				met += d.Met.Value
			}
			var wSent, wAnswered, wMet, rated int
			for _, w := range raw.Weeks {
				wSent += w.Sent.Value
				wAnswered += w.Answered.Value
				wMet += w.Met.Value
				if w.Met.People > w.Met.Value || w.Answered.People > w.Sent.People {
					t.Errorf("seed %d: week people exceed their counts: %+v", seed, w)
				}
			}
			for i, r := range raw.Feedback {
				if r.Value < 1 || r.Value > 5 || (i > 0 && r.Program < raw.Feedback[i-1].Program) {
					t.Fatalf("seed %d: rating %d: %+v", seed, i, r)
				}
				if r.InWindow {
					rated++
				}
			}
			c := raw.CheckIns
			if people != raw.Participants.Total+raw.Participants.Left || sent != c.Sent || answered != c.Answered || met != c.Met ||
				wSent != c.Sent || wAnswered != c.Answered || wMet != c.Met || (scope.Since.IsZero() && rated != len(raw.Feedback)) {
				t.Errorf("seed %d scope %+v: breakdowns do not add up: people %d/%d check-ins %d %d %d / %+v weeks %d %d %d ratings %d/%d",
					seed, scope, people, raw.Participants.Total+raw.Participants.Left, sent, answered, met, c, wSent, wAnswered, wMet, rated, len(raw.Feedback))
			}
			for minGroup := 1; minGroup <= 8; minGroup++ {
				rep := report.Build(raw, minGroup)
				for _, format := range report.Formats() {
					var buf bytes.Buffer
					if err := report.Write(&buf, rep, format); err != nil {
						t.Fatal(err)
					}
					if strings.Contains(buf.String(), feedbackMarker) || strings.Contains(buf.String(), "Person U") {
						t.Fatalf("seed %d, %s, min %d: feedback text or a name in the report", seed, format, minGroup)
					}
				}
			}
		}
		db.Close()
	}
}
