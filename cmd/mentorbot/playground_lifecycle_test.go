package main

import (
	"context"
	"testing"

	"github.com/mentorbot/mentorbot/bot/playground"
	"github.com/mentorbot/mentorbot/store/report"
	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// TestPlaygroundReachesRenewalsAndCloses: with the playground's short term
// (4 weeks, asked 1 week before), time travel brings the renewal ask after
// 3 weeks, the colleagues answer it, and after 4 weeks the pairings whose
// people did not both continue close with the thank-you recap, while the
// others are extended.
func TestPlaygroundReachesRenewalsAndCloses(t *testing.T) {
	p := startPlayground(t, nil)
	p.seedAndMatch()
	for range 3 {
		p.weekLater()
	}
	p.waitState(tourPerson, has("im", "Would you like to continue another term (4 weeks)?"))
	p.weekLater()
	p.weekLater()
	p.waitState(tourPerson, func(s playground.State) bool {
		return has("im", "has come to its planned end")(s) || has("im", "both chose to continue")(s)
	})
	db := openDB(t, p.db)
	raw, err := db.ReportData(context.Background(), report.Scope{})
	if err != nil {
		t.Fatal(err)
	}
	if raw.Lifecycle.Completed == 0 {
		t.Errorf("no pairing completed after five weeks: %+v", raw.Lifecycle)
	}
	var extended int
	if err := sqldbtest.Raw(t, p.db, sqldb.DSN).QueryRow(`SELECT COUNT(*) FROM pairings WHERE extended_at IS NOT NULL AND status = 'active'`).Scan(&extended); err != nil {
		t.Fatal(err)
	}
	if extended == 0 {
		t.Errorf("no pairing was extended (%d completed)", raw.Lifecycle.Completed)
	}
	t.Logf("after five weeks: %d completed, %d extended, %d ended in all", raw.Lifecycle.Completed, extended, raw.Pairings.Ended)
}
