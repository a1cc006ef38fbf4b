package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// lifeEnv is a 10-day term with a 3-day notice: Ann and Bob, paired at
// 2026-11-02 09:00 by seedPairing, end on 2026-11-12 09:00 and are asked
// on 2026-11-09 09:00.
var lifeEnv = map[string]string{"MENTORBOT_PAIRING_LENGTH": "240h", "MENTORBOT_RENEWAL_NOTICE": "72h"}

// life sets the clock and runs what serve's loops would at that moment:
// the tick, the lifecycle job and a dispatch round.
func (r *running) life(a *app, when string) {
	r.t.Helper()
	tm, err := time.Parse("2006-01-02 15:04:05", when)
	if err != nil {
		r.t.Fatal(err)
	}
	r.clock.Set(tm)
	if err := a.sched.Tick(r.ctx()); err != nil {
		r.t.Fatal(err)
	}
	if err := a.sched.LifecycleTick(r.ctx()); err != nil {
		r.t.Fatal(err)
	}
	if _, err := a.sched.Dispatch(r.ctx()); err != nil {
		r.t.Fatal(err)
	}
	r.idle(a)
}

// idle waits until the bot has no handler running (a click's slow work).
func (r *running) idle(a *app) {
	r.t.Helper()
	a.bot.WaitIdle()
}

// count is how many of user's DMs contain want.
func (r *running) count(user, want string) int { return len(r.dms(user, want)) }

// A whole pairing through the fake Slack: a Met, the renewal ask at end −
// notice, both click Continue another term, one extension notice each, no
// second ask, and at the new end the thank-you with each person's own
// recap and the closing feedback prompt, whose button opens the feedback
// form. Every message once.
func TestLifecycleBothContinueEndToEnd(t *testing.T) {
	r, a := startWith(t, startOptions{driven: true, env: lifeEnv})
	db, p := seedPairing(t, r)
	r.life(a, "2026-11-02 10:00:00") // Bob's check-in (London)
	r.click("UBOB", r.waitDM("UBOB", "Did you meet"), "checkin_met")
	r.waitDM("UBOB", "Your answer: *Met*")

	r.life(a, "2026-11-09 08:59:50")
	if r.count("UANN", "continue another term") != 0 {
		t.Fatal("asked before end − notice")
	}
	r.life(a, "2026-11-09 09:00:00")
	askAnn := r.waitDM("UANN", "Would you like to continue another term (10 days)?")
	askBob := r.waitDM("UBOB", "Your mentorship with *Ann Mentor* is due to wrap up on Thursday 12 November 2026, 09:00 UTC")
	for _, label := range []string{`"text":"Continue another term"`, `"text":"Wrap up"`} {
		if !strings.Contains(string(askBob.Blocks), label) {
			t.Fatalf("ask buttons: %s", askBob.Blocks)
		}
	}

	r.clock.Set(time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC))
	r.click("UANN", askAnn, "renewal_continue")
	r.waitDM("UANN", "Your answer: *Continue another term*. Thanks! If you both choose to continue")
	r.idle(a)
	if r.count("UBOB", "both chose to continue") != 0 {
		t.Fatal("an extension after one answer")
	}
	r.click("UBOB", askBob, "renewal_continue")
	r.waitDM("UBOB", "Your answer: *Continue another term*. Thanks! If you both choose to continue")
	r.idle(a)
	r.life(a, "2026-11-10 12:00:05")
	r.waitDM("UANN", "you and *Bob Mentee* both chose to continue, so your mentorship goes on for another term (10 days), until Sunday 22 November 2026, 09:00 UTC")
	r.waitDM("UBOB", "you and *Ann Mentor* both chose to continue")
	// A click from a client still showing the buttons is closed.
	r.staleClick("UBOB", askBob, "renewal_wrap_up")
	r.waitEphemeral("UBOB", "You already answered: *Continue another term*")

	// The old end passes; the new term's ask window opens: nothing more.
	for _, when := range []string{"2026-11-12 09:00:00", "2026-11-19 09:00:00", "2026-11-22 08:59:59"} {
		r.life(a, when)
	}
	if pr, _ := db.PairingByID(r.ctx(), p.ID); pr.Status != "active" {
		t.Fatalf("the extended pairing ended early: %+v", pr)
	}
	r.life(a, "2026-11-22 09:00:05")
	r.life(a, "2026-11-22 09:00:15")
	thanksBob := r.waitDM("UBOB", "Your mentorship with *Ann Mentor* has come to its planned end. Thank you")
	thanksAnn := r.waitDM("UANN", "Your mentorship with *Bob Mentee* has come to its planned end")
	if !strings.Contains(msgText(thanksBob), "Meetings you told me about: 1") || !strings.Contains(msgText(thanksAnn), "Meetings you told me about: 0") {
		t.Fatalf("recaps: Bob %q, Ann %q", msgText(thanksBob), msgText(thanksAnn))
	}
	// Goals done come from the goals capability (none were set here).
	if !strings.Contains(msgText(thanksBob), "Goals done: 0") {
		t.Fatalf("recap without goals: %q", msgText(thanksBob))
	}
	if !strings.Contains(msgText(thanksBob), "Together since Monday 2 November 2026, 09:00 UTC (20 days)") {
		t.Fatalf("recap's time: %q", msgText(thanksBob))
	}
	prompt := r.waitDM("UBOB", "Your mentorship with *Ann Mentor* has ended. How did it go?")
	r.click("UBOB", prompt, "feedback_open")
	r.waitView("UBOB", "feedback")

	for who, kinds := range map[string]map[string]string{"UANN": {
		"ask": "is due to wrap up on", "extended": "both chose to continue", "thanks": "planned end", "prompt": "has ended. How did it go?"},
		"UBOB": {"ask": "is due to wrap up on", "extended": "both chose to continue", "thanks": "planned end", "prompt": "has ended. How did it go?"}} {
		for what, want := range kinds {
			if n := r.count(who, want); n != 1 {
				t.Errorf("%s got %d %s messages, want 1", who, n, what)
			}
		}
	}
	recordAllSent(t, r.fake)
}

// blockIDs are Slack's random block ids, not part of what a person sees.
var blockIDs = regexp.MustCompile(`"block_id":"[^"]*",?`)

// partnerView is everything Bob can see from the bot (his DMs and
// ephemerals) in order, with the message timestamps left out.
func partnerView(r *running, user string) string {
	var b strings.Builder
	for _, m := range append(r.fake.Messages(r.fake.DMChannel(user)), r.fake.Ephemerals(user)...) {
		fmt.Fprintf(&b, "%s\n", blockIDs.ReplaceAllString(msgText(m), ""))
	}
	return b.String()
}

// Whatever Ann answers (Wrap up, or nothing), Bob, who chose to continue,
// sees exactly the same messages at the same moments: the close on the end
// date. And the pairing ends on its end date in every case.
func TestRenewalAnswerIsPrivateEndToEnd(t *testing.T) {
	views := map[string]string{}
	for _, annWraps := range []bool{true, false} {
		r, a := startWith(t, startOptions{driven: true, env: lifeEnv})
		db, p := seedPairing(t, r)
		r.life(a, "2026-11-09 09:00:00")
		askAnn := r.waitDM("UANN", "continue another term")
		askBob := r.waitDM("UBOB", "continue another term")
		r.clock.Set(time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC))
		if annWraps {
			r.click("UANN", askAnn, "renewal_wrap_up")
			r.waitDM("UANN", "Your answer: *Wrap up*. Thanks! Your pairing wraps up on that date")
		}
		r.idle(a)
		r.clock.Set(time.Date(2026, 11, 11, 12, 0, 0, 0, time.UTC))
		r.click("UBOB", askBob, "renewal_continue")
		r.waitDM("UBOB", "Your answer: *Continue another term*")
		r.idle(a)
		for _, when := range []string{"2026-11-11 12:00:01", "2026-11-12 08:59:59", "2026-11-12 09:00:07", "2026-11-12 09:00:17"} {
			r.life(a, when)
		}
		r.waitDM("UBOB", "has ended. How did it go?")
		pr, _ := db.PairingByID(r.ctx(), p.ID)
		if pr.Status != "ended" || pr.EndReason != store.EndReasonCompleted || !pr.EndedAt.Equal(time.Date(2026, 11, 12, 9, 0, 0, 0, time.UTC)) {
			t.Fatalf("Ann wraps up %v: pairing %+v", annWraps, pr)
		}
		views[fmt.Sprint(annWraps)] = partnerView(r, "UBOB")
		r.shutdown()
	}
	if views["true"] != views["false"] {
		t.Fatalf("Bob's view differs by Ann's answer:\nwrap up:\n%s\nno answer:\n%s", views["true"], views["false"])
	}
	if !strings.Contains(views["true"], "planned end") {
		t.Fatalf("Bob got no thank-you:\n%s", views["true"])
	}
}

// Early ends send the closing prompt to the person still there: an
// admin's unpair to both; a leave to the partner only (the leaver gets
// nothing after leaving). Neither gets a thank-you recap or a renewal ask.
func TestEarlyEndsSendTheClosingPromptEndToEnd(t *testing.T) {
	t.Run("unpair", func(t *testing.T) {
		r, a := startWith(t, startOptions{driven: true, env: lifeEnv})
		seedPairing(t, r)
		r.life(a, "2026-11-03 09:00:00")
		r.slash("UADMIN", "unpair <@UANN> <@UBOB>")
		r.idle(a)
		r.life(a, "2026-11-03 09:00:30")
		r.waitDM("UANN", "Your mentorship with *Bob Mentee* has ended. How did it go?")
		r.waitDM("UBOB", "Your mentorship with *Ann Mentor* has ended. How did it go?")
		r.life(a, "2026-11-09 09:00:00")
		r.life(a, "2026-11-12 09:00:00")
		for _, who := range []string{"UANN", "UBOB"} {
			if r.count(who, "continue another term") != 0 || r.count(who, "planned end") != 0 || r.count(who, "How did it go?") != 1 {
				t.Errorf("%s after an unpair:\n%s", who, partnerView(r, who))
			}
		}
	})
	t.Run("leave", func(t *testing.T) {
		r, a := startWith(t, startOptions{driven: true, env: lifeEnv})
		seedPairing(t, r)
		r.life(a, "2026-11-09 09:00:00")
		r.waitDM("UBOB", "continue another term")
		r.clock.Set(time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC))
		r.leaveNow("UBOB")
		r.idle(a)
		before := len(r.fake.Messages(r.fake.DMChannel("UBOB")))
		r.life(a, "2026-11-10 09:00:30")
		r.waitDM("UANN", "has ended. How did it go?")
		r.life(a, "2026-11-12 09:00:00")
		if after := len(r.fake.Messages(r.fake.DMChannel("UBOB"))); after != before {
			t.Errorf("the leaver got %d DMs after leaving:\n%s", after-before, partnerView(r, "UBOB"))
		}
		if r.count("UANN", "planned end") != 0 || r.count("UANN", "How did it go?") != 1 {
			t.Errorf("Ann after Bob left:\n%s", partnerView(r, "UANN"))
		}
	})
}

// The forged-click tests cover the renewal buttons (they are registered
// routes); here: a person of another pairing, and an admin, cannot answer
// Ann's renewal, and a click on an ended pairing changes nothing.
func TestRenewalButtonsRefuseOthers(t *testing.T) {
	r, a := startWith(t, startOptions{driven: true, env: lifeEnv})
	db, p := seedPairing(t, r)
	r.life(a, "2026-11-09 09:00:00")
	askAnn := r.waitDM("UANN", "continue another term")
	r.staleClick("UADMIN", askAnn, "renewal_continue")
	r.waitEphemeral("UADMIN", "isn't yours")
	if res, err := db.AnswerRenewal(context.Background(), p.ID, "UADMIN", store.RenewalContinue, time.Hour); err == nil || res.Recorded {
		t.Fatalf("a stranger's answer: %+v %v", res, err)
	}
	r.slash("UADMIN", "unpair <@UANN> <@UBOB>")
	r.idle(a)
	r.click("UANN", askAnn, "renewal_continue")
	r.waitEphemeral("UANN", "This question is closed")
}
