package main

import (
	"context"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/store"
)

// TestReportSaysAtRiskInWordsByName: an at-risk pairing reaches the admin's
// Slack summary, CSV and HTML by name (a mention in Slack), with its
// program and its reason in words, never as an internal code.
func TestReportSaysAtRiskInWordsByName(t *testing.T) {
	r := startBot(t)
	r.signUp("UANN", mentorForm("Go"))
	r.signUp("UBOB", menteeForm("Go", ""))
	r.slash("UADMIN", "pair <@UANN> <@UBOB>")
	r.waitEphemeral("UADMIN", "Paired")
	ctx := context.Background()
	ps, err := r.db().ActivePairings(ctx, "UBOB")
	if err != nil || len(ps) != 1 {
		t.Fatalf("pairings: %v %v", ps, err)
	}
	if _, err := r.db().MarkAtRisk(ctx, ps[0].ID, store.RiskNeedHelp); err != nil {
		t.Fatal(err)
	}

	r.slash("UADMIN", "report")
	sum := msgText(r.waitEphemeral("UADMIN", "Program report"))
	for _, want := range []string{"<@UANN> and <@UBOB> (no program): asked for help", "waiting for a mentor", "(0 both)"} {
		if !strings.Contains(sum, want) {
			t.Errorf("summary lacks %q: %s", want, sum)
		}
	}
	var files []slackfake.File
	if err := r.fake.Wait(r.ctx(), func() bool {
		files = r.fake.Files(r.fake.DMChannel("UADMIN"))
		return len(files) == 2
	}); err != nil {
		t.Fatalf("report files: %d", len(files))
	}
	for _, f := range files {
		body := string(f.Content)
		for _, want := range []string{"Ann Mentor (UANN)", "Bob Mentee (UBOB)", "no program", "asked for help"} {
			if !strings.Contains(body, want) {
				t.Errorf("%s lacks %q", f.Name, want)
			}
		}
	}
	for _, text := range append([]string{sum}, string(files[0].Content), string(files[1].Content)) {
		for _, code := range []string{"need_help", "not_met_3", "low_rating", "not_yet", "unreachable"} {
			if strings.Contains(text, code) {
				t.Errorf("an internal code %q reaches a person:\n%s", code, text)
			}
		}
	}
}
