package roundsql_test

import (
	"context"
	"errors"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/report"
	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// TestMain runs the suite once per engine (sqldbtest.Engines).
func TestMain(m *testing.M) { os.Exit(sqldbtest.Run(m)) }

var t0 = time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)

// open returns n handles on one fresh database ("replicas"), migrated.
func open(t *testing.T, n int) []*sqldb.DB {
	t.Helper()
	ctx := context.Background()
	target := sqldbtest.Target(t)
	var out []*sqldb.DB
	for i := 0; i < n; i++ {
		db, err := sqldb.Open(ctx, target, sqldb.Options{Clock: func() time.Time { return t0 }})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if i == 0 {
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
		}
		out = append(out, db)
	}
	return out
}

func startSeries(t *testing.T, db *sqldb.DB, members ...string) store.RoundSeries {
	t.Helper()
	ctx := context.Background()
	se, err := db.StartSeries(ctx, store.NewRoundSeries{ChannelID: "CCOFFEE", EveryWeeks: 2, GroupSize: 2, Anchor: t0, CreatedBy: "UADMIN"})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range members {
		if ok, err := db.JoinRounds(ctx, se.ID, m, "Europe/Paris"); err != nil || !ok {
			t.Fatalf("join %s: %v %v", m, ok, err)
		}
	}
	return se
}

// inPairs groups people in input order, two by two (a third joins the last
// pair), and counts repeats.
func inPairs(people []store.RoundPerson, _ int, met func(a, b string) bool) ([][]string, int, error) {
	var out [][]string
	reps := 0
	for i := 0; i+1 < len(people); i += 2 {
		out = append(out, []string{people[i].SlackID, people[i+1].SlackID})
		if met(people[i].SlackID, people[i+1].SlackID) {
			reps++
		}
	}
	if len(people)%2 == 1 && len(out) > 0 {
		out[len(out)-1] = append(out[len(out)-1], people[len(people)-1].SlackID)
	}
	return out, reps, nil
}

func TestSeriesAndMembership(t *testing.T) {
	db := open(t, 1)[0]
	ctx := context.Background()
	se := startSeries(t, db, "UANN")
	if _, err := db.StartSeries(ctx, store.NewRoundSeries{ChannelID: "CCOFFEE", EveryWeeks: 1, GroupSize: 3, Anchor: t0}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("second series on a channel: %v", err)
	}
	if _, err := db.StartSeries(ctx, store.NewRoundSeries{ChannelID: "CX", EveryWeeks: 13, GroupSize: 2, Anchor: t0}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("every 13 weeks: %v", err)
	}
	if ok, _ := db.JoinRounds(ctx, se.ID, "UANN", ""); ok {
		t.Error("joined twice")
	}
	if ok, _ := db.SkipNextRound(ctx, se.ID, "UBOB"); ok {
		t.Error("a non-member skips")
	}
	if ok, _ := db.SkipNextRound(ctx, se.ID, "UANN"); !ok {
		t.Error("skip")
	}
	if m, skip, _ := db.RoundsMember(ctx, se.ID, "UANN"); !m || !skip {
		t.Errorf("member %v skip %v", m, skip)
	}
	if ok, _ := db.LeaveRounds(ctx, se.ID, "UANN"); !ok {
		t.Error("leave")
	}
	if ok, _ := db.LeaveRounds(ctx, se.ID, "UANN"); ok {
		t.Error("left twice")
	}
	if ok, _ := db.JoinRounds(ctx, se.ID, "UANN", ""); !ok {
		t.Error("rejoin")
	}
	if m, skip, _ := db.RoundsMember(ctx, se.ID, "UANN"); !m || skip {
		t.Errorf("rejoined: member %v skip %v", m, skip)
	}
	got, err := db.ActiveSeries(ctx)
	if err != nil || len(got) != 1 || got[0].Members != 1 || got[0].GroupSize != 2 || got[0].EveryWeeks != 2 {
		t.Errorf("active series %+v %v", got, err)
	}
	if ok, _ := db.StopSeries(ctx, "CCOFFEE"); !ok {
		t.Error("stop")
	}
	if ok, _ := db.StopSeries(ctx, "CCOFFEE"); ok {
		t.Error("stopped twice")
	}
	if _, err := db.JoinRounds(ctx, se.ID, "UBOB", ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("join a stopped series: %v", err)
	}
	if _, err := db.SeriesByChannel(ctx, "CCOFFEE"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("stopped series by channel: %v", err)
	}
}

// Two replicas running the same round at once: exactly one runs it, and
// its messages exist once.
func TestRunRoundOnceAcrossReplicas(t *testing.T) {
	dbs := open(t, 2)
	ctx := context.Background()
	se := startSeries(t, dbs[0], "UANN", "UBOB", "UCAT", "UDAN", "UEVE")
	if ok, _ := dbs[0].SkipNextRound(ctx, se.ID, "UEVE"); !ok {
		t.Fatal("skip")
	}
	plan := store.RoundPlan{SeriesID: se.ID, Slot: t0, AskAt: t0.Add(7 * 24 * time.Hour), Memory: 6}
	var wg sync.WaitGroup
	runs := make([]store.RoundRun, 8)
	errs := make([]error, 8)
	for i := range runs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			runs[i], errs[i] = dbs[i%2].RunRound(ctx, plan, "w", inPairs)
		}(i)
	}
	wg.Wait()
	ran := 0
	for i := range runs {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if runs[i].Ran {
			ran++
			if runs[i].People != 4 || runs[i].Groups != 2 {
				t.Errorf("run %+v", runs[i])
			}
		}
	}
	if ran != 1 {
		t.Fatalf("%d runners ran the round", ran)
	}
	groups, err := dbs[1].RoundGroups(ctx, se.ID, t0)
	if err != nil || len(groups) != 2 {
		t.Fatalf("groups %v %v", groups, err)
	}
	due, err := dbs[0].DueRoundMessages(ctx, t0, 100)
	if err != nil || len(due) != 2 {
		t.Fatalf("due intros %d %v", len(due), err)
	}
	if asks, _ := dbs[0].RoundMessagesTo(ctx, "UANN", store.RoundAsk); len(asks) != 1 || !asks[0].NotBefore.Equal(plan.AskAt) {
		t.Errorf("Ann's asks %+v", asks)
	}
	// The skip was consumed: Eve is back for the next round.
	if _, skip, _ := dbs[0].RoundsMember(ctx, se.ID, "UEVE"); skip {
		t.Error("the skip outlived its round")
	}
}

// Every row of the rounds' outbox is claimed by one worker only, settled
// only by its claimant, and skipped once its recipient left.
func TestRoundOutboxClaims(t *testing.T) {
	dbs := open(t, 2)
	ctx := context.Background()
	se := startSeries(t, dbs[0], "UANN", "UBOB", "UCAT", "UDAN")
	if _, err := dbs[0].RunRound(ctx, store.RoundPlan{SeriesID: se.ID, Slot: t0, AskAt: t0}, "w", inPairs); err != nil {
		t.Fatal(err)
	}
	due, err := dbs[0].DueRoundMessages(ctx, t0, 100)
	if err != nil || len(due) != 6 { // 2 intros, 4 asks
		t.Fatalf("due %d %v", len(due), err)
	}
	if ok, _ := dbs[0].LeaveRounds(ctx, se.ID, "UDAN"); !ok {
		t.Fatal("leave")
	}
	claims := map[int64]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w, db := range dbs {
		wg.Add(1)
		go func(worker string, db *sqldb.DB) {
			defer wg.Done()
			for _, m := range due {
				got, ok, err := db.ClaimRoundMessage(ctx, m.ID, worker, t0)
				if err != nil {
					t.Error(err)
					return
				}
				if ok {
					mu.Lock()
					claims[m.ID]++
					mu.Unlock()
					if len(got.Members) < 2 {
						t.Errorf("claimed %+v without its group", got)
					}
				}
			}
		}([]string{"a", "b"}[w], db)
	}
	wg.Wait()
	if len(claims) != 5 {
		t.Errorf("%d rows claimed, want 5 (Dan's ask is skipped)", len(claims))
	}
	for id, n := range claims {
		if n != 1 {
			t.Errorf("row %d claimed %d times", id, n)
		}
	}
	dan, _ := dbs[0].RoundMessagesTo(ctx, "UDAN", store.RoundAsk)
	if len(dan) != 1 || dan[0].State != store.DeliveryMissed {
		t.Errorf("Dan's ask %+v", dan)
	}
	var one store.RoundMessage
	for _, m := range due {
		if claims[m.ID] == 1 {
			one = m
			break
		}
	}
	err = dbs[0].FinishRoundMessage(ctx, one.ID, "nobody", store.RoundOutcome{State: store.DeliverySent})
	if !errors.Is(err, store.ErrConflict) {
		t.Errorf("a stranger settled a claim: %v", err)
	}
	for _, worker := range []string{"a", "b"} {
		_ = dbs[0].FinishRoundMessage(ctx, one.ID, worker, store.RoundOutcome{State: store.DeliverySent, Channel: "G1", TS: "1.1"})
	}
	got, err := dbs[1].RoundMessage(ctx, one.ID)
	if err != nil || got.State != store.DeliverySent || got.ChannelID != "G1" {
		t.Errorf("settled row %+v %v", got, err)
	}
	if _, ok, _ := dbs[1].ClaimRoundMessage(ctx, one.ID, "b", t0); ok {
		t.Error("a sent row was claimed again")
	}
}

func TestAnswersAndExpiry(t *testing.T) {
	db := open(t, 1)[0]
	ctx := context.Background()
	se := startSeries(t, db, "UANN", "UBOB")
	if _, err := db.RunRound(ctx, store.RoundPlan{SeriesID: se.ID, Slot: t0, AskAt: t0.Add(time.Hour)}, "w", inPairs); err != nil {
		t.Fatal(err)
	}
	asks, _ := db.RoundMessagesTo(ctx, "UANN", store.RoundAsk)
	if ok, err := db.AnswerRound(ctx, asks[0].GroupID, "UANN", store.RoundMet); err != nil || !ok {
		t.Fatalf("answer %v %v", ok, err)
	}
	if ok, _ := db.AnswerRound(ctx, asks[0].GroupID, "UANN", store.RoundNotYet); ok {
		t.Error("a second answer replaced the first")
	}
	if _, err := db.AnswerRound(ctx, asks[0].GroupID, "UANN", "maybe"); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("bad answer: %v", err)
	}
	if ok, _ := db.AnswerRound(ctx, asks[0].GroupID, "UCAT", store.RoundMet); ok {
		t.Error("an outsider answered for the group")
	}
	n, err := db.ExpireRoundMessages(ctx, t0.Add(30*time.Minute))
	if err != nil || n != 1 { // the intro; the asks are due later
		t.Errorf("expired %d %v", n, err)
	}
}

// A departed participant, and a departed person who is no participant,
// leave every series and are not grouped again.
func TestDepartureEndsRounds(t *testing.T) {
	db := open(t, 1)[0]
	ctx := context.Background()
	if _, err := db.SaveProfile(ctx, store.Profile{SlackID: "UANN", Name: "Ann", Role: store.RoleMentor, Teaches: []string{"Go"}, Capacity: 1,
		Cadence: store.CadenceWeekly, Timezone: "UTC", Department: "Sales"}); err != nil {
		t.Fatal(err)
	}
	se := startSeries(t, db, "UANN", "UBOB", "UCAT", "UDAN")
	for _, u := range []string{"UANN", "UBOB"} {
		if _, err := db.Depart(ctx, u, store.DepartDeactivated); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []string{"UANN", "UBOB"} {
		if m, _, _ := db.RoundsMember(ctx, se.ID, u); m {
			t.Errorf("%s is still a member after departing", u)
		}
	}
	run, err := db.RunRound(ctx, store.RoundPlan{SeriesID: se.ID, Slot: t0, AskAt: t0}, "w", inPairs)
	if err != nil || run.People != 2 {
		t.Errorf("run %+v %v", run, err)
	}
	g, _ := db.RoundGroups(ctx, se.ID, t0)
	if len(g) != 1 || g[0][0] != "UCAT" || g[0][1] != "UDAN" {
		t.Errorf("groups %v", g)
	}
}

// The report reads the rounds' figures: series, rounds since, people,
// groups, cross-department groups and answers.
func TestReportFigures(t *testing.T) {
	db := open(t, 1)[0]
	ctx := context.Background()
	for i, u := range []string{"UANN", "UBOB", "UCAT"} {
		if _, err := db.SaveProfile(ctx, store.Profile{SlackID: u, Name: u, Role: store.RoleMentee, Learns: []string{"Go"},
			Cadence: store.CadenceWeekly, Timezone: "UTC", Department: []string{"Sales", "Sales", "Ops"}[i]}); err != nil {
			t.Fatal(err)
		}
	}
	se := startSeries(t, db, "UANN", "UBOB", "UCAT", "UDAN")
	for k, slot := range []time.Time{t0.AddDate(0, 0, -14), t0} {
		run, err := db.RunRound(ctx, store.RoundPlan{SeriesID: se.ID, Slot: slot, AskAt: slot, Memory: 6}, "w", inPairs)
		if err != nil || !run.Ran {
			t.Fatalf("round %d: %+v %v", k, run, err)
		}
	}
	asks, _ := db.RoundMessagesTo(ctx, "UANN", store.RoundAsk)
	if _, err := db.AnswerRound(ctx, asks[0].GroupID, "UANN", store.RoundMet); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AnswerRound(ctx, asks[1].GroupID, "UANN", store.RoundNotYet); err != nil {
		t.Fatal(err)
	}
	raw, err := db.ReportData(ctx, report.Scope{})
	if err != nil {
		t.Fatal(err)
	}
	// inPairs groups in Slack ID order: UANN+UBOB (both Sales), UCAT+UDAN
	// (Ops and no department): no group crosses known departments.
	want := report.RoundsRaw{Series: 1, Rounds: 2, People: 8, Groups: 4, CrossGroups: 0, Answers: 2, Met: 1}
	if raw.Rounds != want {
		t.Errorf("rounds %+v, want %+v", raw.Rounds, want)
	}
	raw, err = db.ReportData(ctx, report.Scope{Since: t0.Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if raw.Rounds.Rounds != 1 || raw.Rounds.People != 4 || raw.Rounds.Answers != 1 {
		t.Errorf("rounds since %+v", raw.Rounds)
	}
}

// Leaving the program erases the person from the rounds: memberships and
// asks go, past group places keep their answers under unrelated
// pseudonyms, and the figures stay.
func TestLeaveErasesRounds(t *testing.T) {
	db := open(t, 1)[0]
	ctx := context.Background()
	if _, err := db.SaveProfile(ctx, store.Profile{SlackID: "UANN", Name: "Ann", Role: store.RoleMentee, Learns: []string{"Go"},
		Cadence: store.CadenceWeekly, Timezone: "UTC"}); err != nil {
		t.Fatal(err)
	}
	se := startSeries(t, db, "UANN", "UBOB")
	for _, slot := range []time.Time{t0.AddDate(0, 0, -14), t0} {
		if _, err := db.RunRound(ctx, store.RoundPlan{SeriesID: se.ID, Slot: slot, AskAt: slot}, "w", inPairs); err != nil {
			t.Fatal(err)
		}
	}
	asks, _ := db.RoundMessagesTo(ctx, "UANN", store.RoundAsk)
	if _, err := db.AnswerRound(ctx, asks[0].GroupID, "UANN", store.RoundMet); err != nil {
		t.Fatal(err)
	}
	before, _ := db.ReportData(ctx, report.Scope{})
	if _, err := db.Leave(ctx, "UANN"); err != nil {
		t.Fatal(err)
	}
	if m, _, _ := db.RoundsMember(ctx, se.ID, "UANN"); m {
		t.Error("still a member after leaving")
	}
	if asks, _ := db.RoundMessagesTo(ctx, "UANN"); len(asks) != 0 {
		t.Errorf("asks kept: %+v", asks)
	}
	seen := map[string]bool{}
	for _, slot := range []time.Time{t0.AddDate(0, 0, -14), t0} {
		g, _ := db.RoundGroups(ctx, se.ID, slot)
		for _, m := range g[0] {
			if m == "UANN" || (m != "UBOB" && seen[m]) {
				t.Errorf("group %v names Ann or links her places", g)
			}
			seen[m] = true
		}
	}
	after, _ := db.ReportData(ctx, report.Scope{})
	if after.Rounds.Answers != before.Rounds.Answers || after.Rounds.Met != 1 || after.Rounds.People != before.Rounds.People {
		t.Errorf("figures changed: %+v → %+v", before.Rounds, after.Rounds)
	}
}
