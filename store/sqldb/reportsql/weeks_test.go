package reportsql_test

import (
	"context"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store/report"
	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/reportsql"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// TestWeekPeopleBounds checks the three tiers of weekly people counts on a
// week with two slots (two timezones) where one person is asked in both:
// each tier's lower bound is at most the exact count, and the exact tier
// counts that person once.
func TestWeekPeopleBounds(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	path := sqldbtest.Target(t)
	d, err := sqldb.Open(ctx, path, sqldb.Options{Clock: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	// Rows the store's API cannot write (check-ins with answers at given
	// slots) go in through a connection of the test's own.
	db := sqldbtest.Raw(t, path, sqldb.DSN)
	slotA := time.Date(2026, 9, 7, 1, 0, 0, 0, time.UTC) // Monday 10:00 in Tokyo
	slotB := time.Date(2026, 9, 7, 8, 0, 0, 0, time.UTC) // Monday 10:00 in Paris
	stmts := []string{
		`INSERT INTO participants (id, slack_id, role, created_at, updated_at) VALUES (1, 'U1', 'mentor', ?, ?), (2, 'U2', 'mentee', ?, ?), (3, 'U3', 'mentee', ?, ?)`,
		`INSERT INTO pairings (id, mentor_id, mentee_id, started_at) VALUES (1, 1, 2, ?), (2, 1, 3, ?)`,
	}
	if _, err := db.ExecContext(ctx, stmts[0], now, now, now, now, now, now); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, stmts[1], now, now); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		pairing, person int
		slot            time.Time
		answer          string
	}{
		{1, 1, slotA, "met"}, {1, 2, slotA, "met"}, // U1 and U2 in Tokyo's slot
		{2, 1, slotB, "not_yet"}, {2, 3, slotB, "met"}, // U1 again in Paris's
	} {
		if _, err := db.ExecContext(ctx, `INSERT INTO checkins (pairing_id, participant_id, slot, sent_at, answer) VALUES (?, ?, ?, ?, ?)`,
			c.pairing, c.person, c.slot, c.slot, c.answer); err != nil {
			t.Fatal(err)
		}
	}
	weeks := func(exactBelow int) report.Week {
		var raw report.Raw
		tx, err := db.BeginTxx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		err = reportsql.WeeksForTest(ctx, tx, exactBelow, &raw)
		if err != nil || len(raw.Weeks) != 1 {
			t.Fatalf("weeks %+v %v", raw.Weeks, err)
		}
		return raw.Weeks[0]
	}
	c := func(v, p int) report.Count { return report.Count{Value: v, People: p} }
	for _, tc := range []struct {
		name       string
		exactBelow int
		people     [3]int
	}{
		// K = 2 (U1 mentors two) + 1: each slot's 2 check-ins are at least 1 person.
		{"tier 1: count per K", 0, [3]int{1, 1, 1}},
		// Each slot has 2 recipients; in Paris's 1 of 2 check-ins is not "met".
		{"tier 2: recipients per slot", 2, [3]int{2, 2, 2}},
		{"tier 3: exact", report.MaxMinGroup, [3]int{3, 3, 3}},
	} {
		w := weeks(tc.exactBelow)
		if w.Sent != c(4, tc.people[0]) || w.Answered != c(4, tc.people[1]) || w.Met != c(3, tc.people[2]) {
			t.Errorf("%s: %+v, want people %v", tc.name, w, tc.people)
		}
	}
}
