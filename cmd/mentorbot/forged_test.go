package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/store"
)

// Forged payloads (issue 10, items 10 to 12). Slack vouches only for who
// clicked; ids, message coordinates, form metadata and response_urls in a
// payload are the clicker's to alter.

// TestForgedClicksCannotRewriteAnotherPersonsMessage: a payload naming
// Bob's message (its channel and ts) never changes it, whatever the button.
func TestForgedClicksCannotRewriteAnotherPersonsMessage(t *testing.T) {
	w := newGateWorld(t)
	bobCheckin := w.victim.msgs[store.KindCheckin]

	// Cat answers her own check-in, claiming Bob's message as the clicked one.
	{
		before := w.snapshot()
		w.click("UCAT", "checkin_met", w.ref(w.own, "check-in"), bobCheckin)
		w.victimsUntouched(t, before)
		// Cat's answer is stored, and shown on Cat's own check-in.
		c, err := w.db.CheckinByID(w.r.ctx(), w.own.checkin)
		if err != nil || c.Answer != store.AnswerMet {
			t.Errorf("Cat's check-in %+v %v", c, err)
		}
		w.shows(t, w.own.msgs[store.KindCheckin], "Your answer: *Met*")
	}
	// Keep of a pause offer, clicked "on" Bob's check-in: refused.
	{
		before := w.snapshot()
		w.click("UCAT", "pause_offer_keep", "keep", bobCheckin)
		w.refusedOnly(t, before, "UCAT", true)
		w.victimsUntouched(t, before)
		w.sawEphemeral(t, "UCAT", "This button isn't yours")
	}
	// Cat keeps her own pairing, claiming Bob's rematch offer as the message.
	{
		before := w.snapshot()
		w.click("UCAT", "rematch_keep", w.ref(w.own, "pairing"), w.victim.msgs[store.KindRematchOffer])
		w.victimsUntouched(t, before)
		w.shows(t, w.own.msgs[store.KindRematchOffer], "stays as it is")
	}
	// Her own feedback form (from /mentor feedback), submitted with
	// metadata that names Bob's prompt: the form turns into a refusal.
	{
		w.r.slash("UCAT", "feedback")
		form := w.r.waitView("UCAT", "feedback")
		before := w.snapshot()
		meta := fmt.Sprintf(`{"p":%d,"s":1,"d":%d}`, w.own.pairing, w.victim.feedback)
		env := w.submit("UCAT", form.ID, "feedback", meta, map[string]string{"rating": "5", "went_well": "FORGEDTEXT"})
		w.refusedOnly(t, before, "UCAT", false)
		w.victimsUntouched(t, before)
		if ack, _ := env.Acked(); ack.Problem != "" || !strings.Contains(string(ack.Payload), "This form isn't yours") {
			t.Errorf("ack %s (%s)", ack.Payload, ack.Problem)
		}
		if v, ok := w.r.fake.View(form.ID); !ok || !strings.Contains(string(v.Raw), "This form isn't yours") {
			t.Errorf("Cat's form now shows %s", v.Raw)
		}
	}
}

// TestRepliesPostOnlyToTheAllowedResponseOrigin: a response_url anywhere
// but the allowed origin (here the fake Slack's; the test's internal server
// is another loopback port) receives nothing, the
// person is still answered, and the log names the host, not the URL.
func TestRepliesPostOnlyToTheAllowedResponseOrigin(t *testing.T) {
	w := newGateWorld(t)
	var hits atomic.Int32
	internal := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	defer internal.Close()
	foreign := internal.URL + "/SECRETPATH"
	for _, c := range []struct{ action, want string }{
		{"home_status", "Your mentorship status"},  // reply
		{"leave_cancel", "nothing changed"},        // replace_original
		{"checkin_met", "This button isn't yours"}, // a refusal
	} {
		w.clickWithResponseURL("UCAT", c.action, w.ref(w.victim, "check-in"), w.own.msgs[store.KindCheckin], foreign)
		if n := hits.Load(); n != 0 {
			t.Fatalf("%s: the internal URL received %d posts", c.action, n)
		}
		w.r.waitDMOrEphemeral("UCAT", c.want)
	}
	logs := w.r.logs.String()
	if !strings.Contains(logs, "response_url dropped") || !strings.Contains(logs, strings.TrimPrefix(internal.URL, "http://")) {
		t.Errorf("the refusal is not logged with its host:\n%s", logs)
	}
	if strings.Contains(logs, "SECRETPATH") {
		t.Errorf("the log shows a response_url's path")
	}
}

// shows checks, once the handlers are done, that the message at m says
// want.
func (w *gateWorld) shows(t *testing.T, m sentMsg, want string) {
	t.Helper()
	for _, got := range w.r.fake.Messages(m.Channel) {
		if got.TS == m.TS {
			if !strings.Contains(msgText(got), want) {
				t.Errorf("message %s/%s says %q, want %q", m.Channel, m.TS, msgText(got), want)
			}
			return
		}
	}
	t.Errorf("no message %s/%s", m.Channel, m.TS)
}

// sawEphemeral checks that user was shown an ephemeral saying want.
func (w *gateWorld) sawEphemeral(t *testing.T, user, want string) {
	t.Helper()
	for _, m := range w.r.fake.Ephemerals(user) {
		if strings.Contains(msgText(m), want) {
			return
		}
	}
	t.Errorf("%s was not told %q", user, want)
}

// waitDMOrEphemeral waits for an answer to user, privately in either form.
func (r *running) waitDMOrEphemeral(user, want string) {
	r.t.Helper()
	err := r.fake.Wait(r.ctx(), func() bool {
		for _, m := range append(r.fake.Ephemerals(user), r.fake.Messages(r.fake.DMChannel(user))...) {
			if strings.Contains(msgText(m), want) {
				return true
			}
		}
		return false
	})
	if err != nil {
		r.t.Fatalf("no answer to %s containing %q; logs:\n%s", user, want, r.logs.String())
	}
}

// forgedCommandText gives the subcommands that take arguments a text
// naming the victims. A new subcommand with arguments must be added here:
// the table test fails until it is.
var forgedCommandText = map[string]string{
	"program create": "program create Spring",
	"program close":  "program close Spring",
	"circle create":  "circle create Forged <@UANN>",
	"circle close":   "circle close Victims",
	"pair":           "pair <@UCAT> <@UBOB>",
	"unpair":         "unpair <@UANN> <@UBOB>",
	"announce":       "announce <#%s>",
	"rounds start":   "rounds start <#%s>",
	"rounds stop":    "rounds stop <#%s>",
	"rounds join":    "rounds join <#%s>",
	"rounds leave":   "rounds leave <#%s>",
}

// forgedCase is one payload against one route.
type forgedCase struct {
	name     string
	attacker string
	// strict: the payload names someone else's record, so the gate must
	// refuse it and nothing else may happen; otherwise it names only the
	// attacker's own (or nothing) and the victims must be untouched.
	strict bool
	send   func() []byte // sends, returns the ack payload
}

// TestEveryRouteRefusesForeignPayloads sends every registered command,
// action and view (read from the bot's own registration table), with
// payloads naming the victims' records, as a non-admin employee and, for
// records with an owner, as an admin who does not own them.
func TestEveryRouteRefusesForeignPayloads(t *testing.T) {
	w := newGateWorld(t)
	var strict, lenient []forgedCase
	for _, rt := range w.a.bot.Routes() {
		for _, c := range w.forgedCases(t, rt) {
			if c.strict {
				strict = append(strict, c)
			} else {
				lenient = append(lenient, c)
			}
		}
	}
	kinds := map[bot.RouteKind]int{}
	for _, rt := range w.a.bot.Routes() {
		kinds[rt.Kind]++
	}
	t.Logf("%d routes (%v): %d payloads that must be refused, %d that must leave the victims alone", len(w.a.bot.Routes()), kinds, len(strict), len(lenient))
	// Refusals change nothing, so they run first; then what the attacker
	// may do to themself (leave included) without touching the victims.
	for _, c := range append(strict, lenient...) {
		t.Run(c.name, func(t *testing.T) {
			before := w.snapshot()
			ack := c.send()
			if c.strict {
				w.refusedOnly(t, before, c.attacker, !strings.HasPrefix(c.name, "view "))
				if strings.HasPrefix(c.name, "view ") && !strings.Contains(string(ack), refusalMark) {
					t.Errorf("a refused form is acked with %s", ack)
				}
			}
			w.victimsUntouched(t, before)
		})
	}
}

// forgedCases builds the payloads for one route.
func (w *gateWorld) forgedCases(t *testing.T, rt bot.RouteInfo) []forgedCase {
	t.Helper()
	var out []forgedCase
	add := func(attacker, what string, strict bool, send func() []byte) {
		out = append(out, forgedCase{name: fmt.Sprintf("%s %s by %s, %s", rt.Kind, rt.Name, attacker, what), attacker: attacker, strict: strict, send: send})
	}
	gated := rt.Refers != bot.RefersSelf
	attackers := []string{"UCAT"}
	if gated && rt.Refers != bot.RefersAdmin {
		attackers = append(attackers, "UEVE") // an admin owns nobody's check-ins
	}
	switch rt.Kind {
	case bot.RouteCommand:
		text := rt.Name
		if _, err := w.a.bot.ParseCommand(text); err != nil {
			pattern, ok := forgedCommandText[rt.Name]
			if !ok {
				t.Fatalf("command %q needs arguments: add a text naming the victims to forgedCommandText", rt.Name)
			}
			text = strings.ReplaceAll(pattern, "%s", w.r.fake.DefaultChannel())
		}
		add("UCAT", "/mentor "+text, gated, func() []byte {
			env, err := w.r.fake.SlashCommand(w.r.ctx(), "UCAT", "/mentor", text)
			if err != nil {
				t.Fatal(err)
			}
			return w.settle(env).Payload
		})
	case bot.RouteAction:
		// Where the click claims to come from: each of Bob's messages.
		var places []string
		for kind := range w.victim.msgs {
			places = append(places, kind)
		}
		slices.Sort(places)
		values := map[string]bool{} // value → names a foreign record
		switch rt.Refers {
		case bot.RefersSelf:
			values["UBOB"], values[w.ref(w.victim, "check-in")] = false, false
		case bot.RefersMessage, bot.RefersAdmin:
			values["4"] = true // the message clicked is the reference
		default:
			foreign := w.ref(w.victim, string(rt.Refers))
			if foreign == "" {
				t.Fatalf("the world has no %s of the victims for %s: add one to newGateWorld", rt.Refers, rt.Name)
			}
			values[foreign] = true
			if own := w.ref(w.own, string(rt.Refers)); own != "" {
				values[own] = false
			}
		}
		for value, foreign := range values {
			for _, place := range places {
				for _, attacker := range attackers {
					if !foreign && attacker != "UCAT" {
						continue
					}
					where := w.victim.msgs[place]
					add(attacker, fmt.Sprintf("value %s on Bob's %s", value, place), gated && foreign, func() []byte {
						env := w.click(attacker, rt.Name, value, where)
						ack, _ := env.Acked()
						return ack.Payload
					})
				}
			}
		}
	case bot.RouteView:
		form := map[string]string{"rating": "1", "went_well": "FORGEDTEXT"}
		withPick := map[string]string{"rating": "1", "went_well": "FORGEDTEXT", "feedback_pairing": w.ref(w.victim, "pairing")}
		metas := []struct {
			what    string
			meta    string
			values  map[string]string
			foreign bool
		}{
			{"Bob's prompt", fmt.Sprintf(`{"p":%d,"s":1,"d":%d}`, w.victim.pairing, w.victim.feedback), form, true},
			{"Bob's pairing", fmt.Sprintf(`{"p":%d,"s":1}`, w.victim.pairing), form, true},
			{"Bob's pairing picked", `{"s":1}`, withPick, true},
			{"own pairing, Bob's prompt", fmt.Sprintf(`{"p":%d,"s":1,"d":%d}`, w.own.pairing, w.victim.feedback), form, true},
			{"Bob's pairing, own prompt", fmt.Sprintf(`{"p":%d,"s":1,"d":%d}`, w.victim.pairing, w.own.feedback), form, false},
		}
		for _, m := range metas {
			for _, attacker := range attackers {
				if !m.foreign && attacker != "UCAT" {
					continue
				}
				add(attacker, "metadata "+m.what, gated && m.foreign, func() []byte {
					env := w.submit(attacker, "VFORGED", rt.Name, m.meta, m.values)
					ack, _ := env.Acked()
					return ack.Payload
				})
			}
		}
	case bot.RouteEvent:
		// Slack vouches for an event's user: the attacker can only send
		// their own, which must leave the victims alone.
		send := map[string]func() (*slackfake.Envelope, error){
			"app_home_opened": func() (*slackfake.Envelope, error) { return w.r.fake.OpenHome(w.r.ctx(), "UCAT") },
			// Changing one's own profile (here the timezone) is all a
			// person can do to cause a user_change.
			"user_change": func() (*slackfake.Envelope, error) {
				u, _ := w.r.fake.User("UCAT")
				u.TZ = "Pacific/Auckland"
				return w.r.fake.ChangeUser(w.r.ctx(), u)
			},
		}[rt.Name]
		if send == nil {
			t.Fatalf("event %s: teach this test to send it", rt.Name)
		}
		add("UCAT", "their own "+rt.Name, false, func() []byte {
			env, err := send()
			if err != nil {
				t.Fatal(err)
			}
			return w.settle(env).Payload
		})
	default:
		t.Fatalf("route %s of kind %q: teach this test to forge it", rt.Name, rt.Kind)
	}
	return out
}
