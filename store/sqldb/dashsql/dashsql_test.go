package dashsql_test

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// TestMain runs the suite once per engine (sqldbtest.Engines).
func TestMain(m *testing.M) { os.Exit(sqldbtest.Run(m)) }

var now = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

// world is a small program: Ann (mentor, Go, capacity 1) mentors Bob, who
// asked for help; Hana, an admin who also mentors (Python), mentors Gus,
// and that pairing is not meeting; Cat wants Rust (nobody teaches it), Dan
// wants Go (Ann is full), Eve paused.
type world struct {
	t       *testing.T
	db      *sqldb.DB
	raw     *sqldbtest.RawDB
	st      *sqldb.DB
	clock   *time.Time
	annBob  store.Pairing
	hanaGus store.Pairing
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	clock := now.AddDate(0, 0, -60)
	target := sqldbtest.Target(t)
	db, err := sqldb.Open(ctx, target, sqldb.Options{Clock: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, db: db, raw: sqldbtest.Raw(t, target, sqldb.DSN), st: db, clock: &clock}
	for _, p := range []store.Profile{
		{SlackID: "UANN", Name: "Ann Mentor", Role: store.RoleMentor, Teaches: []string{"Go"}, Capacity: 1},
		{SlackID: "UHANA", Name: "Hana Admin", Role: store.RoleMentor, Teaches: []string{"Python"}, Capacity: 1},
		{SlackID: "UBOB", Name: "Bob Mentee", Role: store.RoleMentee, Learns: []string{"Go"}},
		{SlackID: "UGUS", Name: "Gus Mentee", Role: store.RoleMentee, Learns: []string{"Python"}},
		{SlackID: "UCAT", Name: "Cat <b>", Role: store.RoleMentee, Learns: []string{"Rust"}},
		{SlackID: "UDAN", Name: "Dan Mentee", Role: store.RoleMentee, Learns: []string{"Go"}},
		{SlackID: "UEVE", Name: "Eve Mentee", Role: store.RoleMentee, Learns: []string{"Go"}},
	} {
		p.Cadence, p.Timezone = store.CadenceWeekly, "UTC"
		if _, err := db.SaveProfile(ctx, p); err != nil {
			t.Fatal(err)
		}
		clock = clock.Add(time.Hour) // sign-ups in this order
	}
	if err := db.Pause(ctx, "UEVE", nil); err != nil {
		t.Fatal(err)
	}
	if w.annBob, err = db.CreatePairing(ctx, store.NewPairing{MentorSlack: "UANN", MenteeSlack: "UBOB", Source: store.SourceManual}); err != nil {
		t.Fatal(err)
	}
	if w.hanaGus, err = db.CreatePairing(ctx, store.NewPairing{MentorSlack: "UHANA", MenteeSlack: "UGUS", Source: store.SourceManual}); err != nil {
		t.Fatal(err)
	}
	clock = now.AddDate(0, 0, -3)
	if _, err := db.MarkAtRisk(ctx, w.hanaGus.ID, store.RiskNotMeeting); err != nil {
		t.Fatal(err)
	}
	w.checkin(w.annBob, "UBOB", now.AddDate(0, 0, -2), "need_help")
	clock = now.AddDate(0, 0, -2)
	if _, err := db.MarkAtRisk(ctx, w.annBob.ID, store.RiskNeedHelp); err != nil {
		t.Fatal(err)
	}
	w.checkin(w.annBob, "UANN", now.AddDate(0, 0, -9), "met")
	w.checkin(w.hanaGus, "UGUS", now.AddDate(0, 0, -9), "not_yet")
	w.checkin(w.hanaGus, "UGUS", now.AddDate(0, 0, -40), "met") // before the last 4 weeks
	clock = now
	return w
}

// checkin adds an answered check-in of who about p in slot.
func (w *world) checkin(p store.Pairing, who string, slot time.Time, answer string) {
	w.t.Helper()
	me, err := w.db.Participant(context.Background(), who)
	if err != nil {
		w.t.Fatal(err)
	}
	if _, err := w.raw.Exec(`INSERT INTO checkins (pairing_id, participant_id, slot, sent_at, answer, answered_at) VALUES (?, ?, ?, ?, ?, ?)`,
		p.ID, me.ID, slot, slot, answer, slot.Add(time.Hour)); err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) dashboard(viewer string) store.Dashboard {
	w.t.Helper()
	d, err := w.st.DashboardData(context.Background(), now, viewer, store.DashboardLimits{Attention: 10, Waiting: 10, Proposals: 5})
	if err != nil {
		w.t.Fatal(err)
	}
	return d
}

func TestDashboardFigures(t *testing.T) {
	w := newWorld(t)
	d := w.dashboard("UADMIN")
	if d.Participants != 7 || d.Waiting != 2 || d.ActivePairings != 2 {
		t.Errorf("participants %d (want 7), waiting %d (want 2: Cat, Dan), active %d (want 2)", d.Participants, d.Waiting, d.ActivePairings)
	}
	if d.CheckinsSent != 3 || d.CheckinsMet != 1 {
		t.Errorf("last 4 weeks: %d sent, %d met; want 3 and 1", d.CheckinsSent, d.CheckinsMet)
	}
	if d.AttentionTotal != 2 || len(d.Attention) != 2 {
		t.Fatalf("attention = %d %+v, want both pairings", d.AttentionTotal, d.Attention)
	}
	if first := d.Attention[0]; first.Pairing.ID != w.annBob.ID || !first.NeedHelp || first.Pairing.MentorName != "Ann Mentor" {
		t.Errorf("newest alert first, asking for help: %+v", first)
	}
	if second := d.Attention[1]; second.Pairing.ID != w.hanaGus.ID || second.NeedHelp || second.Pairing.AtRiskReason != store.RiskNotMeeting {
		t.Errorf("second alert: %+v", second)
	}
	want := map[string]string{"UCAT": store.WaitNoTeacher, "UDAN": store.WaitMentorsFull, "UEVE": store.WaitPaused}
	if d.WaitingListTotal != 3 || len(d.WaitingList) != 3 {
		t.Fatalf("waiting list %d %+v", d.WaitingListTotal, d.WaitingList)
	}
	for i, id := range []string{"UCAT", "UDAN", "UEVE"} { // waiting by sign-up, then the paused
		if got := d.WaitingList[i]; got.SlackID != id || got.Why != want[id] {
			t.Errorf("waiting[%d] = %+v, want %s %s", i, got, id, want[id])
		}
	}
	if got := d.WaitingList[0].Learns; len(got) != 1 || got[0] != "Rust" {
		t.Errorf("Cat learns %v", got)
	}
}

// An admin never sees a flag on their own pairing (product.md, Health: no
// one learns from the bot of a flag they did not raise).
func TestDashboardHidesTheViewersOwnPairing(t *testing.T) {
	w := newWorld(t)
	d := w.dashboard("UHANA")
	if d.AttentionTotal != 1 || len(d.Attention) != 1 || d.Attention[0].Pairing.ID != w.annBob.ID {
		t.Fatalf("Hana sees %d: %+v", d.AttentionTotal, d.Attention)
	}
	f, err := w.st.DigestFigures(context.Background(), now.AddDate(0, 0, -7), "UHANA")
	if err != nil || f.OpenAlerts != 1 {
		t.Fatalf("Hana's digest counts %d open alerts (%v), want 1", f.OpenAlerts, err)
	}
}

func TestMarkHandledOnceUntilHelpAgain(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	if err := w.st.MarkHandled(ctx, w.annBob.ID, "UADMIN"); err != nil {
		t.Fatal(err)
	}
	if err := w.st.MarkHandled(ctx, w.annBob.ID, "UEVA"); !errors.Is(err, store.ErrAlreadyDone) {
		t.Fatalf("second Mark handled: %v, want ErrAlreadyDone", err)
	}
	if err := w.st.MarkHandled(ctx, 999, "UADMIN"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown pairing: %v, want ErrNotFound", err)
	}
	if d := w.dashboard("UADMIN"); d.AttentionTotal != 1 || d.Attention[0].Pairing.ID != w.hanaGus.ID {
		t.Fatalf("after Mark handled: %+v", d.Attention)
	}
	// Bob asks for help again: the pairing is back, asking for help.
	w.checkin(w.annBob, "UBOB", now.Add(time.Hour), "need_help")
	d := w.dashboard("UADMIN")
	if d.AttentionTotal != 2 || d.Attention[0].Pairing.ID != w.annBob.ID || !d.Attention[0].NeedHelp {
		t.Fatalf("after a new Need help: %+v", d.Attention)
	}
	// An ended pairing leaves the dashboard and cannot be handled.
	if _, err := w.db.EndPairingByID(ctx, w.hanaGus.ID, "test"); err != nil {
		t.Fatal(err)
	}
	if err := w.st.MarkHandled(ctx, w.hanaGus.ID, "UADMIN"); !errors.Is(err, store.ErrAlreadyDone) {
		t.Fatalf("ended pairing: %v", err)
	}
	if d := w.dashboard("UADMIN"); d.AttentionTotal != 1 || d.ActivePairings != 1 {
		t.Fatalf("after the end: %d alerts, %d active", d.AttentionTotal, d.ActivePairings)
	}
}

func TestPendingProposals(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	if _, err := w.db.SaveProposal(ctx, "", "UADMIN", "fp", `{"pairs":[{"mentor_slack":"UANN"},{"mentor_slack":"UHANA"}]}`); err != nil {
		t.Fatal(err)
	}
	d := w.dashboard("UADMIN")
	if len(d.Proposals) != 1 || d.Proposals[0].Pairs != 2 || d.Proposals[0].AdminID != "UADMIN" {
		t.Fatalf("proposals = %+v", d.Proposals)
	}
}

func TestDigestFigures(t *testing.T) {
	w := newWorld(t)
	f, err := w.st.DigestFigures(context.Background(), now.AddDate(0, 0, -7), "UADMIN")
	if err != nil {
		t.Fatal(err)
	}
	// The last week: Bob's Need help; nobody signed up or was paired.
	if f.NewSignups != 0 || f.NewPairings != 0 || f.CheckinsSent != 1 || f.CheckinsMet != 0 || f.OpenAlerts != 2 {
		t.Fatalf("digest = %+v", f)
	}
	f, _ = w.st.DigestFigures(context.Background(), now.AddDate(0, 0, -70), "UADMIN")
	if f.NewSignups != 7 || f.NewPairings != 2 || f.CheckinsSent != 4 || f.CheckinsMet != 2 {
		t.Fatalf("ten weeks = %+v", f)
	}
}

// Each admin's digest of a slot is planned once and claimed by one worker
// only, however often planning runs and however many workers try.
func TestDigestOutboxOncePerAdminAndSlot(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	slot := now
	admins := []string{"UADMIN", "UHANA"}
	if n, err := w.st.PlanDigests(ctx, admins, slot); err != nil || n != 2 {
		t.Fatalf("plan: %d, %v", n, err)
	}
	if n, err := w.st.PlanDigests(ctx, admins, slot); err != nil || n != 0 {
		t.Fatalf("plan again: %d, %v", n, err)
	}
	ok1, err1 := w.st.ClaimDigest(ctx, "UADMIN", slot, "w1")
	ok2, err2 := w.st.ClaimDigest(ctx, "UADMIN", slot, "w2")
	if err1 != nil || err2 != nil || !ok1 || ok2 {
		t.Fatalf("claims: %v %v / %v %v", ok1, err1, ok2, err2)
	}
	if err := w.st.FinishDigest(ctx, "UADMIN", slot, "w2", store.DigestPending, "", "", "not mine"); err != nil {
		t.Fatal(err)
	}
	if err := w.st.FinishDigest(ctx, "UADMIN", slot, "w1", store.DigestSent, "D1", "1.1", ""); err != nil {
		t.Fatal(err)
	}
	rows, err := w.st.PendingDigests(ctx)
	if err != nil || len(rows) != 1 || rows[0].AdminID != "UHANA" {
		t.Fatalf("pending = %+v, %v (only Hana's)", rows, err)
	}
	// A retry goes back to pending with its attempt counted.
	if ok, _ := w.st.ClaimDigest(ctx, "UHANA", slot, "w1"); !ok {
		t.Fatal("Hana's digest not claimed")
	}
	if err := w.st.FinishDigest(ctx, "UHANA", slot, "w1", store.DigestPending, "", "", "transient"); err != nil {
		t.Fatal(err)
	}
	if rows, _ := w.st.PendingDigests(ctx); len(rows) != 1 || rows[0].Attempts != 1 {
		t.Fatalf("after a retry: %+v", rows)
	}
	if ok, _ := w.st.ClaimDigest(ctx, "UADMIN", slot, "w3"); ok {
		t.Fatal("a sent digest was claimed again")
	}
}
