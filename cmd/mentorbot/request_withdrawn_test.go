package main

import (
	"context"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/store"
)

// TestAcceptWithdrawsTheOtherRequests: a mentee asks two mentors at once;
// when one accepts, the other's request DM says it was withdrawn and offers
// no buttons, a click from a client still showing them changes nothing,
// and both people's exports record the request as withdrawn.
func TestAcceptWithdrawsTheOtherRequests(t *testing.T) {
	r := startBot(t)
	r.signUp("UANN", mentorForm("Go"))
	r.signUp("UCAT", mentorForm("Go"))
	r.signUp("UBOB", menteeForm("Go", ""))

	r.slash("UBOB", "find")
	sugg := r.waitEphemeral("UBOB", "Your top mentors")
	for _, mentor := range []string{"UANN", "UCAT"} {
		env, err := r.fake.ClickButton(r.ctx(), "UBOB", slackfake.Location{Channel: sugg.Channel, TS: sugg.TS}, "find_request", mentor)
		if err != nil {
			t.Fatal(err)
		}
		env.WaitAck(r.ctx())
		r.waitEphemeral("UBOB", "I've asked <@"+mentor+">")
	}
	askAnn := r.waitDM("UANN", "would like you as their mentor")
	askCat := r.waitDM("UCAT", "would like you as their mentor")

	clickIn(t, r, "UANN", askAnn, "request_accept")
	r.waitDM("UBOB", "accepted to be your mentor")
	var catNow slackfake.Message
	if err := r.fake.Wait(r.ctx(), func() bool {
		for _, m := range r.fake.Messages(askCat.Channel) {
			if m.TS == askCat.TS && strings.Contains(msgText(m), "was withdrawn") {
				catNow = m
				return true
			}
		}
		return false
	}); err != nil {
		t.Fatalf("Cat's request DM was not updated:\n%s", dumpMessages(r.fake.Messages(askCat.Channel)))
	}
	if strings.Contains(string(catNow.Blocks), "request_accept") || strings.Contains(string(catNow.Blocks), "request_decline") {
		t.Fatalf("the withdrawn request still offers buttons: %s", catNow.Blocks)
	}
	if _, err := r.fake.ClickButton(r.ctx(), "UCAT", slackfake.Location{Channel: askCat.Channel, TS: askCat.TS}, "request_accept", ""); err == nil {
		t.Fatal("the withdrawn request's Accept is still clickable")
	}

	for user, want := range map[string]map[string]string{
		"UBOB": {"UANN": store.RequestAccepted, "UCAT": store.RequestWithdrawn},
		"UCAT": {"UBOB": store.RequestWithdrawn},
	} {
		ex, err := r.db().ExportPerson(context.Background(), user)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, q := range ex.Requests {
			got[q.OtherSlackID] = q.Status
			if q.Status == store.RequestWithdrawn && q.DecidedAt == nil {
				t.Errorf("%s: a withdrawn request without decided_at", user)
			}
		}
		for other, status := range want {
			if got[other] != status {
				t.Errorf("%s's export: request with %s is %q, want %q", user, other, got[other], status)
			}
		}
	}
	if ps, _ := r.db().AllActivePairings(context.Background(), ""); len(ps) != 1 {
		t.Fatalf("want 1 pairing, got %d", len(ps))
	}
}
