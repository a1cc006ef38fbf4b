package main

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// TestCircleMemberSeesTheSameWhateverAnotherAnswers: inside a circle,
// nobody learns another member's answers, by content or timing. The same
// weeks are played with Bob answering Met, Not yet, Need help or nothing;
// everything Ann (the lead) and Dan (a member) can see in Slack (their
// conversations' messages and edits, ephemerals, App Home) must be the
// same in every run, step by step.
func TestCircleMemberSeesTheSameWhateverAnotherAnswers(t *testing.T) {
	var base []string
	for _, bobAnswer := range []string{"circle_checkin_met", "circle_checkin_not_yet", "circle_checkin_need_help", ""} {
		seen := playCircleWeeks(t, bobAnswer)
		if base == nil {
			base = seen
			continue
		}
		if len(seen) != len(base) {
			t.Fatalf("Bob answering %q: %d steps, want %d", bobAnswer, len(seen), len(base))
		}
		for i := range base {
			if seen[i] != base[i] {
				t.Errorf("Bob answering %q changed what the others see at step %d:\nwith Met: %s\nnow:      %s", bobAnswer, i, base[i], seen[i])
			}
		}
	}
}

// playCircleWeeks runs two weeks of a circle (Ann leads, Bob and Dan) and
// returns what Ann and Dan could see after each step.
func playCircleWeeks(t *testing.T, bobAnswer string) []string {
	r, a := startWith(t, startOptions{driven: true})
	circleFolks(t, r)
	r.createCircle("Quiet", "UANN", "3", "")
	var steps []string
	snap := func(what string) { steps = append(steps, what+"\n"+seenByInCircle(r, "UANN", "UDAN")) }
	for _, who := range []string{"UBOB", "UDAN"} {
		r.homeClick(who, "circle_join", "Join")
		r.waitReply(who, "You're in!")
	}
	a.bot.WaitIdle() // the join's introduction goes out after its reply
	snap("joined")
	r.at(a, "2026-11-02 15:00")
	bob := r.waitDM("UBOB", "Did the circle *Quiet* meet")
	dan := r.waitDM("UDAN", "Did the circle *Quiet* meet")
	snap("check-ins")
	if bobAnswer != "" {
		r.click("UBOB", bob, bobAnswer)
		r.waitDM("UBOB", "You answered")
	}
	a.bot.WaitIdle()
	snap("bob answered")
	r.click("UDAN", dan, "circle_checkin_met")
	r.waitDM("UDAN", "You answered *Met*")
	a.bot.WaitIdle()
	snap("dan answered")
	for _, when := range []string{"2026-11-04 10:00", "2026-11-04 15:00", "2026-11-05 16:00", "2026-11-09 09:00", "2026-11-09 15:00", "2026-11-12 16:00"} {
		r.at(a, when)
		a.bot.WaitIdle()
		snap(when)
	}
	for _, who := range []string{"UANN", "UDAN"} {
		env, err := r.fake.OpenHome(r.ctx(), who)
		if err != nil {
			t.Fatal(err)
		}
		env.WaitAck(r.ctx())
		a.bot.WaitIdle()
	}
	snap("home")
	r.shutdown()
	return steps
}

// seenByInCircle is what these users see in Slack, in order, keyed by
// who is in each conversation (ids and timestamps differ between runs).
func seenByInCircle(r *running, users ...string) string {
	var b strings.Builder
	convs := map[string]bool{}
	for _, u := range users {
		for _, c := range r.fake.ConversationsOf(u) {
			if convs[c.ID] {
				continue
			}
			convs[c.ID] = true
			members := slices.Clone(c.Members)
			slices.Sort(members)
			fmt.Fprintf(&b, "[%s %s]\n", c.Kind, strings.Join(members, ","))
			for _, m := range r.fake.Messages(c.ID) {
				fmt.Fprintf(&b, "  %s updated=%v\n", msgText(m), m.Updated)
			}
		}
		for _, m := range r.fake.Ephemerals(u) {
			fmt.Fprintf(&b, "eph %s: %s\n", u, msgText(m))
		}
		if v, ok := r.fake.HomeView(u); ok {
			fmt.Fprintf(&b, "home %s: %s\n", u, homeBlocks(v))
		}
	}
	// Random block ids and the order in which concurrent workers claimed
	// the check-ins (their ids) are not something a person can see.
	return runNoise.ReplaceAllString(b.String(), "")
}

var runNoise = regexp.MustCompile(`"block_id":"[0-9a-f]{6}",?|"value":"[0-9]+"`)

// homeBlocks is a Home view's content without its ids and hash.
func homeBlocks(v slackfake.View) string {
	s := string(v.Raw)
	if i := strings.Index(s, `"blocks"`); i >= 0 {
		s = s[i:]
	}
	if j := strings.Index(s, `"bot_id"`); j >= 0 {
		s = s[:j]
	}
	return s
}
