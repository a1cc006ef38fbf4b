package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// The reads of the ack path (Participant, StatusOf, Programs) are served
// from an in-memory model of the database while nothing changed
// (store/sqldb/viewsql); every commit, this handle's or another process's
// on the same database (a replica), must show in the next read, and the
// model must read what the database reads.
func TestAckPathReadsSeeEveryCommit(t *testing.T) {
	ctx := context.Background()
	a, b := twoReplicas(t) // b is another replica
	type reads struct {
		ua, ub   store.Status
		errA     error
		programs []store.Program
	}
	read := func() reads {
		var r reads
		r.ua, r.errA = a.StatusOf(ctx, "UA")
		if p, err := a.Participant(ctx, "UA"); errors.Is(err, store.ErrNotSignedUp) != errors.Is(r.errA, store.ErrNotSignedUp) || (err == nil && !reflect.DeepEqual(p, r.ua.Participant)) {
			t.Fatalf("Participant %+v %v, StatusOf %+v %v", p, err, r.ua.Participant, r.errA)
		}
		r.ub, _ = a.StatusOf(ctx, "UB")
		var err error
		if r.programs, err = a.Programs(ctx); err != nil {
			t.Fatal(err)
		}
		return r
	}
	ignoreDone := func(err error) error {
		if errors.Is(err, store.ErrAlreadyDone) {
			return nil
		}
		return err
	}
	mentees := 0
	writes := []struct {
		name         string
		setup, write func(db *sqldb.DB) error
		check        func(before, after reads) bool
	}{
		{"sign-up", nil, func(db *sqldb.DB) error {
			_, err := db.SaveProfile(ctx, profile("UA", store.RoleBoth))
			if err == nil {
				_, err = db.SaveProfile(ctx, profile("UB", store.RoleMentor))
			}
			return err
		}, func(_, r reads) bool {
			return r.errA == nil && r.ua.Participant.Role == store.RoleBoth && len(r.ua.Participant.Teaches) == 2
		}},
		{"pause", func(db *sqldb.DB) error { return ignoreDone(db.Resume(ctx, "UA")) },
			func(db *sqldb.DB) error { return db.Pause(ctx, "UA", nil) },
			func(_, r reads) bool { return r.ua.Participant.Status == store.StatusPaused }},
		{"resume", func(db *sqldb.DB) error { return ignoreDone(db.Pause(ctx, "UA", nil)) },
			func(db *sqldb.DB) error { return db.Resume(ctx, "UA") },
			func(_, r reads) bool { return r.ua.Participant.Status == store.StatusActive }},
		{"pairing", nil, func(db *sqldb.DB) error {
			mentees++
			mentee := fmt.Sprintf("UM%d", mentees)
			_, err := db.SaveProfile(ctx, profile(mentee, store.RoleMentee))
			if err == nil {
				_, err = db.CreatePairing(ctx, store.NewPairing{MentorSlack: "UB", MenteeSlack: mentee})
			}
			return err
		}, func(before, r reads) bool { return len(r.ub.Pairings) == len(before.ub.Pairings)+1 }},
		{"program", nil, func(db *sqldb.DB) error {
			mentees++
			_, err := db.CreateProgram(ctx, store.NewProgram{Name: fmt.Sprintf("Spring %d", mentees), CreatedBy: "UADMIN"})
			return err
		}, func(before, r reads) bool { return len(r.programs) == len(before.programs)+1 }},
	}
	if _, err := a.Participant(ctx, "UA"); !errors.Is(err, store.ErrNotSignedUp) {
		t.Fatalf("before sign-up: %v", err)
	}
	for i, w := range writes {
		for _, on := range []*sqldb.DB{a, b} {
			if on == b && i == 0 {
				continue // a sign-up once
			}
			if w.setup != nil {
				if err := w.setup(on); err != nil {
					t.Fatal(err)
				}
			}
			// The model is current before the write (WarmReaders builds it)
			// and serves the reads.
			before := readFromMemory(t, a, read)
			if err := w.write(on); err != nil {
				t.Fatalf("%s: %v", w.name, err)
			}
			after := read()
			if !w.check(before, after) {
				t.Fatalf("%s on replica %v: not seen by the next read: %+v", w.name, on == b, after)
			}
			// Rebuilt, the model reads what the database read.
			if err := a.WarmReaders(ctx); err != nil {
				t.Fatal(err)
			}
			if model := read(); !reflect.DeepEqual(model, after) {
				t.Fatalf("%s: the model differs from the database:\n%+v\n%+v", w.name, model, after)
			}
		}
	}
	var st store.Status
	// What a caller does with a result must not change the next one.
	st, _ = a.StatusOf(ctx, "UB")
	st.Pairings[0].MenteeSlack, st.Participant.Teaches[0] = "UX", "Cobol"
	if again, _ := a.StatusOf(ctx, "UB"); again.Pairings[0].MenteeSlack != "UM1" || again.Participant.Teaches[0] == "Cobol" {
		t.Fatalf("a caller's change leaked into the model: %+v", again)
	}
}

// readFromMemory warms a's model and reads, until the four reads of read
// all came from memory. On SQLite that is the first attempt; a PostgreSQL
// snapshot also moves with other databases' writes on the same server
// (other test packages'), so a few attempts are allowed there. A model
// that is never served fails.
func readFromMemory[R any](t *testing.T, a *sqldb.DB, read func() R) R {
	t.Helper()
	ctx := context.Background()
	for attempt := 0; ; attempt++ {
		if err := a.WarmReaders(ctx); err != nil {
			t.Fatal(err)
		}
		before := a.ReadsFromMemory()
		r := read()
		served := a.ReadsFromMemory() - before
		if served == 4 {
			return r
		}
		if attempt == 0 && sqldbtest.Engine() == "sqlite" || attempt == 20 {
			t.Fatalf("%d of 4 reads came from the in-memory model after warming it (attempt %d)", served, attempt+1)
		}
	}
}

// BenchmarkStatusOf is one `/mentor status` read with nothing written in
// between (the ack path of a burst of status commands).
func BenchmarkStatusOf(b *testing.B) {
	ctx := context.Background()
	db := pairedForStatus(b)
	for b.Loop() {
		if _, err := db.StatusOf(ctx, "UA"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStatusOfBurst is BenchmarkStatusOf from many goroutines at
// once, as a burst of commands reads.
func BenchmarkStatusOfBurst(b *testing.B) {
	ctx := context.Background()
	db := pairedForStatus(b)
	b.SetParallelism(25)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := db.StatusOf(ctx, "UA"); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// pairedForStatus is a database where UA is paired with UB, its views warm.
func pairedForStatus(b *testing.B) *sqldb.DB {
	ctx := context.Background()
	db, err := sqldb.Open(ctx, sqldbtest.Target(b), sqldb.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	for _, id := range []string{"UA", "UB"} {
		if _, err := db.SaveProfile(ctx, profile(id, store.RoleBoth)); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := db.CreatePairing(ctx, store.NewPairing{MentorSlack: "UB", MenteeSlack: "UA"}); err != nil {
		b.Fatal(err)
	}
	if err := db.WarmReaders(ctx); err != nil {
		b.Fatal(err)
	}
	return db
}

// While one replica writes and another's model is rebuilt over and over
// (readers hammering it), every write the writer was told is committed
// shows in the other replica's very next read: a model is never taken for
// newer than it is, whatever a commit in flight does meanwhile.
func TestAckPathReadsKeepUpWithAnotherReplica(t *testing.T) {
	ctx := context.Background()
	a, b := twoReplicas(t)
	if _, err := b.SaveProfile(ctx, profile("UA", store.RoleBoth)); err != nil {
		t.Fatal(err)
	}
	if err := a.WarmReaders(ctx); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	hammered := make(chan error, 4)
	for range 4 {
		go func() {
			for {
				select {
				case <-stop:
					hammered <- nil
					return
				default:
				}
				if _, err := a.StatusOf(ctx, "UA"); err != nil {
					hammered <- err
					return
				}
			}
		}()
	}
	defer func() {
		close(stop)
		for range 4 {
			if err := <-hammered; err != nil {
				t.Error(err)
			}
		}
	}()
	for i := range 150 {
		want, write := store.StatusPaused, func() error { return b.Pause(ctx, "UA", nil) }
		if i%2 == 1 {
			want, write = store.StatusActive, func() error { return b.Resume(ctx, "UA") }
		}
		if err := write(); err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
		st, err := a.StatusOf(ctx, "UA")
		if err != nil {
			t.Fatal(err)
		}
		if st.Participant.Status != want {
			t.Fatalf("write %d: the other replica read %q right after %q was committed", i, st.Participant.Status, want)
		}
	}
	if a.ReadsFromMemory() == 0 {
		t.Fatal("no read came from the in-memory model")
	}
}

// twoReplicas opens one fresh, migrated database twice, as two replicas do.
func twoReplicas(t *testing.T) (a, b *sqldb.DB) {
	t.Helper()
	ctx := context.Background()
	target := sqldbtest.Target(t)
	open := func() *sqldb.DB {
		db, err := sqldb.Open(ctx, target, sqldb.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	a, b = open(), open()
	if _, err := a.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return a, b
}

// After a write nobody reads, the model is current again by the next
// refresh (KeepReadersFresh's step), so the first read of a burst comes
// from memory.
func TestReadersRefreshAfterAWrite(t *testing.T) {
	ctx := context.Background()
	a, b := warmReplicas(t)
	if _, err := b.SaveProfile(ctx, profile("UA", store.RoleBoth)); err != nil {
		t.Fatal(err)
	}
	untilRebuilt(t, a.RefreshReaders)
	statusFromMemory(t, a, "UA", store.RoleBoth)
}

// warmReplicas is twoReplicas with a's model built.
func warmReplicas(t *testing.T) (a, b *sqldb.DB) {
	t.Helper()
	a, b = twoReplicas(t)
	if err := a.WarmReaders(context.Background()); err != nil {
		t.Fatal(err)
	}
	return a, b
}

// untilRebuilt refreshes until the model is rebuilt: rebuilds are spaced
// (at least 50 ms apart), and nothing is read meanwhile (a read would start
// a rebuild of its own).
func untilRebuilt(t *testing.T, refresh func(context.Context) (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		rebuilt, err := refresh(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if rebuilt {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the model was not rebuilt after the writes within 10 s of refreshing")
		}
	}
}

// statusFromMemory reads slackID's status, which must show role and, on
// SQLite, come from the model (on PostgreSQL other tests' writes may move
// the snapshot on meanwhile).
func statusFromMemory(t *testing.T, db *sqldb.DB, slackID, role string) {
	t.Helper()
	before := db.ReadsFromMemory()
	st, err := db.StatusOf(context.Background(), slackID)
	if err != nil || st.Participant.Role != role {
		t.Fatalf("status after the rebuild: %+v %v", st, err)
	}
	if db.ReadsFromMemory() != before+1 && sqldbtest.Engine() == "sqlite" {
		t.Fatal("the first read after the rebuild went to the database")
	}
}
