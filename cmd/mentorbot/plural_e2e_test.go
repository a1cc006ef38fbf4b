package main

import (
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// TestCountsReadAsEnglish: the introduction says "1 year", not "1 years",
// and the admin's confirmation counts "1 pairing" and "1 unmatched person",
// not "pairing(s)".
func TestCountsReadAsEnglish(t *testing.T) {
	r := startBot(t)
	mentor := mentorForm("Go")
	mentor["seniority"] = val(slackfake.Value{Value: "1"})
	mentor["capacity"] = val(slackfake.Value{Value: "1"})
	r.signUp("UANN", mentor)
	r.signUp("UDAN", menteeForm("Go", ""))
	r.signUp("UBOB", menteeForm("Go", ""))
	r.slash("UADMIN", "match")
	preview := r.waitEphemeral("UADMIN", "Matching preview")
	if body := msgText(preview); !strings.Contains(body, "*1 pair* proposed") || !strings.Contains(body, "*1 person* stays unmatched") {
		t.Fatalf("preview counts: %s", body)
	}
	clickIn(t, r, "UADMIN", preview, "match_confirm")
	done := r.waitEphemeral("UADMIN", "Confirmed:")
	if got := msgText(done); !strings.Contains(got, "Confirmed: 1 pairing created") || !strings.Contains(got, "told the 1 unmatched person") {
		t.Fatalf("confirmation: %s", got)
	}
	intro := msgText(r.waitMessage(func() string {
		if c := r.fake.Conversation("UANN", "UDAN"); c != "" {
			return c
		}
		return r.fake.Conversation("UANN", "UBOB")
	}, "Meet your mentorship match"))
	if !strings.Contains(intro, "has 1 year of experience") || strings.Contains(intro, "1 years") {
		t.Fatalf("introduction: %s", intro)
	}
}
