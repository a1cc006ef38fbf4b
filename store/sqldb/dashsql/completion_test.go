package dashsql_test

import (
	"context"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// The dashboard counts ended pairings as completed (on their end date or
// with their program) or ended early, on both engines.
func TestDashboardCompletion(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	if _, err := w.db.EndPairingByID(ctx, w.annBob.ID, "unpaired by an admin"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.FillEndDates(ctx, *w.clock, time.Hour, time.Minute); err != nil {
		t.Fatal(err)
	}
	if ended, err := w.db.EndDuePairings(ctx, w.clock.Add(2*time.Hour), time.Hour); err != nil || len(ended) != 1 {
		t.Fatalf("ended %v %v", ended, err)
	}
	d, err := w.db.DashboardData(ctx, *w.clock, "UADMIN", store.DashboardLimits{Attention: 10, Waiting: 10, Proposals: 5})
	if err != nil {
		t.Fatal(err)
	}
	if d.Completed != 1 || d.EndedEarly != 1 {
		t.Fatalf("completed %d, early %d; want 1 and 1", d.Completed, d.EndedEarly)
	}
}
