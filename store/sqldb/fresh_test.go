package sqldb_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// KeepReadersFresh rebuilds the in-memory model once writes stop, not
// after each: the polls while a replica is still writing rebuild nothing
// and do not wait for the acks; the first poll after the writes do both,
// in that order, and the next read of a person comes from memory.
func TestFreshenerRebuildsOnceWritesStop(t *testing.T) {
	ctx := context.Background()
	a, b := twoReplicas(t)
	if err := a.WarmReaders(ctx); err != nil {
		t.Fatal(err)
	}
	quiets := 0
	f := a.Instant().Freshener(func(context.Context) { quiets++ })
	if rebuilt, err := f.Step(ctx); err != nil || rebuilt || quiets != 0 {
		t.Fatalf("nothing written: rebuilt %v, %d waits for the acks, %v", rebuilt, quiets, err)
	}
	for i := range 3 {
		if _, err := b.SaveProfile(ctx, profile(fmt.Sprintf("UW%d", i), store.RoleMentor)); err != nil {
			t.Fatal(err)
		}
		if rebuilt, err := f.Step(ctx); err != nil || rebuilt || quiets != 0 {
			t.Fatalf("poll %d, written to since the last: rebuilt %v, %d waits for the acks, %v", i, rebuilt, quiets, err)
		}
	}
	// Rebuilds are spaced (at least 50 ms after the last): poll until one
	// runs, reading nothing meanwhile (a read would start one of its own).
	deadline := time.Now().Add(10 * time.Second)
	for {
		rebuilt, err := f.Step(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if rebuilt {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the model was not rebuilt within 10 s of polling after the writes stopped")
		}
	}
	if quiets == 0 {
		t.Fatal("rebuilt without waiting for the acks under way")
	}
	before := a.ReadsFromMemory()
	st, err := a.StatusOf(ctx, "UW2")
	if err != nil || st.Participant.Role != store.RoleMentor {
		t.Fatalf("status after the rebuild: %+v %v", st, err)
	}
	// On PostgreSQL other tests' writes may move the snapshot on meanwhile.
	if a.ReadsFromMemory() != before+1 && sqldbtest.Engine() == "sqlite" {
		t.Fatal("the first read after the rebuild went to the database")
	}
}

// A database written to at every poll is still rebuilt: after ten polls
// that saw it move, the next one goes ahead.
func TestFreshenerRebuildsUnderSteadyWrites(t *testing.T) {
	ctx := context.Background()
	a, b := twoReplicas(t)
	if err := a.WarmReaders(ctx); err != nil {
		t.Fatal(err)
	}
	quiets := 0
	f := a.Instant().Freshener(func(context.Context) { quiets++ })
	for i := range 11 {
		if _, err := b.SaveProfile(ctx, profile(fmt.Sprintf("US%02d", i), store.RoleMentee)); err != nil {
			t.Fatal(err)
		}
		if _, err := f.Step(ctx); err != nil {
			t.Fatal(err)
		}
		if want := max(0, i-9); quiets != want {
			t.Fatalf("after %d polls, each after a write: %d attempts to rebuild, want %d", i+1, quiets, want)
		}
	}
}
