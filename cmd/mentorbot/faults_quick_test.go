package main

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/store"
)

// Representative fault tests that run in every go test; the full suite is
// faults_test.go (-tags faults).

func TestFaultAckWithSlowHandlersQuick(t *testing.T) {
	r := startBot(t)
	st := ackBurst(t, r, 100, 16)
	t.Logf("ack latency with slow handlers: %v", st)
	if st.late > 0 || st.p99 >= time.Second {
		t.Fatalf("acks waited for slow handlers: %v", st)
	}
}

func TestFaultRedeliveredClickHasOneEffect(t *testing.T) { redeliveredNeedHelpHasOneEffect(t) }

func TestFaultRedeliveredSubmissionHasOneEffect(t *testing.T) { redeliveredSignupHasOneEffect(t) }

func TestFaultReconnectAbruptClose(t *testing.T) {
	r := startBot(t)
	reconnectAfter(t, r, "abrupt", 10)
	reconnectAfter(t, r, "refresh_requested", 10)
}

func TestFaultInvalidAuthStops(t *testing.T) { authStops(t, "invalid_auth") }

func TestFaultWebAPIQuick(t *testing.T) {
	pick := map[string]string{"chat.postMessage (check-in)": "500", "views.open": "429", "files.completeUploadExternal": "500", "response_url": "500"}
	for _, c := range apiCases {
		for _, f := range apiFaults {
			if pick[c.method] == f.name {
				t.Run(c.method+"/"+f.name, func(t *testing.T) { runAPICase(t, c, f) })
			}
		}
	}
}

// redeliveredPairHasOneEffect: /mentor pair redelivered → one pairing,
// one introduction, no "already paired".
func redeliveredPairHasOneEffect(t *testing.T) {
	r := startBot(t)
	r.signUp("UANN", mentorForm("Go"))
	r.signUp("UBOB", menteeForm("Go", ""))
	env, err := r.fake.SlashCommand(r.ctx(), "UADMIN", "/mentor", "pair <@UANN> <@UBOB>")
	if err != nil {
		t.Fatal(err)
	}
	env.WaitAck(r.ctx())
	redeliver(t, r, env)
	r.waitEphemeral("UADMIN", "Paired")
	r.settle()
	if n := r.countMessages(r.fake.Conversation("UANN", "UBOB"), "Meet your mentorship match"); n != 1 {
		t.Fatalf("%d introductions", n)
	}
	if n := r.countEphemerals("UADMIN", "Paired"); n != 1 {
		t.Fatalf("%d 'Paired' replies", n)
	}
	if n := r.countEphemerals("UADMIN", "already paired"); n != 0 {
		t.Fatal("a redelivery ran the command again")
	}
}

// redeliveredSignupHasOneEffect: a sign-up form submission redelivered →
// one participant, one confirmation.
func redeliveredSignupHasOneEffect(t *testing.T) {
	r := startBot(t)
	r.slash("UBOB", "signup")
	v := r.waitView("UBOB", "signup")
	env, err := r.fake.SubmitView(r.ctx(), "UBOB", v.ID, menteeForm("Go", ""))
	if err != nil {
		t.Fatal(err)
	}
	env.WaitAck(r.ctx())
	redeliver(t, r, env)
	r.waitDM("UBOB", "Thanks for signing up")
	r.settle()
	if n := r.countMessages(r.fake.DMChannel("UBOB"), "Thanks for signing up"); n != 1 {
		t.Fatalf("%d confirmations", n)
	}
	if n := r.countMessages(r.fake.DMChannel("UBOB"), "Your profile is updated"); n != 0 {
		t.Fatal("the redelivery saved the profile again")
	}
}

// redeliveredNeedHelpHasOneEffect: a "Need help" click redelivered → one
// answer, one admin alert.
func redeliveredNeedHelpHasOneEffect(t *testing.T) {
	r, a := startApp(t)
	seedPairing(t, r)
	r.at(a, "2026-11-02 10:00")
	checkin := r.waitDM("UBOB", "Did you meet")
	env, err := r.fake.ClickButton(r.ctx(), "UBOB", slackfake.Location{Channel: checkin.Channel, TS: checkin.TS}, "checkin_need_help", "")
	if err != nil {
		t.Fatal(err)
	}
	env.WaitAck(r.ctx())
	redeliver(t, r, env)
	r.waitDM("UADMIN", "asked for help")
	r.settle()
	if n := r.countMessages(r.fake.DMChannel("UADMIN"), "asked for help"); n != 1 {
		t.Fatalf("%d admin alerts", n)
	}
	if n := r.countEphemerals("UBOB", "This check-in is closed"); n != 0 {
		t.Fatal("a redelivery was handled as a second click")
	}
	ex, _ := r.db().ExportPerson(context.Background(), "UBOB")
	if len(ex.CheckIns) != 1 || ex.CheckIns[0].Answer != store.AnswerNeedHelp {
		t.Fatalf("check-ins %+v", ex.CheckIns)
	}
}

// redeliveredFeedbackHasOneEffect: a feedback submission redelivered →
// one feedback row, one thank-you.
func redeliveredFeedbackHasOneEffect(t *testing.T) {
	r := startBot(t)
	r.signUp("UANN", mentorForm("Go"))
	r.signUp("UBOB", menteeForm("Go", ""))
	r.slash("UADMIN", "pair <@UANN> <@UBOB>")
	r.waitEphemeral("UADMIN", "Paired")
	r.slash("UBOB", "feedback")
	v := r.waitView("UBOB", "feedback")
	env, err := r.fake.SubmitView(r.ctx(), "UBOB", v.ID, formValues{"rating": val(slackfake.Value{SelectedOption: "4"})})
	if err != nil {
		t.Fatal(err)
	}
	env.WaitAck(r.ctx())
	redeliver(t, r, env)
	r.waitDM("UBOB", "Thank you for your feedback!")
	r.settle()
	if n := r.countMessages(r.fake.DMChannel("UBOB"), "Thank you for your feedback!"); n != 1 {
		t.Fatalf("%d thank-yous", n)
	}
	if n := r.countMessages(r.fake.DMChannel("UBOB"), "already"); n != 0 {
		t.Fatal("a redelivery was saved as a second answer")
	}
	ex, _ := r.db().ExportPerson(context.Background(), "UBOB")
	if len(ex.Feedback) != 1 {
		t.Fatalf("%d feedback rows", len(ex.Feedback))
	}
}

// redeliveredHomeOpenedHasOneEffect: app_home_opened redelivered → one
// views.publish.
func redeliveredHomeOpenedHasOneEffect(t *testing.T) {
	r := startBot(t)
	env, err := r.fake.OpenHome(r.ctx(), "UBOB")
	if err != nil {
		t.Fatal(err)
	}
	env.WaitAck(r.ctx())
	redeliver(t, r, env)
	r.settle()
	if err := r.fake.Wait(r.ctx(), func() bool { return len(r.fake.Calls("views.publish")) >= 1 }); err != nil {
		t.Fatal("no views.publish")
	}
	r.settle()
	if n := len(r.fake.Calls("views.publish")); n != 1 {
		t.Fatalf("%d views.publish for one app_home_opened event", n)
	}
}

// redeliveredLeaveHasOneEffect: the leave confirmation redelivered → one
// erasure, the partner told once.
func redeliveredLeaveHasOneEffect(t *testing.T) {
	r := startBot(t)
	r.signUp("UANN", mentorForm("Go"))
	r.signUp("UBOB", menteeForm("Go", ""))
	r.slash("UADMIN", "pair <@UANN> <@UBOB>")
	r.waitEphemeral("UADMIN", "Paired")
	r.slash("UBOB", "leave")
	ask := r.waitEphemeral("UBOB", "This cannot be undone")
	env, err := r.fake.ClickButton(r.ctx(), "UBOB", slackfake.Location{Channel: ask.Channel, TS: ask.TS}, "leave_confirm", "")
	if err != nil {
		t.Fatal(err)
	}
	env.WaitAck(r.ctx())
	redeliver(t, r, env)
	r.waitDM("UANN", "has left the mentorship program")
	r.settle()
	if n := r.countMessages(r.fake.DMChannel("UANN"), "has left the mentorship program"); n != 1 {
		t.Fatalf("Ann told %d times", n)
	}
	if n := r.countEphemerals("UBOB", "haven't signed up"); n != 0 {
		t.Fatal("a redelivery ran the leave again")
	}
}

// authRevokedWhileRunning: the app token is revoked while serving; the next
// reconnect is refused and serve stops.
func authRevokedWhileRunning(t *testing.T) {
	r := startBot(t)
	r.fake.FailNext("apps.connections.open", 1, slackfake.Fault{Error: "token_revoked"})
	r.fake.DropConnections()
	select {
	case err := <-r.done:
		if !errors.Is(err, bot.ErrAuth) {
			t.Fatalf("serve returned %v, want bot.ErrAuth", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve kept running with a revoked token")
	}
	r.stop()
	r.stop = nil
	r.fake.Close()
	if !strings.Contains(r.logs.String(), "Slack refused the tokens") {
		t.Fatalf("no clear log line:\n%s", r.logs.String())
	}
}

// authTestFaults: a 429 or 500 on auth.test at start-up stops serve with a
// line that does not blame the token; a slow answer just starts later.
func authTestFaults(t *testing.T) {
	for _, f := range apiFaults {
		fake := slackfake.New(slackfake.Options{})
		fake.FailNext("auth.test", 1, f.fault)
		done, logs, cancel := startAgainst(t, fake)
		if f.name == "slow" {
			if err := fake.WaitConnected(context.Background(), 1); err != nil {
				t.Fatalf("slow auth.test: never connected: %v", err)
			}
			cancel()
			if err := <-done; err != nil {
				t.Fatalf("slow auth.test: %v", err)
			}
		} else {
			err := <-done
			if err == nil || strings.Contains(err.Error(), "refused") || !strings.Contains(err.Error(), "SLACK_BOT_TOKEN") {
				t.Errorf("auth.test %s: %v", f.name, err)
			}
			cancel()
		}
		_ = logs
		fake.Close()
	}
}
