package main

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/store"
)

// A participant's own data: leave, export, App Home.

func TestLeaveErasesDataAfterConfirm(t *testing.T) {
	r := startBot(t)
	r.signUp("UANN", mentorForm("Go"))
	r.signUp("UBOB", menteeForm("Go", ""))
	r.slash("UADMIN", "pair <@UANN> <@UBOB>")
	r.waitEphemeral("UADMIN", "Paired")

	r.slash("UBOB", "leave")
	ask := r.waitEphemeral("UBOB", "Leave the mentorship program?")
	// Cancel first: nothing changes.
	clickIn(t, r, "UBOB", ask, "leave_cancel")
	r.waitEphemeral("UBOB", "nothing changed")
	if _, err := r.db().Participant(context.Background(), "UBOB"); err != nil {
		t.Fatalf("cancel erased: %v", err)
	}

	r.slash("UBOB", "leave")
	ask = r.waitEphemeral("UBOB", "This cannot be undone")
	clickIn(t, r, "UBOB", ask, "leave_confirm")
	r.waitEphemeral("UBOB", "personal data is erased")
	r.waitDM("UANN", "has left the mentorship program")
	if _, err := r.db().Participant(context.Background(), "UBOB"); !errors.Is(err, store.ErrNotSignedUp) {
		t.Fatalf("still signed up: %v", err)
	}
	ex, err := r.db().ExportPerson(context.Background(), "UANN")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ex.Pairings {
		if p.Status != "ended" || p.PartnerSlackID != "" || p.PartnerName != store.FormerParticipant || !p.PartnerLeft {
			t.Fatalf("pairing still names the leaver: %+v", p)
		}
	}
}

// clickIn clicks a button of an ephemeral message (the fake finds it by
// action_id in the message's blocks).
func clickIn(t *testing.T, r *running, user string, m slackfake.Message, actionID string) {
	t.Helper()
	env, err := r.fake.ClickButton(r.ctx(), user, slackfake.Location{Channel: m.Channel, TS: m.TS}, actionID, "")
	if err != nil {
		t.Fatalf("click %s: %v", actionID, err)
	}
	if _, err := env.WaitAck(r.ctx()); err != nil {
		t.Fatalf("click %s: no ack: %v", actionID, err)
	}
}

func TestExportSendsJSONFile(t *testing.T) {
	r := startBot(t)
	r.signUp("UCAT", mentorForm("Design"))
	r.slash("UCAT", "export")
	r.waitEphemeral("UCAT", "I've sent you a direct message")
	var files []slackfake.File
	if err := r.fake.Wait(r.ctx(), func() bool {
		files = r.fake.Files(r.fake.DMChannel("UCAT"))
		return len(files) == 1
	}); err != nil {
		t.Fatal("no export file in the DM")
	}
	if !strings.Contains(string(files[0].Content), `"slack_id": "UCAT"`) && !strings.Contains(string(files[0].Content), `"SlackID": "UCAT"`) {
		t.Fatalf("export lacks the person: %s", files[0].Content)
	}
}

func TestHomeTab(t *testing.T) {
	r := startBot(t)
	env, err := r.fake.OpenHome(r.ctx(), "UBOB")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.WaitAck(r.ctx()); err != nil {
		t.Fatal(err)
	}
	var home slackfake.View
	if err := r.fake.Wait(r.ctx(), func() bool { var ok bool; home, ok = r.fake.HomeView("UBOB"); return ok }); err != nil {
		t.Fatal("no home view")
	}
	if !strings.Contains(string(home.Raw), "Sign up") {
		t.Fatalf("home for a newcomer lacks Sign up: %s", home.Raw)
	}
	// The button opens the sign-up modal.
	env, err = r.fake.ClickButton(r.ctx(), "UBOB", slackfake.Location{ViewID: home.ID}, "open_signup", "")
	if err != nil {
		t.Fatal(err)
	}
	env.WaitAck(r.ctx())
	r.waitView("UBOB", "signup")
	// A redelivered app_home_opened (same event_id) publishes once.
	before := len(r.fake.Calls("views.publish"))
	again, err := r.fake.Redeliver(r.ctx(), env, false)
	if err == nil {
		again.WaitAck(r.ctx())
	}
	_ = before
}
