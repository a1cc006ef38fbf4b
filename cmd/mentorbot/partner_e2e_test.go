package main

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// startDriven is startApp without the scheduler's own loop: the real bot
// serves Socket Mode, and the scheduler runs only when the test calls
// r.at. Every scheduled send then happens inside a known step, so two runs
// can be compared step by step.
func startDriven(t *testing.T) (*running, *app) {
	t.Helper()
	return startWith(t, startOptions{driven: true, start: time.Date(2026, 10, 26, 9, 0, 0, 0, time.UTC)})
}

// partnerRun is one history of Ann (mentor, New York) and Bob (mentee,
// London): Bob's first check-in answer, his rating in the November
// feedback, and how the pairing ends.
type partnerRun struct {
	bobFirst  string // checkin_need_help or checkin_not_yet
	bobRating string // "2" or "4"
	ending    string // "unpair" (by an admin) or "rematch" (Bob's Rematch me)
}

// annSees plays run and returns what Ann can see after each step (her DMs
// as updated, her ephemeral replies, her Home tab and open modals) and the
// step after which Bob first had a rematch offer.
func (run partnerRun) annSees(t *testing.T) (steps []string, bobOffered string) {
	r, a := startDriven(t)
	seedPairing(t, r)
	var seen []string
	var ids idNames
	step := func(label string) {
		seen = append(seen, label+"\n"+annWorld(r, &ids))
		if bobOffered == "" && len(r.dms("UBOB", "Rematch me")) > 0 {
			bobOffered = label
		}
	}
	// waitMore waits until one more of user's DMs contains want.
	waitMore := func(user, want string, act func()) {
		t.Helper()
		before := len(r.dms(user, want))
		act()
		if err := r.fake.Wait(r.ctx(), func() bool { return len(r.dms(user, want)) > before }); err != nil {
			t.Fatalf("no new DM to %s containing %q: %v\nlogs:\n%s", user, want, err, r.logs.String())
		}
	}
	answer := func(user, action, shown string) {
		t.Helper()
		checkins := r.dms(user, "Did you meet")
		waitMore(user, "Your answer: *"+shown+"*", func() { r.click(user, checkins[len(checkins)-1], action) })
	}
	feedback := func(user, rating string) {
		t.Helper()
		prompts := r.dms(user, "feedback_open")
		r.click(user, prompts[len(prompts)-1], "feedback_open")
		v := r.waitView(user, "feedback")
		waitMore(user, "was received", func() {
			if p := r.submit(user, v.ID, formValues{"rating": val(slackfake.Value{SelectedOption: rating})}); p != nil {
				t.Fatalf("feedback refused: %v", p)
			}
		})
	}
	at := func(when string) { r.at(a, when); step(when) }

	at("2026-10-26 10:00") // Bob's first check-in (10:00 in London)
	answer("UBOB", run.bobFirst, map[string]string{"checkin_need_help": "Need help", "checkin_not_yet": "Not yet"}[run.bobFirst])
	step("Bob answered")
	at("2026-10-26 10:01")
	at("2026-10-26 15:00") // Ann's (10:00 in New York)
	answer("UANN", "checkin_not_yet", "Not yet")
	step("Ann answered")
	at("2026-10-28 10:00")
	at("2026-10-28 15:00")
	at("2026-11-01 14:00") // Bob's feedback prompt
	feedback("UBOB", run.bobRating)
	step("Bob rated")
	at("2026-11-01 14:01")
	at("2026-11-01 19:00") // Ann's (New York is on EST by then)
	feedback("UANN", "4")
	step("Ann rated")
	at("2026-11-02 10:00")
	answer("UBOB", "checkin_not_yet", "Not yet")
	at("2026-11-02 15:00")
	answer("UANN", "checkin_not_yet", "Not yet")
	at("2026-11-09 10:00")
	answer("UBOB", "checkin_not_yet", "Not yet") // Bob's third without Met: not meeting
	at("2026-11-09 10:01")
	at("2026-11-09 15:00") // Ann leaves this one unanswered
	at("2026-11-11 15:00") // and gets its reminder

	r.slash("UANN", "status")
	r.waitEphemeral("UANN", "Your mentee")
	openHome(r, "UANN")
	step("Ann's status and Home")

	// Each ending records the closing prompts before it tells Ann.
	waitMore("UANN", "your mentorship pairing with", func() {
		switch run.ending {
		case "unpair":
			r.slash("UADMIN", "unpair <@UANN> <@UBOB>")
			r.waitEphemeral("UADMIN", "Ended the pairing")
		case "rematch":
			r.click("UBOB", r.dms("UBOB", "Rematch me")[0], "rematch_me")
		}
	})
	step("pairing ended")
	at("2026-11-11 15:01") // the closing feedback prompts
	openHome(r, "UANN")
	step("Ann's Home after the end")
	return seen, bobOffered
}

// openHome opens user's Home tab and waits for the bot to publish it.
func openHome(r *running, user string) {
	r.t.Helper()
	published := func() int {
		n := 0
		for _, c := range r.fake.Calls("views.publish") {
			if c.Param("user_id") == user {
				n++
			}
		}
		return n
	}
	before := published()
	env, err := r.fake.OpenHome(r.ctx(), user)
	if err != nil {
		r.t.Fatal(err)
	}
	if _, err := env.WaitAck(r.ctx()); err != nil {
		r.t.Fatal(err)
	}
	if err := r.fake.Wait(r.ctx(), func() bool { return published() > before }); err != nil {
		r.t.Fatalf("Home tab of %s not published: %v", user, err)
	}
}

// annWorld is everything Ann can see now, as text, with identifiers
// replaced by ids.
func annWorld(r *running, ids *idNames) string {
	var b strings.Builder
	for _, m := range r.fake.Messages(r.fake.DMChannel("UANN")) {
		b.WriteString("DM " + strconv.FormatBool(m.Updated) + " " + m.Text + " " + ids.json(m.Blocks) + "\n")
	}
	for _, m := range r.fake.Ephemerals("UANN") {
		b.WriteString("ephemeral " + m.Text + " " + ids.json(m.Blocks) + "\n")
	}
	if v, ok := r.fake.HomeView("UANN"); ok {
		b.WriteString("home " + ids.json(v.Raw) + "\n")
	}
	for _, v := range r.fake.OpenViews("UANN") {
		b.WriteString("modal " + ids.json(v.Raw) + "\n")
	}
	return b.String()
}

// idNames names identifiers by their order of first appearance in a run,
// within their kind (a button's value within its action_id), so two runs
// compare by which things are the same thing rather than by the values of
// the database's and the fake's counters and random ids. Those counters
// are shared by the whole workspace: everyone's activity moves them.
type idNames struct{ names map[string]string }

// idFields hold identifiers wherever they appear.
var idFields = map[string]bool{"block_id": true, "id": true, "hash": true, "ts": true, "root_view_id": true,
	"previous_view_id": true, "private_metadata": true, "external_id": true, "app_id": true, "bot_id": true, "team_id": true}

func (n *idNames) name(kind, v string) string {
	if n.names == nil {
		n.names = map[string]string{}
	}
	key := kind + "\x00" + v
	if _, ok := n.names[key]; !ok {
		n.names[key] = kind + "#" + strconv.Itoa(len(n.names))
	}
	return n.names[key]
}

func (n *idNames) json(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return "unparsable " + string(raw)
	}
	out, _ := json.Marshal(n.walk(v))
	return string(out)
}

func (n *idNames) walk(v any) any {
	switch x := v.(type) {
	case map[string]any:
		valueKind := "value"
		if a, ok := x["action_id"].(string); ok {
			valueKind = "value of " + a
		}
		for _, k := range slices.Sorted(maps.Keys(x)) { // in a fixed order: names go by first appearance
			val := x[k]
			s, isString := val.(string)
			switch {
			case isString && k == "value":
				x[k] = n.name(valueKind, s)
			case isString && idFields[k]:
				x[k] = n.name(k, s)
			default:
				x[k] = n.walk(val)
			}
		}
	case []any:
		for i := range x {
			x[i] = n.walk(x[i])
		}
	}
	return v
}

// TestPartnerSeesNothingOfAFlagEndToEnd plays the same weeks three times
// through the fake Slack, at the same injected times: a control run in
// which Bob answers Not yet, rates 4 and an admin ends the pairing; one
// in which Bob answers Need help and ends it with Rematch me; one in which
// he rates 2 and ends it with Rematch me. What Ann can see after every
// step (DMs as updated, ephemerals, Home tab, modals) must be identical:
// not the offer, not its timing, not the words of the ending.
func TestPartnerSeesNothingOfAFlagEndToEnd(t *testing.T) {
	runs := map[string]partnerRun{
		"control":   {bobFirst: "checkin_not_yet", bobRating: "4", ending: "unpair"},
		"need help": {bobFirst: "checkin_need_help", bobRating: "4", ending: "rematch"},
		"rating 2":  {bobFirst: "checkin_not_yet", bobRating: "2", ending: "rematch"},
	}
	var mu sync.Mutex
	seen := map[string][]string{}
	offered := map[string]string{}
	t.Run("play", func(t *testing.T) {
		for name, run := range runs {
			t.Run(name, func(t *testing.T) {
				t.Parallel() // the runs are independent: each its own fake Slack, bot and database
				got, bob := run.annSees(t)
				mu.Lock()
				defer mu.Unlock()
				seen[name], offered[name] = got, bob
			})
		}
	})
	control := seen["control"]
	if all := strings.Join(control, ""); !strings.Contains(all, "Rematch me") || !strings.Contains(all, "your mentorship pairing with") {
		t.Fatalf("the control run lacks the not-meeting offer or the ending: the comparison would be weak")
	}
	// Bob, who raised the flag, has his offer right after it; without a
	// flag he has one only when the pairing is found not meeting.
	if want := map[string]string{"control": "2026-11-09 10:01", "need help": "2026-10-26 10:01", "rating 2": "2026-11-01 14:01"}; !maps.Equal(offered, want) {
		t.Fatalf("Bob's first rematch offer came after steps %v, want %v", offered, want)
	}
	for _, name := range []string{"need help", "rating 2"} {
		got := seen[name]
		if len(got) != len(control) {
			t.Fatalf("%s: %d steps, control %d", name, len(got), len(control))
		}
		for i := range got {
			if got[i] != control[i] {
				t.Fatalf("%s: after step %q Ann sees something else than without the flag:\nwith the flag:\n%s\nwithout:\n%s",
					name, stepLabel(got[i]), got[i], control[i])
			}
		}
	}
}

func stepLabel(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// TestNeedHelpAlertSkipsAnAdminPartner: when the partner of the person
// asking for help is an admin too, every other admin is alerted and the
// partner is not.
func TestNeedHelpAlertSkipsAnAdminPartner(t *testing.T) {
	// Ann first: admins are alerted in order, so once UADMIN has the
	// alert, Ann would have had hers.
	r, a := startApp(t, func(c *config) { c.Admins = []string{"UANN", "UADMIN"} })
	seedPairing(t, r)
	r.at(a, "2026-11-02 10:00")
	r.click("UBOB", r.waitDM("UBOB", "Did you meet"), "checkin_need_help")
	r.waitDM("UADMIN", "asked for help")
	r.waitDM("UBOB", "Your answer: *Need help*")
	if got := r.dms("UANN", "asked for help"); len(got) != 0 {
		t.Fatalf("the admin partner was alerted: %s", dumpMessages(got))
	}
}
