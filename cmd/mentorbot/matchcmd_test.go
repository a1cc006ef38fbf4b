package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const importCSV = `slack_id,name,role,teaches,learns,goals,department,seniority,manager_id,capacity,cadence,timezone
U001,Ann,mentor,Go;Kubernetes,,help others,Platform,12,,2,weekly,America/New_York
U002,Bob,mentee,,Kubernetes;Go,become lead,Payments,2,U001,,biweekly,Europe/London
U003,Cat,mentee,,Go,grow,Design,1,,,monthly,Asia/Tokyo
`

func runCLI(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errb strings.Builder
	err := run(context.Background(), args, func(string) string { return "" }, &out, &errb)
	return out.String(), errb.String(), err
}

func TestImportThenMatchDryRun(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	csvPath := filepath.Join(dir, "people.csv")
	if err := os.WriteFile(csvPath, []byte(importCSV), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCLI(t, "import", "--db", db, csvPath)
	if err != nil || !strings.Contains(out, "3 new") {
		t.Fatalf("import: %q %v", out, err)
	}
	// Importing again updates, never duplicates.
	out, _, err = runCLI(t, "import", "--db", db, csvPath)
	if err != nil || !strings.Contains(out, "0 new, 3 updated") {
		t.Fatalf("re-import: %q %v", out, err)
	}
	scores := filepath.Join(dir, "scores.csv")
	out, _, err = runCLI(t, "match", "--db", db, "--dry-run", "--format", "json", "--scores", scores)
	if err != nil {
		t.Fatal(err)
	}
	var m matchJSON
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	// Ann manages Bob: she may only mentor Cat.
	if len(m.Pairs) != 1 || m.Pairs[0].MentorID != "U001" || m.Pairs[0].MenteeID != "U003" {
		t.Fatalf("pairs = %+v", m.Pairs)
	}
	if len(m.Unmatched) != 1 || m.Unmatched[0].ID != "U002" || m.Unmatched[0].Reason == "" {
		t.Fatalf("unmatched = %+v", m.Unmatched)
	}
	raw, _ := os.ReadFile(scores)
	if got := string(raw); !strings.HasPrefix(got, "mentor_id,mentee_id,score\n") || strings.Contains(got, "U001,U002") || !strings.Contains(got, "U001,U003,") {
		t.Fatalf("scores file:\n%s", got)
	}
	// Nothing was created by a dry run.
	out, _, err = runCLI(t, "match", "--db", db, "--dry-run")
	if err != nil || !strings.Contains(out, "1 pair,") {
		t.Fatalf("second dry run: %q %v", out, err)
	}
	// --weights (or MENTORBOT_MATCH_WEIGHTS) changes the scores; a bad
	// weight is refused.
	if _, _, err := runCLI(t, "match", "--db", db, "--dry-run", "--weights", "topic=abc"); err == nil || !strings.Contains(err.Error(), "--weights") {
		t.Fatalf("bad weights: %v", err)
	}
	out, _, err = runCLI(t, "match", "--db", db, "--dry-run", "--format", "json", "--weights", "topic=300,department=0")
	if err != nil || !strings.Contains(out, `"score": 3`) {
		t.Fatalf("weighted dry run: %v\n%s", err, out)
	}
	if _, _, err := runCLI(t, "match", "--db", db); err == nil {
		t.Fatal("match without --dry-run should refuse")
	}
}

func TestImportBadRows(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	cases := []struct {
		name, csv string
		partial   bool
		wantErr   string
		wantOut   string
	}{
		{"unknown column", "slack_id,role,color\nU001,mentor,red\n", false, `unknown column "color"`, ""},
		{"missing role column", "slack_id,name\nU001,Ann\n", false, `required column "role"`, ""},
		{"bad rows, all or nothing", "slack_id,role,capacity\nU0X1,mentor,2\nbob,mentee,\nU0X3,boss,\n", false, "2 bad lines; nothing was imported", ""},
		{"bad rows, partial", "slack_id,role,capacity\nU0X1,mentor,2\nbob,mentee,\nU0X3,boss,\n", true, "", "1 new"},
		{"duplicate id", "slack_id,role\nU0Y1,mentee\nU0Y1,mentee\n", false, "1 bad line;", ""},
		{"bad timezone", "slack_id,role,timezone\nU0Z1,mentee,Mars/Base\n", false, "1 bad line;", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "_")+".csv")
			os.WriteFile(p, []byte(c.csv), 0o600)
			args := []string{"import", "--db", db}
			if c.partial {
				args = append(args, "--partial")
			}
			out, stderr, err := runCLI(t, append(args, p)...)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("err = %v, want %q (stderr %q)", err, c.wantErr, stderr)
				}
				return
			}
			if err != nil || !strings.Contains(out, c.wantOut) {
				t.Fatalf("out %q err %v", out, err)
			}
			if !strings.Contains(stderr, "line 3") || !strings.Contains(stderr, "line 4") {
				t.Fatalf("bad lines not reported with their numbers: %q", stderr)
			}
		})
	}
	// The all-or-nothing cases wrote nobody.
	out, _, _ := runCLI(t, "match", "--db", db, "--dry-run", "--format", "json")
	if strings.Contains(out, "U0Y1") || strings.Contains(out, "U0Z1") {
		t.Fatalf("a refused import wrote rows: %s", out)
	}
}
