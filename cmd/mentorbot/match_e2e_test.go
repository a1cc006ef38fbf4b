package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

func TestMatchPreviewConfirmOnce(t *testing.T) {
	r := startBot(t)
	r.signUp("UANN", mentorForm("Go, Kubernetes"))
	r.signUp("UBOB", menteeForm("Kubernetes", "UANN")) // Ann manages Bob: never paired
	r.signUp("UDAN", menteeForm("Go", ""))

	r.slash("UBOB", "match")
	r.waitEphemeral("UBOB", "for program admins")

	r.slash("UADMIN", "match")
	preview := r.waitEphemeral("UADMIN", "Matching preview")
	body := msgText(preview)
	if !strings.Contains(body, "<@UANN>* mentors *<@UDAN>") {
		t.Fatalf("preview lacks Ann→Dan: %s", body)
	}
	if strings.Contains(body, "<@UANN>* mentors *<@UBOB>") {
		t.Fatalf("preview pairs Bob with his manager: %s", body)
	}
	if !strings.Contains(body, "Unmatched") || !strings.Contains(body, "UBOB") {
		t.Fatalf("preview does not explain Bob: %s", body)
	}
	// Nothing is created before Confirm.
	if ps, _ := r.db().ActivePairings(context.Background(), "UDAN"); len(ps) != 0 {
		t.Fatalf("pairing created by a preview: %+v", ps)
	}

	// Slack rate-limits the introduction once: it still arrives, once.
	r.fake.FailNext("chat.postMessage", 1, slackfake.Fault{Status: 429, Error: "ratelimited", RetryAfter: time.Second})
	clickIn(t, r, "UADMIN", preview, "match_confirm")
	r.waitEphemeral("UADMIN", "Confirmed: 1 pairing created")
	r.waitMessage(func() string { return r.fake.Conversation("UANN", "UDAN") }, "Meet your mentorship match")
	if n := len(r.fake.Messages(r.fake.Conversation("UANN", "UDAN"))); n != 1 {
		t.Fatalf("want one introduction, got %d messages", n)
	}
	r.waitDM("UBOB", "waiting list")

	// The confirmed preview lost its buttons.
	if _, err := r.fake.ClickButton(r.ctx(), "UADMIN", slackfake.Location{Channel: preview.Channel, TS: preview.TS}, "match_confirm", ""); err == nil {
		t.Fatalf("the confirmed preview still shows Confirm")
	}
	if ps, _ := r.db().AllActivePairings(context.Background(), ""); len(ps) != 1 {
		t.Fatalf("want exactly 1 active pairing, got %d", len(ps))
	}
}

func TestMatchPreviewGoesStale(t *testing.T) {
	r := startBot(t)
	r.signUp("UANN", mentorForm("Go"))
	r.signUp("UDAN", menteeForm("Go", ""))
	r.slash("UADMIN", "match")
	preview := r.waitEphemeral("UADMIN", "Matching preview")
	r.signUp("UBOB", menteeForm("Go", "")) // sign-ups change after the preview
	clickIn(t, r, "UADMIN", preview, "match_confirm")
	r.waitEphemeral("UADMIN", "changed since this preview")
	if ps, _ := r.db().AllActivePairings(context.Background(), ""); len(ps) != 0 {
		t.Fatalf("stale preview applied: %+v", ps)
	}
}

func TestFindRequestAcceptDecline(t *testing.T) {
	r := startBot(t)
	r.signUp("UANN", mentorForm("Go, Kubernetes"))
	r.signUp("UCAT", mentorForm("Go"))
	r.signUp("UBOB", menteeForm("Go", ""))

	r.slash("UANN", "find")
	r.waitEphemeral("UANN", "is for mentees")

	r.slash("UBOB", "find")
	sugg := r.waitEphemeral("UBOB", "Your top mentors")
	if !strings.Contains(string(sugg.Blocks), "UANN") || !strings.Contains(string(sugg.Blocks), "UCAT") {
		t.Fatalf("suggestions: %s", sugg.Blocks)
	}
	env, err := r.fake.ClickButton(r.ctx(), "UBOB", slackfake.Location{Channel: sugg.Channel, TS: sugg.TS}, "find_request", "UCAT")
	if err != nil {
		t.Fatal(err)
	}
	env.WaitAck(r.ctx())
	r.waitEphemeral("UBOB", "I've asked <@UCAT>")
	ask := r.waitDM("UCAT", "would like you as their mentor")
	clickIn(t, r, "UCAT", ask, "request_decline")
	next := r.waitDM("UBOB", "Here is another mentor")
	if !strings.Contains(string(next.Blocks), "UANN") {
		t.Fatalf("next suggestion is not Ann: %s", next.Blocks)
	}
	env, err = r.fake.ClickButton(r.ctx(), "UBOB", slackfake.Location{Channel: next.Channel, TS: next.TS}, "find_request", "UANN")
	if err != nil {
		t.Fatal(err)
	}
	env.WaitAck(r.ctx())
	ask = r.waitDM("UANN", "would like you as their mentor")
	clickIn(t, r, "UANN", ask, "request_accept")
	r.waitDM("UBOB", "accepted to be your mentor")
	r.waitMessage(func() string { return r.fake.Conversation("UANN", "UBOB") }, "Meet your mentorship match")
	// The answered request lost its buttons; a redelivered click changes nothing.
	if _, err := r.fake.ClickButton(r.ctx(), "UANN", slackfake.Location{Channel: ask.Channel, TS: ask.TS}, "request_accept", ""); err == nil {
		t.Fatalf("the accepted request still shows its buttons")
	}
	if ps, _ := r.db().AllActivePairings(context.Background(), ""); len(ps) != 1 {
		t.Fatalf("want 1 pairing, got %d", len(ps))
	}
	r.slash("UBOB", "find")
	r.waitEphemeral("UBOB", "You already have a mentor")
}
