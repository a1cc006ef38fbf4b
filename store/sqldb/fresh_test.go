package sqldb_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/viewsql"
)

// KeepReadersFresh rebuilds the in-memory model once writes stop, not
// after each: the polls while a replica is still writing rebuild nothing
// and do not wait for the acks; the first poll after the writes do both,
// in that order, and the next read of a person comes from memory.
func TestFreshenerRebuildsOnceWritesStop(t *testing.T) {
	ctx := context.Background()
	a, b := warmReplicas(t)
	f, quiets := countingFreshener(a)
	if rebuilt, err := f.Step(ctx); err != nil || rebuilt || *quiets != 0 {
		t.Fatalf("nothing written: rebuilt %v, %d waits for the acks, %v", rebuilt, *quiets, err)
	}
	for i := range 3 {
		if _, err := b.SaveProfile(ctx, profile(fmt.Sprintf("UW%d", i), store.RoleMentor)); err != nil {
			t.Fatal(err)
		}
		if rebuilt, err := f.Step(ctx); err != nil || rebuilt || *quiets != 0 {
			t.Fatalf("poll %d, written to since the last: rebuilt %v, %d waits for the acks, %v", i, rebuilt, *quiets, err)
		}
	}
	untilRebuilt(t, f.Step)
	if *quiets == 0 {
		t.Fatal("rebuilt without waiting for the acks under way")
	}
	statusFromMemory(t, a, "UW2", store.RoleMentor)
}

// A database written to at every poll is still rebuilt: after ten polls
// that saw it move, the next one goes ahead.
func TestFreshenerRebuildsUnderSteadyWrites(t *testing.T) {
	ctx := context.Background()
	a, b := warmReplicas(t)
	f, quiets := countingFreshener(a)
	for i := range 11 {
		if _, err := b.SaveProfile(ctx, profile(fmt.Sprintf("US%02d", i), store.RoleMentee)); err != nil {
			t.Fatal(err)
		}
		if _, err := f.Step(ctx); err != nil {
			t.Fatal(err)
		}
		if want := max(0, i-9); *quiets != want {
			t.Fatalf("after %d polls, each after a write: %d attempts to rebuild, want %d", i+1, *quiets, want)
		}
	}
}

// countingFreshener is db's freshener with a wait for the acks that
// counts its calls.
func countingFreshener(db *sqldb.DB) (*viewsql.Freshener, *int) {
	quiets := new(int)
	return db.Instant().Freshener(func(context.Context) { *quiets++ }), quiets
}
