package main

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// roundsUsers are colleagues beside testUsers for the networking rounds.
var roundsUsers = []slackfake.User{
	{ID: "UEVA", Name: "eva", RealName: "Eva Sales", TZ: "Europe/Madrid", TZOffset: 3600},
	{ID: "UFIN", Name: "fin", RealName: "Fin Ops", TZ: "Europe/Dublin", TZOffset: 0},
}

// startRounds starts the bot with a rounds schedule every 5 seconds (a
// 6-field cron), so rounds fall a few seconds apart on the test's clock.
func startRounds(t *testing.T) (*running, *app) {
	t.Helper()
	return startWith(t, startOptions{driven: true, users: roundsUsers, env: map[string]string{
		"MENTORBOT_ROUNDS_SCHEDULE": "*/5 * * * * *",
		"MENTORBOT_ROUNDS_MEMORY":   "6",
	}})
}

// atTime sets the clock and runs one tick and one dispatch round.
func (r *running) atTime(a *app, tm time.Time) {
	r.t.Helper()
	r.clock.Set(tm)
	if err := a.sched.Tick(r.ctx()); err != nil {
		r.t.Fatal(err)
	}
	if _, err := a.sched.Dispatch(r.ctx()); err != nil {
		r.t.Fatal(err)
	}
	a.bot.WaitIdle()
}

// click clicks a button as user and waits for the bot to finish with it.
func (r *running) clickAs(a *app, user string, m slackfake.Message, actionID string) {
	r.t.Helper()
	env, err := r.fake.ClickButton(r.ctx(), user, slackfake.Location{Channel: m.Channel, TS: m.TS}, actionID, "")
	if err != nil {
		r.t.Fatalf("%s clicks %s: %v", user, actionID, err)
	}
	if _, err := env.WaitAck(r.ctx()); err != nil {
		r.t.Fatal(err)
	}
	a.bot.WaitIdle()
}

// roundGroups reads the groups of the series' n-th round (1-based) and
// checks each got its group DM with an icebreaker in the fake Slack.
func (r *running) roundGroups(a *app, n int) [][]string {
	r.t.Helper()
	slots, err := a.db.RoundSlots(r.ctx(), 1)
	if err != nil || len(slots) < n {
		r.t.Fatalf("round %d: slots %v %v; logs:\n%s", n, slots, err, r.logs.String())
	}
	groups, err := a.db.RoundGroups(r.ctx(), 1, slots[n-1])
	if err != nil {
		r.t.Fatal(err)
	}
	for _, g := range groups {
		ch := r.fake.Conversation(g...)
		if ch == "" {
			r.t.Errorf("round %d: no group DM for %v", n, g)
			continue
		}
		intros := 0
		for _, m := range r.fake.Messages(ch) {
			if strings.Contains(m.Text, "Icebreaker:") {
				intros++
			}
		}
		if intros == 0 {
			r.t.Errorf("round %d: group %v has no introduction", n, g)
		}
	}
	return groups
}

func pairsOf(groups [][]string) map[string]bool {
	out := map[string]bool{}
	for _, g := range groups {
		for i := range g {
			for j := i + 1; j < len(g); j++ {
				out[g[i]+" "+g[j]] = true
			}
		}
	}
	return out
}

func TestRoundsEndToEnd(t *testing.T) {
	r, a := startRounds(t)
	people := []string{"UANN", "UBOB", "UCAT", "UDAN"}
	coffee := r.fake.AddChannelWithoutBot("coffee", append(people, "UEVA")...)
	mention := "<#" + coffee + "|coffee>"

	// Malformed input changes nothing; the bot not in the channel says how
	// to invite it and creates nothing.
	if got := string(r.slash("UADMIN", "rounds start #coffee").Payload); !strings.Contains(got, "couldn't read") {
		t.Errorf("unlinked channel: %s", got)
	}
	if got := string(r.slash("UADMIN", "rounds start "+mention+" every 40 weeks").Payload); !strings.Contains(got, "from 1 to 12") {
		t.Errorf("bad cadence: %s", got)
	}
	if got := string(r.slash("UADMIN", "rounds start "+mention+" groups of 5").Payload); !strings.Contains(got, "2 or 3") {
		t.Errorf("bad group size: %s", got)
	}
	r.slash("UADMIN", "rounds start "+mention+" every 1 week")
	a.bot.WaitIdle()
	r.waitEphemeral("UADMIN", "/invite @mentorbot")
	if s, err := a.db.ActiveSeries(r.ctx()); err != nil || len(s) != 0 {
		t.Fatalf("series after not_in_channel: %v %v", s, err)
	}
	if got := string(r.slash("UANN", "rounds start "+mention).Payload); !strings.Contains(got, "program admins") {
		t.Errorf("a non-admin starts rounds: %s", got)
	}

	// Invited, the admin starts the rounds: a Join button in the channel.
	r.fake.InviteBot(coffee)
	r.slash("UADMIN", "rounds start "+mention+" every 1 week groups of 2")
	a.bot.WaitIdle()
	r.waitEphemeral("UADMIN", "Networking rounds start in <#"+coffee+">")
	post := r.waitMessage(func() string { return coffee }, "Join networking rounds")
	if got := jsonUnescaper.Replace(string(r.slash("UADMIN", "rounds list").Payload)); !strings.Contains(got, "<#"+coffee+">") || !strings.Contains(got, "0 members") {
		t.Errorf("rounds list: %s", got)
	}

	// Nobody is enrolled until they click; someone outside the channel
	// cannot join.
	for _, u := range people {
		r.clickAs(a, u, post, "rounds_join")
		r.waitEphemeral(u, "You're in the networking rounds")
	}
	if got := string(r.slash("UFIN", "rounds join "+mention).Payload); !strings.Contains(got, "for the people in that channel") {
		a.bot.WaitIdle()
		r.waitEphemeral("UFIN", "for the people in that channel")
	}
	if got := string(r.slash("UADMIN", "rounds list").Payload); !strings.Contains(got, "4 members") {
		t.Errorf("rounds list after joins: %s", got)
	}

	// Round 1 at the first slot: two group DMs with an icebreaker.
	t0 := r.clock.Now().Truncate(5 * time.Second)
	r.atTime(a, t0.Add(time.Second))
	g1 := r.roundGroups(a, 1)
	if len(g1) != 2 || len(g1[0]) != 2 || len(g1[1]) != 2 {
		t.Fatalf("round 1 groups %v; logs:\n%s", g1, r.logs.String())
	}
	// A second tick in the same slot runs nothing more.
	r.atTime(a, t0.Add(2*time.Second))
	for _, g := range g1 {
		if n := len(r.fake.Messages(r.fake.Conversation(g...))); n != 1 {
			t.Errorf("group %v got %d messages", g, n)
		}
	}

	// Halfway to round 2, each person privately: Did you meet?
	r.atTime(a, t0.Add(3*time.Second))
	asks := map[string]slackfake.Message{}
	for _, u := range people {
		asks[u] = r.waitDM(u, "Did you meet your networking group")
	}
	r.atTime(a, t0.Add(4*time.Second))
	for _, u := range people {
		if n := len(r.dms(u, "Did you meet your networking group")); n != 1 {
			t.Errorf("%s was asked %d times", u, n)
		}
	}
	// Only the person may answer; their answer reaches nobody else.
	env, err := r.fake.ClickButton(r.ctx(), "UBOB", slackfake.Location{Channel: asks["UANN"].Channel, TS: asks["UANN"].TS}, "rounds_met", "")
	if err == nil {
		if _, err := env.WaitAck(r.ctx()); err != nil {
			t.Fatal(err)
		}
		a.bot.WaitIdle()
	}
	r.clickAs(a, "UANN", asks["UANN"], "rounds_met")
	r.waitDM("UANN", "You answered *Met*")
	partner := g1[0][1]
	if g1[0][0] != "UANN" {
		partner = g1[0][0]
		if g1[1][0] == "UANN" {
			partner = g1[1][1]
		}
	}
	for _, u := range people {
		if u != "UANN" && len(r.dms(u, "answered")) > 0 {
			t.Errorf("%s learnt an answer that was not theirs", u)
		}
	}
	if n := len(r.dms(partner, "Did you meet")); n != 1 {
		t.Errorf("partner %s: %d asks", partner, n)
	}

	// Round 2, five seconds later: no pair of round 1 meets again.
	r.atTime(a, t0.Add(6*time.Second))
	g2 := r.roundGroups(a, 2)
	if len(g2) != 2 {
		t.Fatalf("round 2 groups %v", g2)
	}
	for p := range pairsOf(g2) {
		if pairsOf(g1)[p] {
			t.Errorf("pair %s met again in round 2 (round 1 %v, round 2 %v)", p, g1, g2)
		}
	}

	// Skip next round: Dan sits round 3 out, the odd three make one group.
	conf := r.waitEphemeral("UDAN", "You're in the networking rounds")
	r.clickAs(a, "UDAN", conf, "rounds_skip")
	r.waitEphemeral("UDAN", "skip the next networking round")
	r.atTime(a, t0.Add(11*time.Second))
	g3 := r.roundGroups(a, 3)
	if len(g3) != 1 || len(g3[0]) != 3 || slices.Contains(g3[0], "UDAN") {
		t.Errorf("round 3 groups %v, want the three others together", g3)
	}

	// Cat leaves; Bob's account is deactivated: round 4 is Ann and Dan.
	conf = r.waitEphemeral("UCAT", "You're in the networking rounds")
	r.clickAs(a, "UCAT", conf, "rounds_leave")
	r.waitEphemeral("UCAT", "You left the networking rounds")
	env, err = r.fake.SetDeleted(r.ctx(), "UBOB", true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.WaitAck(r.ctx()); err != nil {
		t.Fatal(err)
	}
	a.bot.WaitIdle()
	r.atTime(a, t0.Add(16*time.Second))
	if g4 := r.roundGroups(a, 4); len(g4) != 1 || !slices.Equal(g4[0], []string{"UANN", "UDAN"}) {
		t.Errorf("round 4 groups %v, want [[UANN UDAN]]", g4)
	}
	slots, _ := a.db.RoundSlots(r.ctx(), 1)

	// Dan leaves by command; a second time changes nothing.
	if got := string(r.slash("UDAN", "rounds leave "+mention).Payload); !strings.Contains(got, "You left the networking rounds") {
		a.bot.WaitIdle()
		r.waitEphemeral("UDAN", "You left the networking rounds")
	}
	a.bot.WaitIdle()
	if got := string(r.slash("UDAN", "rounds leave "+mention).Payload); !strings.Contains(got, "not in the networking rounds") {
		a.bot.WaitIdle()
		r.waitEphemeral("UDAN", "not in the networking rounds")
	}

	// Stopped rounds run no more.
	if got := string(r.slash("UADMIN", "rounds stop "+mention).Payload); !strings.Contains(got, "stopped") {
		r.waitEphemeral("UADMIN", "are stopped")
	}
	r.atTime(a, t0.Add(21*time.Second))
	if s, _ := a.db.RoundSlots(r.ctx(), 1); len(s) != len(slots) {
		t.Errorf("a stopped series ran: %v", s)
	}
}
