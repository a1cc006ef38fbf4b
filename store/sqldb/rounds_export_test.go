package sqldb_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// roundsT0 is openTest's clock.
var roundsT0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// roundsWorld signs up Ann and Bob (Cat and Dan are not participants) and
// runs one round of the four in pairs (Ann with Bob, Cat with Dan).
func roundsWorld(t *testing.T) (*sqldb.DB, store.RoundSeries) {
	t.Helper()
	db, _ := openTest(t)
	ctx := context.Background()
	for _, id := range []string{"UANN", "UBOB"} {
		if _, err := db.SaveProfile(ctx, profile(id, store.RoleBoth)); err != nil {
			t.Fatal(err)
		}
	}
	se, err := db.StartSeries(ctx, store.NewRoundSeries{ChannelID: "CCOFFEE", EveryWeeks: 2, GroupSize: 2, Anchor: roundsT0, CreatedBy: "UADMIN"})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"UANN", "UBOB", "UCAT", "UDAN"} {
		if ok, err := db.JoinRounds(ctx, se.ID, m, "Europe/Paris"); err != nil || !ok {
			t.Fatalf("join %s: %v %v", m, ok, err)
		}
	}
	inOrder := func(people []store.RoundPerson, _ int, _ func(a, b string) bool) ([][]string, int, error) {
		var ids []string
		for _, p := range people {
			ids = append(ids, p.SlackID)
		}
		slices.Sort(ids)
		return [][]string{ids[:2], ids[2:]}, 0, nil
	}
	if _, err := db.RunRound(ctx, store.RoundPlan{SeriesID: se.ID, Slot: roundsT0, AskAt: roundsT0.Add(time.Hour)}, "w", inOrder); err != nil {
		t.Fatal(err)
	}
	return db, se
}

// sendIntros sends every due introduction (claimed and recorded sent).
func sendIntros(t *testing.T, db *sqldb.DB) {
	t.Helper()
	ctx := context.Background()
	due, err := db.DueRoundMessages(ctx, roundsT0, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range due {
		if m.Kind != store.RoundIntro {
			continue
		}
		if _, ok, err := db.ClaimRoundMessage(ctx, m.ID, "w", roundsT0); err != nil || !ok {
			t.Fatalf("claim %d: %v %v", m.ID, ok, err)
		}
		if err := db.FinishRoundMessage(ctx, m.ID, "w", store.RoundOutcome{State: store.DeliverySent, Channel: "G", TS: "1"}); err != nil {
			t.Fatal(err)
		}
	}
}

// A person's export holds their rounds: the series with their skip, each
// round with its date, their group (once introduced) and their own answer,
// never another's answer or anyone outside their group.
func TestExportHoldsMyRoundsOnly(t *testing.T) {
	db, se := roundsWorld(t)
	ctx := context.Background()
	// Grouped but not yet introduced: the grouping told Ann nothing yet.
	ex, err := db.ExportPerson(ctx, "UANN")
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.RoundsGroups) != 1 || ex.RoundsGroups[0].Introduced || len(ex.RoundsGroups[0].GroupedWith) != 0 {
		t.Fatalf("before the introduction: %+v", ex.RoundsGroups)
	}
	sendIntros(t, db)
	asks, _ := db.RoundMessagesTo(ctx, "UANN", store.RoundAsk)
	group := asks[0].GroupID
	for who, answer := range map[string]string{"UANN": store.RoundMet, "UBOB": store.RoundNotYet, "UCAT": store.RoundNotYet, "UDAN": store.RoundNotYet} {
		other, _ := db.RoundMessagesTo(ctx, who, store.RoundAsk)
		if ok, err := db.AnswerRound(ctx, other[0].GroupID, who, answer); err != nil || !ok {
			t.Fatalf("%s answers: %v %v", who, ok, err)
		}
	}
	if ok, _ := db.SkipNextRound(ctx, se.ID, "UANN"); !ok {
		t.Fatal("skip")
	}
	ex, err = db.ExportPerson(ctx, "UANN")
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.RoundsSeries) != 1 {
		t.Fatalf("series %+v", ex.RoundsSeries)
	}
	s := ex.RoundsSeries[0]
	if s.ChannelID != "CCOFFEE" || !s.SkipNextRound || s.MyStatus != "active" || s.SeriesStatus != store.SeriesActive ||
		s.EveryWeeks != 2 || s.GroupSize != 2 || s.Timezone != "Europe/Paris" || !s.JoinedAt.Equal(roundsT0) || s.LeftAt != nil {
		t.Errorf("series %+v", s)
	}
	if len(ex.RoundsGroups) != 1 {
		t.Fatalf("groups %+v", ex.RoundsGroups)
	}
	g := ex.RoundsGroups[0]
	if g.GroupID != group || !g.RoundDate.Equal(roundsT0) || !g.Introduced || !slices.Equal(g.GroupedWith, []string{"UBOB"}) ||
		g.MyAnswer != store.RoundMet || g.AnsweredAt == nil || g.ChannelID != "CCOFFEE" || g.AskedAt != nil {
		t.Errorf("group %+v", g)
	}
	raw, _ := json.Marshal(ex)
	for _, never := range []string{store.RoundNotYet, "UCAT", "UDAN", `"group_id"`} {
		if strings.Contains(string(raw), never) {
			t.Errorf("Ann's export holds %q: %s", never, raw)
		}
	}

	// Bob leaves mentorbot: his rounds rows are erased; his answer stays
	// under a pseudonym of its own for the figures, and Ann's export
	// names him as a former participant.
	if _, err := db.Leave(ctx, "UBOB"); err != nil {
		t.Fatal(err)
	}
	assertErased(t, db, "UBOB")
	ex, _ = db.ExportPerson(ctx, "UANN")
	if got := ex.RoundsGroups[0].GroupedWith; !slices.Equal(got, []string{store.FormerParticipant}) {
		t.Errorf("Ann's group after Bob left: %v", got)
	}
	var answers int
	if err := db.GetForTest(ctx, &answers, `SELECT COUNT(*) FROM round_group_members WHERE answer <> ''`); err != nil || answers != 4 {
		t.Errorf("answers after Bob left: %d %v (want his counted, unlinked)", answers, err)
	}

	// Ann departs (her account deactivated) and retention erases her.
	if _, err := db.Depart(ctx, "UANN", "deactivated"); err != nil {
		t.Fatal(err)
	}
	if res, err := db.RunRetention(ctx, "2026-11-02", "w", 0); err != nil || res.People != 1 {
		t.Fatalf("retention %+v %v", res, err)
	}
	assertErased(t, db, "UANN")
}

// assertErased checks no rounds row names slackID any more.
func assertErased(t *testing.T, db *sqldb.DB, slackID string) {
	t.Helper()
	ctx := context.Background()
	if msgs, err := db.RoundMessagesTo(ctx, slackID); err != nil || len(msgs) != 0 {
		t.Errorf("%s's round messages after erasure: %d %v", slackID, len(msgs), err)
	}
	for _, q := range []string{`SELECT COUNT(*) FROM round_members WHERE slack_id = ?`, `SELECT COUNT(*) FROM round_group_members WHERE slack_id = ?`,
		`SELECT COUNT(*) FROM round_series WHERE created_by = ?`} {
		var n int
		if err := db.GetForTest(ctx, &n, q, slackID); err != nil || n != 0 {
			t.Errorf("%s after erasure: %s = %d %v", slackID, q, n, err)
		}
	}
}
