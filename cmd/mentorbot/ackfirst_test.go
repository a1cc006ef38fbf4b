package main

import (
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
