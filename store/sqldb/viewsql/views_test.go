package viewsql

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// fakeVersion is a settable Versioner.
type fakeVersion struct {
	v  atomic.Uint64
	ok atomic.Bool
}

func (f *fakeVersion) Version(context.Context) (uint64, bool) { return f.v.Load(), f.ok.Load() }

func TestViewsServeOnlyTheCurrentVersion(t *testing.T) {
	ctx := context.Background()
	ver := &fakeVersion{}
	ver.ok.Store(true)
	var snaps atomic.Int64
	snap := Snapshot{
		Participants: []store.Participant{{ID: 1, SlackID: "UA", Role: store.RoleMentee, Teaches: []string{"Go"}}, {ID: 2, SlackID: "UB", Role: store.RoleMentor}},
		Pairings:     []store.Pairing{{ID: 7, MentorID: 2, MenteeID: 1, MentorSlack: "UB", MenteeSlack: "UA"}},
		LastCheckIns: []LastCheckIn{{ParticipantID: 1, SentAt: time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)}},
		Programs:     []store.Program{{ID: 3, Name: "Spring"}},
	}
	v := New(ver, func(context.Context) (Snapshot, error) { snaps.Add(1); return snap, nil })
	var dbReads atomic.Int64
	fromDB := func(_ context.Context, id string) (store.Status, error) {
		dbReads.Add(1)
		return store.Status{Participant: store.Participant{SlackID: id, Role: "from the database"}}, nil
	}
	if err := v.Warm(ctx); err != nil || snaps.Load() != 1 {
		t.Fatalf("warm: %v, %d snapshots", err, snaps.Load())
	}
	st, err := v.Status(ctx, "UA", fromDB)
	if err != nil || dbReads.Load() != 0 || len(st.Pairings) != 1 || st.Pairings[0].ID != 7 || st.LastCheckIn == nil || st.Participant.Role != store.RoleMentee {
		t.Fatalf("from the model: %+v %v (%d database reads)", st, err, dbReads.Load())
	}
	if st, _ := v.Status(ctx, "UB", fromDB); len(st.Pairings) != 1 || st.LastCheckIn != nil {
		t.Fatalf("the mentor's status: %+v", st)
	}
	if _, err := v.Participant(ctx, "UNEW", nil); !errors.Is(err, store.ErrNotSignedUp) {
		t.Fatalf("someone not in the model: %v", err)
	}
	st.Participant.Teaches[0] = "Cobol"
	if p, _ := v.Participant(ctx, "UA", nil); p.Teaches[0] != "Go" {
		t.Fatalf("a caller's change reached the model: %+v", p)
	}
	// A commit: the database answers until the model is rebuilt (or the
	// read waited for a rebuild it started: then the model is new).
	ver.v.Add(1)
	if st, _ := v.Status(ctx, "UA", fromDB); st.Participant.Role != "from the database" && snaps.Load() != 2 {
		t.Fatalf("after a change: %+v from a stale model", st)
	}
	deadline := time.Now().Add(10 * time.Second)
	for v.current(ctx) == nil { // the rebuild runs in the background, at least minRebuildGap after the last
		if time.Now().After(deadline) {
			t.Fatal("the model was never rebuilt")
		}
		time.Sleep(time.Millisecond)
	}
	if snaps.Load() != 2 {
		t.Fatalf("%d snapshots, want 2", snaps.Load())
	}
	// No usable version: nothing from memory.
	ver.ok.Store(false)
	if ps, _ := v.Programs(ctx, func(context.Context) ([]store.Program, error) { return nil, nil }); len(ps) != 0 {
		t.Fatalf("programs without a version: %+v", ps)
	}
	// Disabled views read through.
	if st, _ := New(nil, nil).Status(ctx, "UA", fromDB); st.Participant.Role != "from the database" {
		t.Fatalf("disabled: %+v", st)
	}
}

// Reads that find the model stale while a quick build is under way wait
// for it and share it: two reads, one build, no database read.
func TestStaleReadsShareTheBuildUnderWay(t *testing.T) {
	ctx := context.Background()
	ver := &fakeVersion{}
	ver.ok.Store(true)
	entered, release := make(chan struct{}, 4), make(chan struct{})
	var blocking atomic.Bool
	snap := Snapshot{Participants: []store.Participant{{ID: 1, SlackID: "UA", Role: store.RoleMentee}}}
	v := New(ver, func(context.Context) (Snapshot, error) {
		if blocking.Load() {
			entered <- struct{}{}
			<-release
		}
		return snap, nil
	})
	v.shareFloor = time.Minute // the test, not a timer, decides when the build ends
	if err := v.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	blocking.Store(true)
	ver.v.Add(1)
	for { // rebuilds are spaced: wait until one may start
		v.mu.Lock()
		ready := !time.Now().Before(v.nextBuild)
		v.mu.Unlock()
		if ready {
			break
		}
		time.Sleep(time.Millisecond)
	}
	fromDB := func(context.Context, string) (store.Status, error) {
		t.Error("a stale read went to the database while a build was under way")
		return store.Status{}, nil
	}
	results := make(chan store.Status, 2)
	go func() { st, _ := v.Status(ctx, "UA", fromDB); results <- st }()
	<-entered // the first read started the build
	go func() { st, _ := v.Status(ctx, "UA", fromDB); results <- st }()
	for v.waiting() < 2 {
		time.Sleep(time.Millisecond)
	}
	close(release)
	for range 2 {
		if st := <-results; st.Participant.Role != store.RoleMentee {
			t.Fatalf("a waiting read got %+v", st)
		}
	}
	if n := len(entered); n != 0 {
		t.Fatalf("%d more builds, want the one", n)
	}
}

// waiting is how many stale reads wait for the build under way.
func (v *Views) waiting() int { return int(v.waiters.Load()) }

// Warm while a read's build is under way: two builds at once, each ends
// its own, and Close then returns (it once deadlocked on a double close).
func TestWarmBesideABuildUnderWay(t *testing.T) {
	ctx := context.Background()
	ver := &fakeVersion{}
	ver.ok.Store(true)
	entered, release := make(chan struct{}, 4), make(chan struct{})
	var blocking atomic.Bool
	v := New(ver, func(context.Context) (Snapshot, error) {
		if blocking.CompareAndSwap(true, false) { // only the read's build blocks
			entered <- struct{}{}
			<-release
		}
		return Snapshot{}, nil
	})
	if err := v.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	blocking.Store(true)
	ver.v.Add(1)
	for {
		v.mu.Lock()
		ready := !time.Now().Before(v.nextBuild)
		v.mu.Unlock()
		if ready {
			break
		}
		time.Sleep(time.Millisecond)
	}
	v.current(ctx) // starts the background build, which blocks
	<-entered
	if err := v.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	close(release)
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
}

// instantVersion is a fakeVersion that can also be read at once (or not).
type instantVersion struct {
	fakeVersion
	now atomic.Bool // VersionNow answers
}

func (f *instantVersion) VersionNow() (uint64, bool) {
	if !f.now.Load() {
		return 0, false
	}
	return f.Version(context.Background())
}

// StatusAt answers only from a model current at the version read at once
// (VersionNow); neither reads the database or waits, and someone not in a
// current model is not signed up.
func TestStatusAtAnswersOnlyFromACurrentModel(t *testing.T) {
	ctx := context.Background()
	ver := &instantVersion{}
	ver.ok.Store(true)
	ver.now.Store(true)
	snap := Snapshot{Participants: []store.Participant{{ID: 1, SlackID: "UA", Role: store.RoleMentee}}, Programs: []store.Program{{ID: 3, Name: "Spring"}}}
	v := New(ver, func(context.Context) (Snapshot, error) { return snap, nil })
	now := func() uint64 {
		t.Helper()
		n, ok := v.VersionNow()
		if !ok {
			t.Fatal("no version read at once")
		}
		return n
	}
	if _, _, ok, _ := v.StatusAt("UA", now()); ok {
		t.Fatal("an answer before the model was built")
	}
	if _, ok := v.ProgramsAt(now()); ok {
		t.Fatal("programs before the model was built")
	}
	if err := v.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	if st, programs, ok, err := v.StatusAt("UA", now()); !ok || err != nil || st.Participant.Role != store.RoleMentee || !programs {
		t.Fatalf("current model: %+v %v %v %v", st, programs, ok, err)
	}
	if _, programs, ok, err := v.StatusAt("UNEW", now()); !ok || !errors.Is(err, store.ErrNotSignedUp) || !programs {
		t.Fatalf("someone not in a current model: %v %v %v", programs, ok, err)
	}
	if ps, ok := v.ProgramsAt(now()); !ok || len(ps) != 1 || ps[0].Name != "Spring" {
		t.Fatalf("programs from a current model: %+v %v", ps, ok)
	}
	ver.now.Store(false) // a reading that cannot be taken at once
	if _, ok := v.VersionNow(); ok {
		t.Fatal("a version without a reading at once")
	}
	ver.now.Store(true)
	ver.v.Add(1) // a commit: the model is stale
	if _, _, ok, _ := v.StatusAt("UA", now()); ok {
		t.Fatal("an answer from a stale model")
	}
	if _, ok := v.ProgramsAt(now()); ok {
		t.Fatal("programs from a stale model")
	}
	var none *Views
	if _, ok := none.VersionNow(); ok {
		t.Fatal("a version without views")
	}
	if _, ok := none.ProgramsAt(0); ok {
		t.Fatal("programs without views")
	}
	if _, _, ok, _ := none.StatusAt("UA", 0); ok {
		t.Fatal("an answer without views")
	}
}
