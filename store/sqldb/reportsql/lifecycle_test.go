package reportsql_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/report"
	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// TestReportLifecycle: completed vs early ends, the median days from start
// to first Met, and meetings held (distinct weeks with a Met from either
// person) per pairing that ended, read from the database on both engines.
func TestReportLifecycle(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	target := sqldbtest.Target(t)
	db, err := sqldb.Open(ctx, target, sqldb.Options{Clock: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	raw := sqldbtest.Raw(t, target, sqldb.DSN)
	var ps []store.Pairing
	for i := range 4 {
		m, e := fmt.Sprintf("UM%d", i), fmt.Sprintf("UE%d", i)
		for _, p := range []store.Profile{{SlackID: m, Role: store.RoleMentor, Capacity: 1}, {SlackID: e, Role: store.RoleMentee}} {
			p.Name, p.Cadence, p.Timezone = "Person "+p.SlackID, store.CadenceWeekly, "UTC"
			if _, err := db.SaveProfile(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		p, err := db.CreatePairing(ctx, store.NewPairing{MentorSlack: m, MenteeSlack: e})
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	// Met answers: pairing 0 in two weeks (both people in the first: one
	// meeting), first Met 3 days after its start; pairing 1 once, 7 days
	// after; pairing 2 never.
	met := func(p store.Pairing, who int64, slot time.Time) {
		if _, err := raw.Exec(`INSERT INTO checkins (pairing_id, participant_id, slot, sent_at, answer, answered_at) VALUES (?, ?, ?, ?, 'met', ?)`,
			p.ID, who, slot, slot, slot); err != nil {
			t.Fatal(err)
		}
	}
	met(ps[0], ps[0].MentorID, now.AddDate(0, 0, 3))
	met(ps[0], ps[0].MenteeID, now.AddDate(0, 0, 4))
	met(ps[0], ps[0].MenteeID, now.AddDate(0, 0, 10))
	met(ps[1], ps[1].MenteeID, now.AddDate(0, 0, 7))
	// Pairings 0 and 1 complete on their end date; 2 is unpaired early; 3 stays.
	if _, err := db.FillEndDates(ctx, now, 20*24*time.Hour, 24*time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := db.EndPairingByID(ctx, ps[2].ID, "unpaired by an admin"); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE pairings SET ends_at = ? WHERE id = ?`, now.AddDate(0, 0, 30), ps[3].ID); err != nil {
		t.Fatal(err)
	}
	if ended, err := db.EndDuePairings(ctx, now.AddDate(0, 0, 21), time.Hour); err != nil || len(ended) != 2 {
		t.Fatalf("ended %v %v", ended, err)
	}
	r, err := db.ReportData(ctx, report.Scope{})
	if err != nil {
		t.Fatal(err)
	}
	want := report.Lifecycle{Ended: 3, Completed: 2, DaysToFirstMet: 5, DaysToFirstMetPairings: 2, Meetings: 3}
	if r.Lifecycle != want {
		t.Fatalf("lifecycle %+v, want %+v", r.Lifecycle, want)
	}
	rep := report.Build(r, 1)
	if *rep.Lifecycle.Completed != 2 || *rep.Lifecycle.EndedEarly != 1 || *rep.Lifecycle.MeetingsPerPairing != 1 || *rep.Lifecycle.MedianDaysToFirstMet != 5 {
		t.Fatalf("figures %+v", rep.Lifecycle)
	}
	if rep := report.Build(r, 5); rep.Lifecycle.Completed != nil || rep.Lifecycle.MeetingsPerPairing != nil || rep.Lifecycle.MedianDaysToFirstMet != nil {
		t.Fatalf("under the minimum group: %+v", rep.Lifecycle)
	}
}
