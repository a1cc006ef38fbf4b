package goalsql_test

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/report"
	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// TestMain runs the suite once per engine (sqldbtest.Engines).
func TestMain(m *testing.M) { os.Exit(sqldbtest.Run(m)) }

type world struct {
	t     *testing.T
	db    *sqldb.DB
	clock *time.Time
	pa    store.Pairing // Ann mentors Bob (New York)
	ann   store.Participant
	bob   store.Participant
	// target is the database, for a second store on it (a replica).
	target string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	clock := time.Date(2026, 10, 30, 12, 0, 0, 0, time.UTC)
	target := sqldbtest.Target(t)
	db, err := sqldb.Open(ctx, target, sqldb.Options{Clock: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, db: db, clock: &clock, target: target}
	for _, p := range []store.Profile{
		{SlackID: "UANN", Name: "Ann Mentor", Role: store.RoleMentor, Teaches: []string{"Go"}, Capacity: 1, Timezone: "UTC"},
		{SlackID: "UBOB", Name: "Bob Mentee", Role: store.RoleMentee, Learns: []string{"Go"}, Timezone: "America/New_York"},
	} {
		p.Cadence = store.CadenceWeekly
		if _, err := db.SaveProfile(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	if w.pa, err = db.CreatePairing(ctx, store.NewPairing{MentorSlack: "UANN", MenteeSlack: "UBOB"}); err != nil {
		t.Fatal(err)
	}
	w.ann, _ = db.Participant(ctx, "UANN")
	w.bob, _ = db.Participant(ctx, "UBOB")
	return w
}

// checkin sends who's check-in of slot through the outbox (the claim makes
// its checkins row) and returns its id.
func (w *world) checkin(who store.Participant, slot time.Time) int64 {
	w.t.Helper()
	ctx := context.Background()
	if _, err := w.db.Enqueue(ctx, []store.NewDelivery{{RecipientID: who.ID, PairingID: w.pa.ID, Kind: store.KindCheckin, Slot: slot}}); err != nil {
		w.t.Fatal(err)
	}
	*w.clock = slot
	due, err := w.db.DueDeliveries(ctx, slot, 100)
	if err != nil {
		w.t.Fatal(err)
	}
	for _, d := range due {
		if d.RecipientID != who.ID || !d.Slot.Equal(slot) || d.Kind != store.KindCheckin {
			continue
		}
		got, ok, err := w.db.ClaimDelivery(ctx, d.ID, "w", slot)
		if err != nil || !ok {
			w.t.Fatalf("claim: %v %v", ok, err)
		}
		if err := w.db.MarkDeliverySent(ctx, d.ID, "w", "D1", slot.Format("150405.000"), slot); err != nil {
			w.t.Fatal(err)
		}
		return got.CheckinID
	}
	w.t.Fatalf("no check-in due for %s at %s", who.SlackID, slot)
	return 0
}

func TestGoalsOnlyTheMenteeSetsThem(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	in := []store.GoalInput{{Text: "Ship a Go service", Target: "2027-01-31"}, {Text: "Give a talk"}}
	if _, err := w.db.SetGoals(ctx, w.pa.ID, "UANN", in); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the mentor set goals: %v", err)
	}
	got, err := w.db.SetGoals(ctx, w.pa.ID, "UBOB", in)
	if err != nil || len(got) != 2 || got[0].Text != in[0].Text || got[0].Target != "2027-01-31" || got[1].Status != store.GoalNotStarted {
		t.Fatalf("SetGoals = %+v, %v", got, err)
	}
	// Editing down to one keeps the first goal's row (and progress) and drops the second.
	got2, err := w.db.SetGoals(ctx, w.pa.ID, "UBOB", []store.GoalInput{{Text: "Ship two Go services"}})
	if err != nil || len(got2) != 1 || got2[0].ID != got[0].ID || got2[0].Target != "" {
		t.Fatalf("edit = %+v, %v", got2, err)
	}
	if g, err := w.db.GoalByID(ctx, got[0].ID); err != nil || g.MenteeSlack != "UBOB" || g.PairingStatus != "active" {
		t.Fatalf("GoalByID = %+v, %v", g, err)
	}
	if _, err := w.db.GoalByID(ctx, got[1].ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted goal: %v", err)
	}
	if _, err := w.db.EndPairingByID(ctx, w.pa.ID, "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.SetGoals(ctx, w.pa.ID, "UBOB", in); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("goals set on an ended pairing: %v", err)
	}
}

func TestMonthlyProgressOnlyInTheMenteesFirstCheckinOfTheMonth(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	goals, err := w.db.SetGoals(ctx, w.pa.ID, "UBOB", []store.GoalInput{{Text: "A"}, {Text: "B"}})
	if err != nil {
		t.Fatal(err)
	}
	// Bob lives in New York: Sunday 1 November 03:00 UTC is still 31 October there.
	oct := w.checkin(w.bob, time.Date(2026, 11, 1, 3, 0, 0, 0, time.UTC))
	nov1 := w.checkin(w.bob, time.Date(2026, 11, 2, 15, 0, 0, 0, time.UTC))
	nov2 := w.checkin(w.bob, time.Date(2026, 11, 9, 15, 0, 0, 0, time.UTC))
	annNov := w.checkin(w.ann, time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC))
	for _, c := range []struct {
		name string
		id   int64
		ask  bool
	}{{"October's", oct, true}, {"November's first", nov1, true}, {"November's second", nov2, false}, {"the mentor's", annNov, false}} {
		cg, err := w.db.CheckinGoals(ctx, c.id)
		if err != nil || cg.Ask != c.ask || (c.ask && len(cg.Goals) != 2) {
			t.Errorf("%s check-in: %+v, %v; want ask %v", c.name, cg, err, c.ask)
		}
	}
	if _, err := w.db.RecordGoalProgress(ctx, goals[0].ID, nov2, "UBOB", store.GoalDone); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("answer in a check-in that did not ask: %v", err)
	}
	if _, err := w.db.RecordGoalProgress(ctx, goals[0].ID, nov1, "UANN", store.GoalDone); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the mentor answered: %v", err)
	}
	if _, err := w.db.RecordGoalProgress(ctx, goals[0].ID, nov1, "UBOB", "finished"); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("a made-up status: %v", err)
	}
	if ok, err := w.db.RecordGoalProgress(ctx, goals[0].ID, nov1, "UBOB", store.GoalDone); !ok || err != nil {
		t.Fatalf("answer: %v %v", ok, err)
	}
	if ok, err := w.db.RecordGoalProgress(ctx, goals[0].ID, nov1, "UBOB", store.GoalProgressing); ok || err != nil {
		t.Errorf("a second answer was recorded: %v %v", ok, err)
	}
	if n, err := w.db.GoalsDone(ctx, w.pa.ID); n != 1 || err != nil {
		t.Errorf("GoalsDone = %d, %v", n, err)
	}
	if raw, err := w.db.ReportData(ctx, report.Scope{}); err != nil || raw.Goals != (report.GoalsRaw{Set: 2, Progressing: 0, Done: 1, Pairings: 1}) {
		t.Errorf("the report's goals: %+v, %v", raw.Goals, err)
	}
	if d, err := w.db.DashboardData(ctx, *w.clock, "UADMIN", store.DashboardLimits{Attention: 5, Waiting: 5}); err != nil || d.GoalsDone != 1 {
		t.Errorf("the dashboard's goals done = %d, %v", d.GoalsDone, err)
	}
	// The answered goal stays on November's message; December asks only B.
	if cg, _ := w.db.CheckinGoals(ctx, nov1); len(cg.Goals) != 2 || cg.Answers[goals[0].ID] != store.GoalDone {
		t.Errorf("November after the answer: %+v", cg)
	}
	dec := w.checkin(w.bob, time.Date(2026, 12, 7, 15, 0, 0, 0, time.UTC))
	if cg, _ := w.db.CheckinGoals(ctx, dec); !cg.Ask || len(cg.Goals) != 1 || cg.Goals[0].ID != goals[1].ID {
		t.Errorf("December: %+v", cg)
	}
}

// fitRows counts the fit-pulse rows of the pairing, per recipient.
func (w *world) fitRows() map[int64]int {
	w.t.Helper()
	out := map[int64]int{}
	for _, who := range []store.Participant{w.ann, w.bob} {
		sent, err := w.db.DueDeliveries(context.Background(), w.clock.Add(time.Hour), 1000)
		if err != nil {
			w.t.Fatal(err)
		}
		for _, d := range sent {
			if d.Kind == store.KindFitPulse && d.RecipientID == who.ID && d.PairingID == w.pa.ID {
				out[who.ID]++
			}
		}
	}
	return out
}

func TestFitPulseOnceAfterTheFirstMet(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	c1 := w.checkin(w.bob, time.Date(2026, 11, 2, 15, 0, 0, 0, time.UTC))
	c2 := w.checkin(w.ann, time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC))
	if _, err := w.db.AnswerCheckin(ctx, c1, "UBOB", store.AnswerNotYet); err != nil {
		t.Fatal(err)
	}
	if got := w.fitRows(); len(got) != 0 {
		t.Fatalf("Not yet brought a fit pulse: %v", got)
	}
	if _, err := w.db.AnswerCheckin(ctx, c2, "UANN", store.AnswerMet); err != nil {
		t.Fatal(err)
	}
	got := w.fitRows()
	if got[w.ann.ID] != 1 || got[w.bob.ID] != 1 {
		t.Fatalf("after the first Met: %v", got)
	}
	c3 := w.checkin(w.bob, time.Date(2026, 11, 9, 15, 0, 0, 0, time.UTC))
	if _, err := w.db.AnswerCheckin(ctx, c3, "UBOB", store.AnswerMet); err != nil {
		t.Fatal(err)
	}
	if got := w.fitRows(); got[w.ann.ID] != 1 || got[w.bob.ID] != 1 {
		t.Fatalf("a second Met added pulses: %v", got)
	}
	// Answers: the first wins, strangers are refused, Not a fit brings
	// that person (only) a rematch offer.
	if _, err := w.db.RecordFit(ctx, w.pa.ID, "UZED", store.FitGood); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a stranger answered: %v", err)
	}
	if ok, err := w.db.RecordFit(ctx, w.pa.ID, "UBOB", store.FitNotAFit); !ok || err != nil {
		t.Fatalf("RecordFit = %v, %v", ok, err)
	}
	if ok, _ := w.db.RecordFit(ctx, w.pa.ID, "UBOB", store.FitGood); ok {
		t.Error("a second fit answer was recorded")
	}
	if a, _ := w.db.FitAnswer(ctx, w.pa.ID, "UBOB"); a != store.FitNotAFit {
		t.Errorf("FitAnswer = %q", a)
	}
	if a, _ := w.db.FitAnswer(ctx, w.pa.ID, "UANN"); a != "" {
		t.Errorf("Ann's FitAnswer = %q", a)
	}
	// The export: each person's own fit answer only; the pair's goals to both.
	if _, err := w.db.SetGoals(ctx, w.pa.ID, "UBOB", []store.GoalInput{{Text: "Shared goal"}}); err != nil {
		t.Fatal(err)
	}
	for who, fits := range map[string]int{"UANN": 0, "UBOB": 1} {
		ex, err := w.db.ExportPerson(ctx, who)
		if err != nil || len(ex.FitAnswers) != fits || len(ex.PairingGoals) != 1 || ex.PairingGoals[0].Text != "Shared goal" {
			t.Errorf("%s's export: fit %+v goals %+v, %v", who, ex.FitAnswers, ex.PairingGoals, err)
		}
	}
	raw, err := w.db.ReportData(ctx, report.Scope{})
	if want := (report.Rating{Program: 0, Rater: w.bob.ID, Value: report.FitValueNotAFit, InWindow: true}); err != nil || len(raw.Fit) != 1 || raw.Fit[0] != want {
		t.Errorf("the report's fit answers: %+v, %v", raw.Fit, err)
	}
	if raw, _ := w.db.ReportData(ctx, report.Scope{Since: w.clock.Add(time.Hour)}); len(raw.Fit) != 1 || raw.Fit[0].InWindow {
		t.Errorf("a fit answer before --since: %+v", raw.Fit)
	}
	offers, err := w.db.RematchOffersDue(ctx)
	if err != nil || len(offers) != 1 || offers[0].RecipientID != w.bob.ID {
		t.Fatalf("rematch offers = %+v, %v", offers, err)
	}
}

func TestLeaveErasesGoalText(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	if _, err := w.db.SetGoals(ctx, w.pa.ID, "UBOB", []store.GoalInput{{Text: "SECRETGOAL", Target: "2027-02-01"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.Leave(ctx, "UANN"); err != nil {
		t.Fatal(err)
	}
	g, err := w.db.Goals(ctx, w.pa.ID)
	if err != nil || len(g) != 1 || g[0].Text != "" || g[0].Target != "" {
		t.Fatalf("after the mentor left: %+v, %v", g, err)
	}
}

// TestFitPulseOnceWhenBothMeetAtOnceOnTwoStores: Ann and Bob answer Met at
// the same moment through two stores on one database (two serve
// processes, or replicas): each still gets exactly one fit pulse, and a
// store opened afresh (a restart) answering Met again adds none.
func TestFitPulseOnceWhenBothMeetAtOnceOnTwoStores(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	second, err := sqldb.Open(ctx, w.target, sqldb.Options{Clock: func() time.Time { return *w.clock }})
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	cAnn := w.checkin(w.ann, time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC))
	cBob := w.checkin(w.bob, time.Date(2026, 11, 2, 15, 0, 0, 0, time.UTC))
	errs := make(chan error, 2)
	go func() { _, err := w.db.AnswerCheckin(ctx, cAnn, "UANN", store.AnswerMet); errs <- err }()
	go func() { _, err := second.AnswerCheckin(ctx, cBob, "UBOB", store.AnswerMet); errs <- err }()
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if got := w.fitRows(); got[w.ann.ID] != 1 || got[w.bob.ID] != 1 {
		t.Fatalf("after two Mets at once: %v", got)
	}
	restarted, err := sqldb.Open(ctx, w.target, sqldb.Options{Clock: func() time.Time { return *w.clock }})
	if err != nil {
		t.Fatal(err)
	}
	defer restarted.Close()
	c3 := w.checkin(w.bob, time.Date(2026, 11, 9, 15, 0, 0, 0, time.UTC))
	if _, err := restarted.AnswerCheckin(ctx, c3, "UBOB", store.AnswerMet); err != nil {
		t.Fatal(err)
	}
	if got := w.fitRows(); got[w.ann.ID] != 1 || got[w.bob.ID] != 1 {
		t.Fatalf("after a restart: %v", got)
	}
}

// TestRetentionErasesEndedPairingsGoalText: the retention job blanks the
// goals of pairings ended longer ago than the retention period, as it
// does feedback text; statuses stay as counts.
func TestRetentionErasesEndedPairingsGoalText(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	if _, err := w.db.SetGoals(ctx, w.pa.ID, "UBOB", []store.GoalInput{{Text: "OLDGOAL", Target: "2027-01-01"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.EndPairingByID(ctx, w.pa.ID, "test"); err != nil {
		t.Fatal(err)
	}
	*w.clock = w.clock.Add(24 * time.Hour)
	res, err := w.db.RunRetention(ctx, "2026-10-31", "w", 48*time.Hour)
	if err != nil || res.GoalRows != 0 {
		t.Fatalf("within the period: %+v, %v", res, err)
	}
	*w.clock = w.clock.Add(72 * time.Hour)
	if res, err = w.db.RunRetention(ctx, "2026-11-03", "w", 48*time.Hour); err != nil || res.GoalRows != 1 {
		t.Fatalf("after the period: %+v, %v", res, err)
	}
	if g, _ := w.db.Goals(ctx, w.pa.ID); len(g) != 1 || g[0].Text != "" || g[0].Target != "" || g[0].Status != store.GoalNotStarted {
		t.Fatalf("goals after retention: %+v", g)
	}
}
