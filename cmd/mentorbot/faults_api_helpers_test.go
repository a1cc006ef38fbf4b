package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/store"
)

// Web API faults: each method the bot calls, under each fault kind.

// apiFault is one Web API fault kind.
type apiFault struct {
	name  string
	fault slackfake.Fault
}

var apiFaults = []apiFault{
	{"429", slackfake.Fault{Status: 429, RetryAfter: time.Second}},
	{"500", slackfake.Fault{Status: 500}},
	{"slow", slackfake.Fault{Delay: 2 * time.Second}},
}

// apiCase exercises one Web API method under a fault: setup runs before
// the fault is injected, act after, and check says whether the outcome is
// acceptable: the effect happened exactly once, or the person got a clear
// failure and nothing changed.
type apiCase struct {
	method string
	setup  func(r *running, a *app)
	act    func(r *running, a *app)
	check  func(t *testing.T, r *running, a *app, fault string)
}

// leaveAsked signs Bob up and has him run /mentor leave (the question with
// Confirm / Cancel buttons arrives in the ack).
func leaveAsked(r *running, _ *app) {
	r.signUp("UBOB", menteeForm("Go", ""))
	r.slash("UBOB", "leave")
	r.waitEphemeral("UBOB", "This cannot be undone")
}

// clickLeaveCancel clicks Cancel on Bob's leave question.
func clickLeaveCancel(r *running, _ *app) {
	ask := r.waitEphemeral("UBOB", "This cannot be undone")
	clickIn(r.t, r, "UBOB", ask, "leave_cancel")
}

// signUpBob submits Bob's sign-up form (the confirmation may be lost).
func signUpBob(r *running) {
	r.slash("UBOB", "signup")
	v := r.waitView("UBOB", "signup")
	if payload := r.submit("UBOB", v.ID, menteeForm("Go", "")); payload != nil {
		r.t.Fatalf("sign-up refused: %v", payload)
	}
}

// storedOnce checks Bob is signed up exactly once and got at most one
// confirmation.
func storedOnce(t *testing.T, r *running, needDM bool) {
	t.Helper()
	if err := r.fake.Wait(r.ctx(), func() bool {
		_, err := r.db().Participant(context.Background(), "UBOB")
		return err == nil
	}); err != nil {
		t.Fatal("the sign-up was not stored")
	}
	if needDM {
		r.waitDM("UBOB", "Thanks for signing up")
	}
	r.settle()
	ps, _ := r.db().Participants(context.Background(), "")
	if len(ps) != 1 {
		t.Fatalf("%d participants, want 1", len(ps))
	}
	n := r.countMessages(r.fake.DMChannel("UBOB"), "Thanks for signing up")
	if n > 1 || (needDM && n != 1) {
		t.Fatalf("%d sign-up confirmations", n)
	}
}

// repliedOnce checks user got exactly one of the acceptable answers.
func repliedOnce(t *testing.T, r *running, user string, answers ...string) {
	t.Helper()
	found := func() int {
		n := 0
		for _, a := range answers {
			n += r.countEphemerals(user, a) + r.countMessages(r.fake.DMChannel(user), a)
		}
		return n
	}
	if err := r.fake.Wait(r.ctx(), func() bool { return found() > 0 }); err != nil {
		t.Fatalf("%s got none of %q; ephemerals:\n%s", user, answers, dumpMessages(r.fake.Ephemerals(user)))
	}
	r.settle()
	if n := found(); n != 1 {
		t.Fatalf("%s got %d answers among %q", user, n, answers)
	}
}

var apiCases = []apiCase{
	{method: "users.info", act: func(r *running, _ *app) { signUpBob(r) },
		check: func(t *testing.T, r *running, _ *app, _ string) { storedOnce(t, r, true) }},
	{method: "conversations.open", act: func(r *running, _ *app) { signUpBob(r) },
		check: func(t *testing.T, r *running, _ *app, f string) { storedOnce(t, r, f == "slow") }},
	{method: "chat.postMessage", act: func(r *running, _ *app) { signUpBob(r) },
		check: func(t *testing.T, r *running, _ *app, f string) { storedOnce(t, r, f == "slow") }},
	{method: "views.publish", act: func(r *running, _ *app) { signUpBob(r) },
		check: func(t *testing.T, r *running, _ *app, _ string) { storedOnce(t, r, true) }},
	{method: "views.open", act: func(r *running, _ *app) { r.slash("UBOB", "signup") },
		check: func(t *testing.T, r *running, _ *app, f string) {
			// The modal opens (slow), or Bob is told to try again.
			if f == "slow" {
				r.waitView("UBOB", "signup")
				return
			}
			repliedOnce(t, r, "UBOB", "Something went wrong on my side", "took too long")
		}},
	// A slash command's first reply travels in its ack; a button's reply
	// goes through response_url, falling back to chat.postEphemeral.
	{method: "response_url", setup: leaveAsked, act: clickLeaveCancel,
		check: func(t *testing.T, r *running, _ *app, _ string) { repliedOnce(t, r, "UBOB", "nothing changed") }},
	{method: "chat.postEphemeral",
		setup: func(r *running, a *app) {
			leaveAsked(r, a)
			r.fake.FailNext("response_url", 1, slackfake.Fault{Status: 500})
		},
		act:   clickLeaveCancel,
		check: func(t *testing.T, r *running, _ *app, _ string) { repliedOnce(t, r, "UBOB", "nothing changed") }},
	{method: "files.getUploadURLExternal", setup: func(r *running, _ *app) { r.signUp("UBOB", menteeForm("Go", "")) },
		act:   func(r *running, _ *app) { r.slash("UBOB", "export") },
		check: exportOnce},
	{method: "file_upload", setup: func(r *running, _ *app) { r.signUp("UBOB", menteeForm("Go", "")) },
		act:   func(r *running, _ *app) { r.slash("UBOB", "export") },
		check: exportOnce},
	{method: "files.completeUploadExternal", setup: func(r *running, _ *app) { r.signUp("UBOB", menteeForm("Go", "")) },
		act:   func(r *running, _ *app) { r.slash("UBOB", "export") },
		check: exportOnce},
	{method: "chat.postMessage (check-in)",
		setup: func(r *running, _ *app) { seedPairing(r.t, r) },
		act:   func(r *running, a *app) { r.at(a, "2026-11-02 10:00") },
		check: func(t *testing.T, r *running, a *app, _ string) {
			// The scheduler retries 429 and 5xx itself: one check-in.
			for i := 1; i <= 3 && len(r.dms("UBOB", "Did you meet")) == 0; i++ {
				r.at(a, fmt.Sprintf("2026-11-02 10:%02d", i*2))
			}
			r.waitDM("UBOB", "Did you meet")
			r.at(a, "2026-11-02 10:30")
			if n := len(r.dms("UBOB", "Did you meet")); n != 1 {
				t.Fatalf("%d check-ins", n)
			}
		}},
	{method: "chat.update",
		setup: func(r *running, a *app) {
			seedPairing(r.t, r)
			r.at(a, "2026-11-02 10:00")
			r.waitDM("UBOB", "Did you meet")
		},
		act: func(r *running, _ *app) { r.click("UBOB", r.dms("UBOB", "Did you meet")[0], "checkin_met") },
		check: func(t *testing.T, r *running, _ *app, _ string) {
			// The answer is stored once; Bob sees it in the message or, if
			// chat.update failed, in a private reply.
			repliedOnce(t, r, "UBOB", "Your answer: *Met*")
			ex, _ := r.db().ExportPerson(context.Background(), "UBOB")
			if len(ex.CheckIns) != 1 || ex.CheckIns[0].Answer != store.AnswerMet {
				t.Fatalf("check-ins %+v", ex.CheckIns)
			}
		}},
	{method: "apps.connections.open",
		act: func(r *running, _ *app) { r.fake.DropConnections() },
		check: func(t *testing.T, r *running, _ *app, _ string) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := r.fake.Wait(ctx, func() bool { return r.fake.ConnectCount() >= 2 }); err != nil {
				t.Fatal("no reconnect within 10 s")
			}
			r.settle()
		}},
}

func exportOnce(t *testing.T, r *running, _ *app, f string) {
	t.Helper()
	repliedOnce(t, r, "UBOB", "I've sent you a direct message", "I couldn't send your data file")
	files := r.fake.Files(r.fake.DMChannel("UBOB"))
	sent := r.countEphemerals("UBOB", "I've sent you a direct message")
	if len(files) != sent {
		t.Fatalf("%d files shared, %d 'sent' replies", len(files), sent)
	}
	if f == "slow" && sent != 1 {
		t.Fatal("a slow upload failed")
	}
}

// runAPICase runs one method × fault on a fresh bot.
func runAPICase(t *testing.T, c apiCase, f apiFault) {
	t.Helper()
	r, a := startApp(t)
	if c.setup != nil {
		c.setup(r, a)
	}
	method, _, _ := strings.Cut(c.method, " ")
	r.fake.FailNext(method, 1, f.fault)
	c.act(r, a)
	c.check(t, r, a, f.name)
	// The fault was consumed: the method was really called.
	if err := r.fake.Wait(r.ctx(), func() bool {
		for _, call := range r.fake.Calls(method) {
			if f.fault.Status == 0 || call.Status == f.fault.Status {
				return true
			}
		}
		return false
	}); err != nil {
		t.Fatalf("%s was never called with the fault", method)
	}
}
