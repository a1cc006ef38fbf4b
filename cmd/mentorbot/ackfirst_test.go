package main

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// TestAckBeforeSlackCalls: a command whose handler calls Slack is acked
// before the call, so a rate-limited or slow Slack delays its answer, never
// its ack (Slack redelivers, and shows the person an error, after 3 s; the
// bot's own deadline acks empty at 2 s). The answer then comes through the
// command's response_url.
func TestAckBeforeSlackCalls(t *testing.T) {
	const fast = 500 * time.Millisecond // a slowed Slack call takes 1 s here
	cases := []struct {
		name string
		// slow makes Slack slow or rate-limited before the command.
		slow          func(r *running)
		user, command string
		// answered waits for the command's outcome.
		answered func(r *running)
	}{
		{"pair while conversations.open is rate-limited",
			func(r *running) {
				r.fake.FailNext("conversations.open", 1, slackfake.Fault{Status: 429, RetryAfter: time.Second})
			},
			"UADMIN", "pair <@UANN> <@UBOB>",
			func(r *running) {
				r.waitEphemeral("UADMIN", "Paired")
				r.waitMessage(func() string { return r.fake.Conversation("UANN", "UBOB") }, "Meet your mentorship match")
			}},
		{"pair while the rate limiter waits out an earlier 429",
			func(r *running) {
				// The first pair's 429 blocks conversations.open for a
				// second; the second pair waits in the limiter.
				r.fake.FailNext("conversations.open", 1, slackfake.Fault{Status: 429, RetryAfter: time.Second})
				if ack := r.slash("UADMIN", "pair <@UANN> <@UBOB>"); ack.Latency > fast {
					t.Errorf("first pair acked after %v", ack.Latency)
				}
			},
			"UADMIN", "pair <@UDAN> <@UCAT>",
			func(r *running) {
				r.waitMessage(func() string { return r.fake.Conversation("UDAN", "UCAT") }, "Meet your mentorship match")
			}},
		{"signup while views.open is slow",
			func(r *running) { r.fake.FailNext("views.open", 1, slackfake.Fault{Delay: time.Second}) },
			"UCAT", "signup",
			func(r *running) { r.waitView("UCAT", "signup") }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := startBot(t)
			r.signUp("UANN", mentorForm("Go"))
			r.signUp("UBOB", menteeForm("Go", ""))
			r.signUp("UDAN", mentorForm("Go"))
			r.signUp("UCAT", menteeForm("Go", ""))
			c.slow(r)
			if ack := r.slash(c.user, c.command); ack.Latency > fast {
				t.Errorf("/mentor %s acked after %v: a Slack call came before the ack", c.command, ack.Latency)
			}
			c.answered(r)
		})
	}
}

// TestRedeliveredAnswerOnlyCommandAnsweredOnce: `/mentor help` and
// `/mentor status` keep their delivery keys in memory (no disk sync before
// the ack), and a redelivery is still acked without a second answer.
func TestRedeliveredAnswerOnlyCommandAnsweredOnce(t *testing.T) {
	r := startBot(t)
	r.signUp("UBOB", menteeForm("Go", ""))
	for _, c := range []struct{ text, answer string }{{"help", "/mentor find"}, {"status", "Your mentorship status"}} {
		env, err := r.fake.SlashCommand(r.ctx(), "UBOB", "/mentor", c.text)
		if err != nil {
			t.Fatal(err)
		}
		if ack, err := env.WaitAck(r.ctx()); err != nil || len(ack.Payload) == 0 {
			t.Fatalf("/mentor %s: ack %s, %v", c.text, ack.Payload, err)
		}
		again, err := r.fake.Redeliver(r.ctx(), env, true)
		if err != nil {
			t.Fatal(err)
		}
		if ack, err := again.WaitAck(r.ctx()); err != nil || len(ack.Payload) != 0 {
			t.Errorf("redelivered /mentor %s: ack %s, %v; want an empty ack", c.text, ack.Payload, err)
		}
		if n := r.countEphemerals("UBOB", c.answer); n != 1 {
			t.Errorf("/mentor %s answered %d times", c.text, n)
		}
	}
}

// help and status answer from the Socket Mode read loop when the store's
// in-memory model is current (bot/now.go), with the same answer the
// handler gives when the model is stale; a redelivery is acked empty.
func TestHelpAndStatusAnswerFromTheReadLoop(t *testing.T) {
	r, a := startApp(t)
	r.signUp("UBOB", menteeForm("Go", ""))
	ask := func(text string) (answer string, fromLoop bool) {
		t.Helper()
		before := a.bot.AnsweredNow()
		env, err := r.fake.SlashCommand(r.ctx(), "UBOB", "/mentor", text)
		if err != nil {
			t.Fatal(err)
		}
		ack, err := env.WaitAck(r.ctx())
		if err != nil || len(ack.Payload) == 0 {
			t.Fatalf("/mentor %s: ack %s, %v", text, ack.Payload, err)
		}
		if again, err := r.fake.Redeliver(r.ctx(), env, true); err != nil {
			t.Fatal(err)
		} else if ack, err := again.WaitAck(r.ctx()); err != nil || len(ack.Payload) != 0 {
			t.Fatalf("redelivered /mentor %s: ack %s, %v; want an empty ack", text, ack.Payload, err)
		}
		a.bot.WaitIdle()
		return string(ack.Payload), a.bot.AnsweredNow() > before
	}
	for _, text := range []string{"help", "status"} {
		// From the loop: the model made current (a rebuild may wait for
		// the spacing of rebuilds).
		var now string
		for fromLoop := false; !fromLoop; {
			if _, err := a.db.RefreshReaders(r.ctx()); err != nil {
				t.Fatal(err)
			}
			now, fromLoop = ask(text)
		}
		// From a handler: a write (here a delivery key) makes the model
		// stale until it is rebuilt.
		var handler string
		for attempt := 0; ; attempt++ {
			if _, err := a.db.FirstDelivery(r.ctx(), fmt.Sprintf("test:%s:%d", text, attempt)); err != nil {
				t.Fatal(err)
			}
			var fromLoop bool
			if handler, fromLoop = ask(text); !fromLoop {
				break
			}
			if attempt == 5 {
				t.Fatalf("/mentor %s: answered from the read loop after every write", text)
			}
		}
		if !jsonEqual(now, handler) {
			t.Errorf("/mentor %s from the read loop:\n%s\nfrom a handler:\n%s", text, now, handler)
		}
	}
}

// jsonEqual tells whether two JSON texts hold the same value.
func jsonEqual(a, b string) bool {
	var x, y any
	return json.Unmarshal([]byte(a), &x) == nil && json.Unmarshal([]byte(b), &y) == nil && reflect.DeepEqual(x, y)
}

// The sign-up form is checked and acked from the Socket Mode read loop
// (bot.Route.CheckedNow) while the store's model is current: its errors come
// in the ack and nothing is saved; a valid form is acked empty, then saved
// once, however often Slack delivers it. With the model stale, a handler
// checks the form, with the same answer.
func TestSignUpFormCheckedInTheReadLoop(t *testing.T) {
	r, a := startApp(t)
	submit := func(viewID string, form formValues) (ack slackfake.Ack, env *slackfake.Envelope, fromLoop bool) {
		t.Helper()
		before := a.bot.AnsweredNow()
		env, err := r.fake.SubmitView(r.ctx(), "UBOB", viewID, form)
		if err != nil {
			t.Fatal(err)
		}
		if ack, err = env.WaitAck(r.ctx()); err != nil {
			t.Fatal(err)
		}
		a.bot.WaitIdle()
		return ack, env, a.bot.AnsweredNow() > before
	}
	r.slash("UBOB", "signup")
	v := r.waitView("UBOB", "signup")
	bad := menteeForm("Go", "")
	bad["seniority"] = val(slackfake.Value{Value: "-3"})

	// From the loop: the model made current (a rebuild may wait for the
	// spacing of rebuilds). A refused form writes nothing.
	var loopAck slackfake.Ack
	for attempt, fromLoop := 0, false; !fromLoop; attempt++ {
		if attempt == 50 {
			t.Fatal("a form never checked in the read loop")
		}
		if _, err := a.db.RefreshReaders(r.ctx()); err != nil {
			t.Fatal(err)
		}
		loopAck, _, fromLoop = submit(v.ID, bad)
	}
	if !strings.Contains(string(loopAck.Payload), `"seniority"`) {
		t.Fatalf("a form with a bad seniority: ack %s; want its errors", loopAck.Payload)
	}
	if _, err := a.db.Participant(r.ctx(), "UBOB"); err == nil {
		t.Fatal("a refused form saved a profile")
	}
	// Nothing was written since: the valid form is checked in the loop too.
	ack, env, fromLoop := submit(v.ID, menteeForm("Go", ""))
	if !fromLoop || len(ack.Payload) != 0 {
		t.Fatalf("a valid form: ack %s, from the read loop %v; want an empty ack, from the loop", ack.Payload, fromLoop)
	}
	again, err := r.fake.Redeliver(r.ctx(), env, true)
	if err != nil {
		t.Fatal(err)
	}
	if ack, err := again.WaitAck(r.ctx()); err != nil || len(ack.Payload) != 0 {
		t.Fatalf("redelivered form: ack %s, %v; want an empty ack", ack.Payload, err)
	}
	r.waitDM("UBOB", "Thanks for signing up")
	a.bot.WaitIdle()
	if p, err := a.db.Participant(r.ctx(), "UBOB"); err != nil || p.Role != "mentee" {
		t.Fatalf("participant after the sign-up: %+v, %v", p, err)
	}
	if n := r.countMessages(r.fake.DMChannel("UBOB"), "Thanks for signing up"); n != 1 {
		t.Fatalf("%d confirmations of one sign-up", n)
	}
	if n := r.countMessages(r.fake.DMChannel("UBOB"), "Your profile is updated"); n != 0 {
		t.Fatal("the redelivery saved the profile again")
	}

	// From a handler: a write (here a delivery key) makes the model stale.
	r.slash("UBOB", "profile")
	v = r.waitView("UBOB", "signup")
	for attempt := 0; ; attempt++ {
		if _, err := a.db.FirstDelivery(r.ctx(), fmt.Sprintf("test:signup:%d", attempt)); err != nil {
			t.Fatal(err)
		}
		ack, _, fromLoop := submit(v.ID, bad)
		if !fromLoop {
			if !jsonEqual(string(ack.Payload), string(loopAck.Payload)) {
				t.Errorf("the form's errors from a handler:\n%s\nfrom the read loop:\n%s", ack.Payload, loopAck.Payload)
			}
			break
		}
		if attempt == 5 {
			t.Fatal("a form checked in the read loop after every write")
		}
	}
}
