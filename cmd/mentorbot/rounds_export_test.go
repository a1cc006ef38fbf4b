package main

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// TestExportHoldsMyNetworkingRounds: Ann, a participant, joins the rounds
// by button, is grouped, answers Met and asks to skip the next round; her
// partner answers Not yet. Her /mentor export holds the series (channel,
// her skip), the round with its date, who she was grouped with and her
// own answer; never her partner's answer nor the other group.
func TestExportHoldsMyNetworkingRounds(t *testing.T) {
	r, a := startRounds(t)
	r.signUp("UANN", mentorForm("Go"))
	people := []string{"UANN", "UBOB", "UCAT", "UDAN"}
	coffee := r.fake.AddChannelWithoutBot("coffee", people...)
	r.fake.InviteBot(coffee)
	r.slash("UADMIN", "rounds start <#"+coffee+"|coffee> every 1 week")
	a.bot.WaitIdle()
	post := r.waitMessage(func() string { return coffee }, "Join networking rounds")
	for _, u := range people {
		r.clickAs(a, u, post, "rounds_join")
		r.waitEphemeral(u, "You're in the networking rounds")
	}

	t0 := r.clock.Now().Truncate(5 * time.Second)
	r.atTime(a, t0.Add(time.Second))
	groups := r.roundGroups(a, 1)
	var mine, others []string
	for _, g := range groups {
		if slices.Contains(g, "UANN") {
			mine = g
		} else {
			others = append(others, g...)
		}
	}
	if len(mine) != 2 || len(others) != 2 {
		t.Fatalf("groups %v", groups)
	}
	partner := mine[0]
	if partner == "UANN" {
		partner = mine[1]
	}
	r.atTime(a, t0.Add(3*time.Second))
	for _, u := range people {
		ask := r.waitDM(u, "Did you meet your networking group")
		if u == "UANN" {
			r.clickAs(a, u, ask, "rounds_met")
		} else {
			r.clickAs(a, u, ask, "rounds_not_yet")
		}
	}
	r.waitDM("UANN", "You answered *Met*")
	conf := r.waitEphemeral("UANN", "You're in the networking rounds")
	r.clickAs(a, "UANN", conf, "rounds_skip")
	r.waitEphemeral("UANN", "skip the next networking round")

	raw := r.exportOf("UANN")
	var ex store.Export
	if err := json.Unmarshal(raw, &ex); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, raw)
	}
	slots, err := a.db.RoundSlots(r.ctx(), 1)
	if err != nil || len(slots) != 1 {
		t.Fatalf("slots %v %v", slots, err)
	}
	if len(ex.RoundsSeries) != 1 || ex.RoundsSeries[0].ChannelID != coffee || !ex.RoundsSeries[0].SkipNextRound ||
		ex.RoundsSeries[0].MyStatus != "active" || ex.RoundsSeries[0].EveryWeeks != 1 {
		t.Errorf("rounds_series %+v", ex.RoundsSeries)
	}
	if len(ex.RoundsGroups) != 1 {
		t.Fatalf("rounds_groups %+v", ex.RoundsGroups)
	}
	g := ex.RoundsGroups[0]
	if !g.RoundDate.Equal(slots[0]) || g.ChannelID != coffee || !g.Introduced || !slices.Equal(g.GroupedWith, []string{partner}) ||
		g.MyAnswer != store.RoundMet || g.AnsweredAt == nil || g.AskedAt == nil {
		t.Errorf("rounds_groups[0] %+v (partner %s, slot %v)", g, partner, slots[0])
	}
	// Nobody else's answer, and nothing of the other group.
	for _, never := range append([]string{store.RoundNotYet}, others...) {
		if bytes.Contains(raw, []byte(never)) {
			t.Errorf("Ann's export holds %q:\n%s", never, raw)
		}
	}
}
