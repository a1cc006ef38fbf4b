package scheduler_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// BenchmarkLifecycleTickNothingDue is the cost of one lifecycle run (every
// 10 s) on a database of 2,000 active pairings, none due: the three
// look-ups over the partial indexes on end dates.
func BenchmarkLifecycleTickNothingDue(b *testing.B) {
	c := newClock("2026-01-04 12:00:00")
	ctx := context.Background()
	db, err := sqldb.Open(ctx, filepath.Join(b.TempDir(), "bench.db"), sqldb.Options{Clock: c.Now})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	for i := range 2000 {
		m, e := fmt.Sprintf("UM%04d", i), fmt.Sprintf("UE%04d", i)
		for _, id := range []string{m, e} {
			if _, err := db.SaveProfile(ctx, store.Profile{SlackID: id, Name: id, Role: store.RoleBoth, Cadence: store.CadenceWeekly, Timezone: "UTC", Capacity: 1}); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := db.CreatePairing(ctx, store.NewPairing{MentorSlack: m, MenteeSlack: e}); err != nil {
			b.Fatal(err)
		}
	}
	cfg := config(c)
	cfg.Lifecycle = scheduler.Lifecycle{Length: testLength, Notice: testNotice, Store: db}
	s, err := scheduler.New(db, &fakeSender{}, cfg)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.LifecycleTick(ctx); err != nil { // sets the end dates
		b.Fatal(err)
	}
	c.Set("2026-01-05 12:00:00")
	b.ResetTimer()
	for b.Loop() {
		if err := s.LifecycleTick(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
