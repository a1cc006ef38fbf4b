package main

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// seedPairing signs up Ann (mentor, New York) and Bob (mentee, London) and
// pairs them at the clock's time, straight in the database.
func seedPairing(t *testing.T, r *running) (*sqldb.DB, store.Pairing) {
	t.Helper()
	db, err := sqldb.Open(context.Background(), r.cfg.DB, sqldb.Options{Clock: r.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, p := range []store.Profile{
		{SlackID: "UANN", Name: "Ann Mentor", Role: store.RoleMentor, Cadence: store.CadenceWeekly, Timezone: "America/New_York", Capacity: 2},
		{SlackID: "UBOB", Name: "Bob Mentee", Role: store.RoleMentee, Cadence: store.CadenceWeekly, Timezone: "Europe/London"},
	} {
		if _, err := db.SaveProfile(context.Background(), p); err != nil {
			t.Fatal(err)
		}
	}
	p, err := db.CreatePairing(context.Background(), store.NewPairing{MentorSlack: "UANN", MenteeSlack: "UBOB"})
	if err != nil {
		t.Fatal(err)
	}
	return db, p
}

// at sets the clock and runs one tick and one dispatch round.
func (r *running) at(a *app, when string) {
	r.t.Helper()
	tm, err := time.Parse("2006-01-02 15:04", when)
	if err != nil {
		r.t.Fatal(err)
	}
	r.clock.Set(tm)
	if err := a.sched.Tick(r.ctx()); err != nil {
		r.t.Fatal(err)
	}
	if _, err := a.sched.Dispatch(r.ctx()); err != nil {
		r.t.Fatal(err)
	}
}

// dms returns the bot's messages in user's DM containing want.
func (r *running) dms(user, want string) []slackfake.Message {
	var out []slackfake.Message
	for _, m := range r.fake.Messages(r.fake.DMChannel(user)) {
		if strings.Contains(m.Text+string(m.Blocks), want) {
			out = append(out, m)
		}
	}
	return out
}

func (r *running) click(user string, m slackfake.Message, actionID string) {
	r.t.Helper()
	if _, err := r.fake.ClickButton(r.ctx(), user, slackfake.Location{Channel: m.Channel, TS: m.TS}, actionID, ""); err != nil {
		r.t.Fatalf("click %s: %v", actionID, err)
	}
}

func TestCheckinsRemindersNeedHelpAndRematchEndToEnd(t *testing.T) {
	r, a := startApp(t)
	db, p := seedPairing(t, r)

	// Bob's Monday 10:00 is 10:00 UTC; Ann's is 15:00 UTC.
	r.at(a, "2026-11-02 10:00")
	bobCheckin := r.waitDM("UBOB", "Did you meet *Ann Mentor* since the last check-in?")
	for _, label := range []string{`"text":"Met"`, `"text":"Not yet"`, `"text":"Need help"`} {
		if !strings.Contains(string(bobCheckin.Blocks), label) {
			t.Fatalf("check-in buttons: %s", bobCheckin.Blocks)
		}
	}
	if n := len(r.dms("UANN", "Did you meet")); n != 0 {
		t.Fatalf("Ann asked before her slot")
	}
	r.at(a, "2026-11-02 15:00")
	annCheckin := r.waitDM("UANN", "Did you meet *Bob Mentee* since the last check-in?")

	// Met: stored once, the message shows the answer.
	r.click("UBOB", bobCheckin, "checkin_met")
	r.waitDM("UBOB", "Your answer: *Met*")
	ex, _ := db.ExportPerson(r.ctx(), "UBOB")
	if len(ex.CheckIns) != 1 || ex.CheckIns[0].Answer != store.AnswerMet {
		t.Fatalf("bob's check-in %+v", ex.CheckIns)
	}

	// Unanswered after 48 h: one reminder, a new DM with the same buttons.
	r.at(a, "2026-11-04 14:59")
	if n := len(r.dms("UANN", "gentle reminder")); n != 0 {
		t.Fatal("reminded early")
	}
	r.at(a, "2026-11-04 15:00")
	reminder := r.waitDM("UANN", "gentle reminder")
	r.at(a, "2026-11-04 16:00")
	r.at(a, "2026-11-05 16:00")
	if n, m := len(r.dms("UANN", "gentle reminder")), len(r.dms("UBOB", "gentle reminder")); n != 1 || m != 0 {
		t.Fatalf("reminders: Ann %d, Bob %d", n, m)
	}

	// Need help on the reminder alerts every admin, naming the pairing.
	r.click("UANN", reminder, "checkin_need_help")
	alert := r.waitDM("UADMIN", "asked for help")
	if !strings.Contains(alert.Text, "<@UANN> (mentor) and <@UBOB> (mentee)") {
		t.Fatalf("admin alert %q", alert.Text)
	}
	// The original check-in's buttons are now gone, and a click from a
	// client still showing them gets "closed".
	if _, err := r.fake.ClickButton(r.ctx(), "UANN", slackfake.Location{Channel: annCheckin.Channel, TS: annCheckin.TS}, "checkin_met", ""); err == nil {
		t.Fatal("the check-in answered on its reminder still shows its buttons")
	}
	r.staleClick("UANN", annCheckin, "checkin_met")
	r.waitEphemeral("UANN", "This check-in is closed")
	ex, _ = db.ExportPerson(r.ctx(), "UANN")
	if ex.CheckIns[0].Answer != store.AnswerNeedHelp {
		t.Fatalf("a closed check-in changed: %+v", ex.CheckIns)
	}

	// Asking for help puts the pairing at risk: Ann, who asked, gets one
	// Rematch me; Bob gets nothing (TestPartnerSeesNothingOfAFlagEndToEnd).
	r.at(a, "2026-11-05 16:01")
	r.at(a, "2026-11-05 16:02")
	offer := r.waitDM("UANN", "Rematch me")
	if n, m := len(r.dms("UANN", "Rematch me")), len(r.dms("UBOB", "Rematch me")); n != 1 || m != 0 {
		t.Fatalf("rematch offers: Ann %d, Bob %d", n, m)
	}
	r.click("UANN", offer, "rematch_me")
	r.waitDM("UANN", "your pairing with *Bob Mentee* has ended")
	r.waitDM("UBOB", "your mentorship pairing with Ann Mentor has ended. Thank you")
	ended, _ := db.PairingByID(r.ctx(), p.ID)
	if ended.Status != "ended" || ended.EndReason != "rematch requested" || ended.AtRiskReason != store.RiskNeedHelp {
		t.Fatalf("pairing %+v", ended)
	}
	if hist, _ := db.PairHistory(r.ctx()); !hist[[2]string{"UANN", "UBOB"}] {
		t.Fatal("the old pair is not in the history")
	}
	// Both are asked for end-of-pairing feedback.
	r.at(a, "2026-11-05 16:03")
	r.waitDM("UANN", "has ended. How did it go?")
	r.waitDM("UBOB", "has ended. How did it go?")

	recordAllSent(t, r.fake)
}

func TestFeedbackPromptAndModalEndToEnd(t *testing.T) {
	r, a := startApp(t)
	db, p := seedPairing(t, r)
	r.at(a, "2026-12-01 14:00") // 14:00 in London on the 1st
	prompt := r.waitDM("UBOB", "How is your mentorship with *Ann Mentor* going?")
	r.click("UBOB", prompt, "feedback_open")
	v := r.waitView("UBOB", "feedback")
	secret := "my private words about <!channel> & Ann"
	payload := r.submit("UBOB", v.ID, formValues{
		"rating":    val(slackfake.Value{SelectedOption: "2"}),
		"went_well": val(slackfake.Value{Value: secret}),
		"to_change": val(slackfake.Value{Value: "meet more"}),
	})
	if payload != nil {
		t.Fatalf("submission refused: %v", payload)
	}
	r.waitDM("UBOB", "your feedback on your mentorship with *Ann Mentor* was received")
	if err := r.fake.Wait(r.ctx(), func() bool {
		pr, _ := db.PairingByID(r.ctx(), p.ID)
		return pr.AtRiskReason == store.RiskLowRating
	}); err != nil {
		t.Fatal("a rating of 2 did not put the pairing at risk")
	}
	ex, _ := db.ExportPerson(r.ctx(), "UBOB")
	if len(ex.Feedback) != 1 || ex.Feedback[0].Rating != 2 || ex.Feedback[0].WentWell != secret {
		t.Fatalf("feedback %+v", ex.Feedback)
	}
	if other, _ := db.ExportPerson(r.ctx(), "UANN"); len(other.Feedback) != 0 {
		t.Fatal("Ann's export shows Bob's feedback")
	}
	// /mentor feedback opens the same form for the current pairing.
	r.slash("UBOB", "feedback")
	v = r.waitView("UBOB", "feedback")
	if payload := r.submit("UBOB", v.ID, formValues{"rating": val(slackfake.Value{SelectedOption: "5"})}); payload != nil {
		t.Fatalf("submission refused: %v", payload)
	}
	r.waitDM("UBOB", "Thank you for your feedback!")
	r.slash("UDAN", "feedback")
	r.waitEphemeral("UDAN", "haven't signed up")
	r.shutdown()
	if strings.Contains(r.logs.String(), "private words") || strings.Contains(r.logs.String(), "meet more") {
		t.Fatal("feedback text reached the logs")
	}
	recordAllSent(t, r.fake)
}

func TestSlackFailuresEndToEnd(t *testing.T) {
	r, a := startApp(t)
	db, p := seedPairing(t, r)

	// Bob cannot be messaged: marked so, pairing flagged, admins told once.
	r.fake.FailNext("chat.postMessage", 1, slackfake.Fault{Error: "user_not_found"})
	r.at(a, "2026-11-02 10:00")
	r.waitDM("UADMIN", "I can't message <@UBOB>")
	bob, _ := db.Participant(r.ctx(), "UBOB")
	pr, _ := db.PairingByID(r.ctx(), p.ID)
	if bob.UnreachableAt == nil || pr.AtRiskReason != store.RiskUnreachable {
		t.Fatalf("bob %+v pairing %+v", bob, pr)
	}

	// A 429 for Ann's check-in: nothing is posted before Retry-After, then
	// it goes out once.
	r.fake.FailNext("chat.postMessage", 1, slackfake.Fault{Status: 429, RetryAfter: time.Second})
	r.at(a, "2026-11-02 15:00")
	r.waitDM("UANN", "Did you meet")
	var limitedAt, sentAt time.Time
	for _, c := range r.fake.Calls("chat.postMessage") {
		switch {
		case c.Status == 429:
			limitedAt = c.At
		case c.Error == "" && c.Param("channel") == "UANN" && strings.Contains(c.Param("text"), "Did you meet"):
			sentAt = c.At
		}
	}
	if limitedAt.IsZero() || sentAt.Sub(limitedAt) < time.Second {
		t.Fatalf("429 at %v, retried at %v: before Retry-After", limitedAt, sentAt)
	}

	// A 500 on the reminder is retried with backoff and delivered once.
	r.fake.FailNext("chat.postMessage", 1, slackfake.Fault{Status: 500})
	r.at(a, "2026-11-04 15:00")
	r.waitDM("UANN", "gentle reminder")
	r.at(a, "2026-11-04 15:01")
	if n := len(r.dms("UANN", "gentle reminder")); n != 1 {
		t.Fatalf("%d reminders", n)
	}
	// Next week Bob is not even tried; the admins are not told again.
	r.at(a, "2026-11-09 10:00")
	if n := len(r.dms("UADMIN", "I can't message")); n != 1 {
		t.Fatalf("%d unreachable alerts", n)
	}
	for _, c := range r.fake.Calls("chat.postMessage") {
		if c.Param("channel") == "UBOB" && c.At.After(limitedAt) {
			t.Fatalf("Bob was messaged again: %+v", c)
		}
	}
}

func TestBadScheduleStopsStartup(t *testing.T) {
	for env, spec := range map[string]string{
		"MENTORBOT_CHECKIN_SCHEDULE":  "0 10 *",
		"MENTORBOT_FEEDBACK_SCHEDULE": "CRON_TZ=Mars/Base 0 14 1 * *",
	} {
		vals := map[string]string{"SLACK_BOT_TOKEN": "xoxb-x", "SLACK_APP_TOKEN": "xapp-x", env: spec}
		_, err := loadConfig(nil, func(k string) string { return vals[k] }, io.Discard)
		if err == nil || !strings.HasPrefix(err.Error(), env+": ") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s=%q: %v", env, spec, err)
		}
	}
}
