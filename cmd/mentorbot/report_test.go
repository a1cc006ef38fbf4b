package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// reportDB makes a database where 6 mentees and 6 mentors of two
// departments signed up for program "Pilot", 6 pairings met weekly for two
// weeks, and 6 people gave feedback (with text no report may show).
func reportDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "mentorbot.db")
	db, err := sqldb.Open(ctx, path, sqldb.Options{Clock: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateProgram(ctx, store.NewProgram{Name: "Pilot"}); err != nil {
		t.Fatal(err)
	}
	var pairings []int64
	for i := range 6 {
		dept := []string{"Eng", "=Ops"}[i%2]
		mentor, mentee := "UMR"+string(rune('A'+i)), "UME"+string(rune('A'+i))
		for id, role := range map[string]string{mentor: store.RoleMentor, mentee: store.RoleMentee} {
			if _, err := db.SaveProfile(ctx, store.Profile{SlackID: id, Name: "Name " + id, Role: role, Department: dept,
				Capacity: 1, Cadence: store.CadenceWeekly, Timezone: "UTC", Programs: []string{"Pilot"}}); err != nil {
				t.Fatal(err)
			}
		}
		p, err := db.CreatePairing(ctx, store.NewPairing{MentorSlack: mentor, MenteeSlack: mentee, Program: "Pilot"})
		if err != nil {
			t.Fatal(err)
		}
		pairings = append(pairings, p.ID)
	}
	raw, err := sql.Open("sqlite3", sqldb.DSN(path, false))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, pid := range pairings {
		for week := range 2 {
			slot := time.Date(2026, 9, 7+7*week, 10, 0, 0, 0, time.UTC)
			if _, err := raw.Exec(`INSERT INTO checkins (pairing_id, participant_id, slot, sent_at, answer)
				SELECT id, mentor_id, ?, ?, 'met' FROM pairings WHERE id = ?
				UNION ALL SELECT id, mentee_id, ?, ?, 'met' FROM pairings WHERE id = ?`, slot, slot, pid, slot, slot, pid); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := raw.Exec(`INSERT INTO feedback (pairing_id, participant_id, slot, rating, went_well, created_at)
			SELECT id, mentee_id, ?, 4, 'SECRET-FEEDBACK-TEXT', ? FROM pairings WHERE id = ?`, now, now, pid); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func runReportForTest(t *testing.T, env map[string]string, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := runReport(context.Background(), args, func(k string) string { return env[k] }, &stdout, &stderr)
	return stdout.String(), stderr.String(), err
}

func TestReportCommandJSON(t *testing.T) {
	path := reportDB(t)
	out, stderr, err := runReportForTest(t, map[string]string{"MENTORBOT_DB": path}, "--program", "Pilot", "--format", "json")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	var doc struct {
		Program      string `json:"program"`
		MinGroup     int    `json:"min_group"`
		Participants struct {
			Mentors, Mentees, Waiting, Paused int
		} `json:"participants"`
		Pairings struct {
			Active, Ended int
		} `json:"pairings"`
		CheckIns struct {
			Sent, Answered, Met int
		} `json:"checkins"`
		Feedback struct {
			Responses     *int     `json:"responses"`
			AverageRating *float64 `json:"average_rating"`
		} `json:"feedback"`
		Departments []map[string]any `json:"departments"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if doc.Program != "Pilot" || doc.MinGroup != 5 || doc.Participants.Mentors != 6 || doc.Participants.Mentees != 6 ||
		doc.Participants.Waiting != 0 || doc.Pairings.Active != 6 || doc.CheckIns.Sent != 24 || doc.CheckIns.Met != 24 {
		t.Errorf("figures: %+v", doc)
	}
	// Six mentees rated 4: the first five make a release group, the sixth
	// waits for four more.
	if doc.Feedback.Responses == nil || *doc.Feedback.Responses != 5 || *doc.Feedback.AverageRating != 4 {
		t.Errorf("feedback %+v", doc.Feedback)
	}
	// Two departments of 6: head counts of 3 mentors each are suppressed.
	if len(doc.Departments) != 2 || doc.Departments[0]["mentors"] != nil || doc.Departments[0]["people"] != 6.0 {
		t.Errorf("departments %v", doc.Departments)
	}
	if strings.Contains(out, "SECRET-FEEDBACK-TEXT") || strings.Contains(out, "Name U") {
		t.Error("report shows feedback text or names")
	}
}

func TestReportCommandMinGroupFromEnvAndFlag(t *testing.T) {
	path := reportDB(t)
	env := map[string]string{"MENTORBOT_DB": path, "MENTORBOT_MIN_GROUP": "1"}
	out, _, err := runReportForTest(t, env, "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		MinGroup    int              `json:"min_group"`
		Departments []map[string]any `json:"departments"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.MinGroup != 1 || len(doc.Departments) != 2 {
		t.Fatalf("MENTORBOT_MIN_GROUP=1 not applied: %+v", doc)
	}
	for _, d := range doc.Departments {
		for k, v := range d {
			// Ratings are never broken down by department.
			if v == nil && k != "feedback_responses" && k != "average_rating" {
				t.Errorf("minimum group 1 suppressed %s of %v", k, d["department"])
			}
		}
	}
	out, _, err = runReportForTest(t, env, "--format", "json", "--min-group", "7")
	if err != nil || !strings.Contains(out, `"min_group": 7`) {
		t.Errorf("--min-group not applied: %v", err)
	}
}

func TestReportCommandWritesFiles(t *testing.T) {
	path := reportDB(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		file, want string
	}{
		{"r.csv", "Participants,People\r\n"},
		{"r.html", "<svg"},
		{"r.json", `"participants"`},
		{"r.txt", "Mentorship report"},
	} {
		file := filepath.Join(dir, tc.file)
		stdout, _, err := runReportForTest(t, nil, "--db", path, "--out", file)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(stdout, file) {
			t.Errorf("no confirmation: %q", stdout)
		}
		body, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(body), tc.want) {
			t.Errorf("%s lacks %q", tc.file, tc.want)
		}
		if st, _ := os.Stat(file); st.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v, want 0600", tc.file, st.Mode().Perm())
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 4 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	// The CSV's department "=Ops" is neutralised.
	body, _ := os.ReadFile(filepath.Join(dir, "r.csv"))
	cr := csv.NewReader(bytes.NewReader(body))
	cr.FieldsPerRecord = -1 // one table per section, each as wide as its header
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		if slices.Contains(row, "=Ops") {
			t.Error("formula cell not neutralised")
		}
	}
}

func TestReportCommandSince(t *testing.T) {
	path := reportDB(t)
	out, _, err := runReportForTest(t, nil, "--db", path, "--since", "2026-09-10", "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "\r\nCheck-ins,Number\r\nSent,12\r\n") || !strings.Contains(out, "Activity counted,since 2026-09-10\r\n") {
		t.Errorf("since not applied:\n%s", out)
	}
}

func TestReportCommandRefusesBadInput(t *testing.T) {
	path := reportDB(t)
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"unknown program", nil, []string{"--db", path, "--program", "Nope"}, `no program named "Nope"`},
		{"bad format", nil, []string{"--db", path, "--format", "pdf"}, "unknown report format"},
		{"bad since", nil, []string{"--db", path, "--since", "yesterday"}, "--since"},
		{"bad min group", map[string]string{"MENTORBOT_MIN_GROUP": "zero"}, []string{"--db", path}, "MENTORBOT_MIN_GROUP is malformed"},
		{"missing database", nil, []string{"--db", filepath.Join(t.TempDir(), "none.db")}, "does not exist"},
		{"stray argument", nil, []string{"--db", path, "Pilot"}, "no arguments"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := runReportForTest(t, tc.env, tc.args...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error with %q", err, tc.want)
			}
		})
	}
}

func TestReportCommandOnUnmigratedDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sqldb.Open(context.Background(), path, sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, _, err = runReportForTest(t, nil, "--db", path)
	if err == nil || !strings.Contains(err.Error(), "mentorbot migrate") {
		t.Errorf("got %v, want advice to migrate", err)
	}
}
