package reportsql_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store/report"
	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

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
	writer := sqldbtest.Raw(t, f.path, sqldb.DSN)
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
		path := generateDB(t, genSpec{People: 300 + 100*int(seed), Checkins: 3000, Seed: seed, Marker: feedbackMarker})
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
					if strings.Contains(buf.String(), feedbackMarker) || namesOutsideAtRisk(buf.String(), rep) {
						t.Fatalf("seed %d, %s, min %d: feedback text or a name in the report", seed, format, minGroup)
					}
				}
			}
		}
		db.Close()
	}
}
