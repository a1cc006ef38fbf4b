package sqldb_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// fixedClock is a settable clock for tests.
type fixedClock struct{ t time.Time }

func (c *fixedClock) Now() time.Time { return c.t }

func openTest(t *testing.T) (*sqldb.DB, *fixedClock) {
	t.Helper()
	clock := &fixedClock{t: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	db, err := sqldb.Open(context.Background(), sqldbtest.Target(t), sqldb.Options{Clock: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db, clock
}

func profile(id, role string) store.Profile {
	return store.Profile{SlackID: id, Name: "Person " + id, Role: role, Teaches: []string{"Go", "SQL"}, Learns: []string{"Kubernetes"},
		Goals: "grow", Department: "Eng", Seniority: 5, Capacity: 2, Cadence: store.CadenceWeekly, Timezone: "Europe/Paris"}
}

func TestMigrateIsIdempotent(t *testing.T) {
	db, _ := openTest(t)
	n, err := db.Migrate(context.Background())
	if err != nil || n != 0 {
		t.Fatalf("second migrate: n=%d err=%v", n, err)
	}
	v, err := db.SchemaVersion(context.Background())
	if err != nil || v < 1 {
		t.Fatalf("version %d %v", v, err)
	}
}

func TestSaveProfileCreatesThenUpdates(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	created, err := db.SaveProfile(ctx, profile("U1", store.RoleMentor))
	if err != nil || !created {
		t.Fatalf("create: %v %v", created, err)
	}
	p := profile("U1", store.RoleBoth)
	p.Teaches = []string{" go ", "Rust", "rust"}
	created, err = db.SaveProfile(ctx, p)
	if err != nil || created {
		t.Fatalf("update: %v %v", created, err)
	}
	got, err := db.Participant(ctx, "U1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Role != store.RoleBoth || len(got.Teaches) != 2 || got.Teaches[0] != "Go" || got.Teaches[1] != "Rust" {
		t.Fatalf("got %+v", got)
	}
}

func TestSaveProfileRejectsBadInput(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	cases := map[string]func(*store.Profile){
		"role":     func(p *store.Profile) { p.Role = "boss" },
		"cadence":  func(p *store.Profile) { p.Cadence = "daily" },
		"tz":       func(p *store.Profile) { p.Timezone = "Mars/Base" },
		"manager":  func(p *store.Profile) { p.ManagerSlackID = p.SlackID },
		"capacity": func(p *store.Profile) { p.Capacity = -1 },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			p := profile("U9", store.RoleMentor)
			mutate(&p)
			if _, err := db.SaveProfile(ctx, p); !errors.Is(err, store.ErrInvalid) {
				t.Fatalf("want ErrInvalid, got %v", err)
			}
			if _, err := db.Participant(ctx, "U9"); !errors.Is(err, store.ErrNotSignedUp) {
				t.Fatalf("bad profile was stored: %v", err)
			}
		})
	}
}

func TestPairingRules(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	for _, id := range []string{"UA", "UB", "UM"} {
		if _, err := db.SaveProfile(ctx, profile(id, store.RoleBoth)); err != nil {
			t.Fatal(err)
		}
	}
	boss := profile("UB", store.RoleBoth)
	boss.ManagerSlackID = "UM"
	if _, err := db.SaveProfile(ctx, boss); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreatePairing(ctx, store.NewPairing{MentorSlack: "UA", MenteeSlack: "UA"}); !errors.Is(err, store.ErrPairForbidden) {
		t.Fatalf("self: %v", err)
	}
	if _, err := db.CreatePairing(ctx, store.NewPairing{MentorSlack: "UM", MenteeSlack: "UB"}); !errors.Is(err, store.ErrPairForbidden) {
		t.Fatalf("manager: %v", err)
	}
	p, err := db.CreatePairing(ctx, store.NewPairing{MentorSlack: "UA", MenteeSlack: "UB"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreatePairing(ctx, store.NewPairing{MentorSlack: "UB", MenteeSlack: "UA"}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("duplicate active: %v", err)
	}
	if _, err := db.EndPairingByID(ctx, p.ID, "done"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreatePairing(ctx, store.NewPairing{MentorSlack: "UA", MenteeSlack: "UB"}); !errors.Is(err, store.ErrPairForbidden) {
		t.Fatalf("history: %v", err)
	}
	if _, err := db.CreatePairing(ctx, store.NewPairing{MentorSlack: "UA", MenteeSlack: "UB", AllowRepeat: true}); err != nil {
		t.Fatalf("admin repeat: %v", err)
	}
	hist, err := db.PairHistory(ctx)
	if err != nil || !hist[[2]string{"UA", "UB"}] {
		t.Fatalf("history %v %v", hist, err)
	}
}

func TestLeaveErasesPersonalData(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	a := profile("UA", store.RoleMentor)
	a.Goals = "secret-goal-text"
	if _, err := db.SaveProfile(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveProfile(ctx, profile("UB", store.RoleMentee)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreatePairing(ctx, store.NewPairing{MentorSlack: "UA", MenteeSlack: "UB"}); err != nil {
		t.Fatal(err)
	}
	dep, err := db.Leave(ctx, "UA")
	if err != nil || len(dep.Ended) != 1 || dep.Ended[0].MenteeSlack != "UB" {
		t.Fatalf("leave: %v %+v", err, dep)
	}
	if _, err := db.Participant(ctx, "UA"); !errors.Is(err, store.ErrNotSignedUp) {
		t.Fatalf("still there: %v", err)
	}
	active, err := db.ActivePairings(ctx, "UB")
	if err != nil || len(active) != 0 {
		t.Fatalf("pairing still active: %v %v", active, err)
	}
	if _, err := db.SaveProfile(ctx, a); err != nil {
		t.Fatalf("sign up again after leaving: %v", err)
	}
}

func TestProgramsAndPause(t *testing.T) {
	ctx := context.Background()
	db, clock := openTest(t)
	if _, err := db.CreateProgram(ctx, store.NewProgram{Name: "Spring", Cadence: "weekly"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateProgram(ctx, store.NewProgram{Name: "Spring"}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("dup: %v", err)
	}
	p := profile("UA", store.RoleMentee)
	p.Programs = []string{"Spring"}
	if _, err := db.SaveProfile(ctx, p); err != nil {
		t.Fatal(err)
	}
	ps, err := db.Participants(ctx, "Spring")
	if err != nil || len(ps) != 1 {
		t.Fatalf("members %v %v", ps, err)
	}
	until := clock.t.Add(14 * 24 * time.Hour)
	if err := db.Pause(ctx, "UA", &until); err != nil {
		t.Fatal(err)
	}
	clock.t = until.Add(time.Minute)
	woke, err := db.ResumeExpiredPauses(ctx)
	if err != nil || len(woke) != 1 {
		t.Fatalf("woke %v %v", woke, err)
	}
	if err := db.Resume(ctx, "UA"); !errors.Is(err, store.ErrAlreadyDone) {
		t.Fatalf("resume active: %v", err)
	}
}

func TestConfirmProposalOnceAndStale(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	for _, p := range []store.Profile{profile("UA", store.RoleMentor), profile("UB", store.RoleMentee), profile("UC", store.RoleMentee)} {
		if _, err := db.SaveProfile(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	fp, err := db.MatchFingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pairs := []store.ProposedPair{{MentorSlack: "UA", MenteeSlack: "UB", Score: 10}}
	id, err := db.SaveProposal(ctx, "", "UADMIN", fp, "{}")
	if err != nil {
		t.Fatal(err)
	}
	created, err := db.ConfirmProposal(ctx, id, pairs, "")
	if err != nil || len(created) != 1 {
		t.Fatalf("confirm: %v %v", created, err)
	}
	if _, err := db.ConfirmProposal(ctx, id, pairs, ""); !errors.Is(err, store.ErrAlreadyDone) {
		t.Fatalf("second confirm: %v", err)
	}
	// A preview computed before a change is stale, and stays so.
	fp2, _ := db.MatchFingerprint(ctx)
	id2, _ := db.SaveProposal(ctx, "", "UADMIN", fp2, "{}")
	if err := db.Pause(ctx, "UC", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ConfirmProposal(ctx, id2, []store.ProposedPair{{MentorSlack: "UA", MenteeSlack: "UC"}}, ""); !errors.Is(err, store.ErrStale) {
		t.Fatalf("stale confirm: %v", err)
	}
	if p, _ := db.Proposal(ctx, id2); p.Status != "stale" {
		t.Fatalf("proposal status %q", p.Status)
	}
}

func TestRequestsAcceptOnceWithinCapacity(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	mentor := profile("UA", store.RoleMentor)
	mentor.Capacity = 1
	for _, p := range []store.Profile{mentor, profile("UB", store.RoleMentee), profile("UC", store.RoleMentee)} {
		if _, err := db.SaveProfile(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	r1, err := db.CreateRequest(ctx, "UB", "UA")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateRequest(ctx, "UB", "UA"); !errors.Is(err, store.ErrAlreadyDone) {
		t.Fatalf("duplicate request: %v", err)
	}
	r2, _ := db.CreateRequest(ctx, "UC", "UA")
	if _, err := db.AcceptRequest(ctx, r1.ID, "UC"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("accept by someone else: %v", err)
	}
	if _, err := db.AcceptRequest(ctx, r1.ID, "UA"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AcceptRequest(ctx, r1.ID, "UA"); !errors.Is(err, store.ErrAlreadyDone) {
		t.Fatalf("second accept: %v", err)
	}
	if _, err := db.AcceptRequest(ctx, r2.ID, "UA"); !errors.Is(err, store.ErrPairForbidden) {
		t.Fatalf("over capacity: %v", err)
	}
}

func TestOpenPathWithURICharacters(t *testing.T) {
	sqldbtest.OnlySQLite(t, "file paths")
	ctx := context.Background()
	dir := t.TempDir()
	a, err := sqldb.Open(ctx, filepath.Join(dir, "a?b#c%d.db"), sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	b, err := sqldb.Open(ctx, filepath.Join(dir, "a"), sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if v, _ := b.SchemaVersion(ctx); v != 0 {
		t.Fatalf("a path with ? and # opened another file: version %d", v)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "a?b#c%d.db"))
	if len(matches) != 1 {
		t.Fatalf("database not at its exact path: %v", matches)
	}
}

// TestReadsDoNotWaitForWriters: a status read while another transaction
// holds the write lock answers at once instead of waiting busy_timeout.
func TestReadsDoNotWaitForWriters(t *testing.T) {
	ctx := context.Background()
	path := sqldbtest.Target(t)
	db, err := sqldb.Open(ctx, path, sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveProfile(ctx, profile("UA", store.RoleMentor)); err != nil {
		t.Fatal(err)
	}
	other, err := sqldb.Open(ctx, path, sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	hold := make(chan struct{})
	held := make(chan struct{})
	go func() {
		// A long write transaction in another handle.
		_ = other.HoldWriteLockForTest(ctx, func() { close(held); <-hold })
	}()
	<-held
	start := time.Now()
	if _, err := db.StatusOf(ctx, "UA"); err != nil {
		t.Fatal(err)
	}
	close(hold)
	if d := time.Since(start); d > time.Second {
		t.Fatalf("a read waited %v behind a writer", d)
	}
}
