package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// Admin commands: pair/unpair, programs, reports.

func TestAdminPairIntroducesAndUnpair(t *testing.T) {
	r := startBot(t)
	r.signUp("UANN", mentorForm("Go, Kubernetes"))
	r.signUp("UBOB", menteeForm("kubernetes, Rust", "UDAN"))
	r.signUp("UDAN", mentorForm("Go"))

	// Never with one's own manager, even by hand.
	r.slash("UADMIN", "pair <@UDAN|dan> <@UBOB|bob>")
	r.waitEphemeral("UADMIN", "own manager")

	r.slash("UADMIN", "pair <@UANN|ann> <@UBOB|bob>")
	r.waitEphemeral("UADMIN", "Paired <@UANN> (mentor) with <@UBOB> (mentee)")
	intro := r.waitMessage(func() string { return r.fake.Conversation("UANN", "UBOB") }, "Meet your mentorship match")
	body := intro.Text + string(intro.Blocks)
	for _, want := range []string{"Kubernetes", "Become a tech lead", "first meeting"} {
		if !strings.Contains(body, want) {
			t.Errorf("introduction lacks %q: %s", want, body)
		}
	}
	r.slash("UBOB", "status")
	r.waitEphemeral("UBOB", "Your mentor")

	r.slash("UADMIN", "pair <@UANN> <@UBOB>")
	r.waitEphemeral("UADMIN", "already paired")

	r.slash("UADMIN", "unpair <@UBOB> <@UANN>")
	r.waitEphemeral("UADMIN", "Ended the pairing")
	r.waitDM("UBOB", "your mentorship pairing with Ann Mentor has ended")
	r.waitDM("UANN", "your mentorship pairing with Bob Mentee has ended")
	if ps, _ := r.db().ActivePairings(context.Background(), "UBOB"); len(ps) != 0 {
		t.Fatalf("still paired: %+v", ps)
	}
	audit, _ := r.db().AuditLog(context.Background(), time.Time{})
	var actions []string
	for _, e := range audit {
		actions = append(actions, e.Action+":"+e.Outcome)
	}
	if got := strings.Join(actions, ","); !strings.Contains(got, "pair:ok") || !strings.Contains(got, "unpair:ok") {
		t.Fatalf("audit = %s", got)
	}
}

func TestProgramCreateListClose(t *testing.T) {
	r := startBot(t)
	r.slash("UADMIN", "program create Spring 2027")
	v := r.waitView("UADMIN", "program_create")
	payload := r.submit("UADMIN", v.ID, formValues{
		"program_start": val(slackfake.Value{SelectedDate: "2027-03-01"}),
		"program_end":   val(slackfake.Value{SelectedDate: "2027-01-01"}),
	})
	if payload["response_action"] != "errors" {
		t.Fatalf("end before start accepted: %v", payload)
	}
	if payload := r.submit("UADMIN", v.ID, formValues{
		"program_start": val(slackfake.Value{SelectedDate: "2027-03-01"}),
		"program_end":   val(slackfake.Value{SelectedDate: "2027-06-30"}),
	}); payload != nil {
		t.Fatalf("valid program refused: %v", payload)
	}
	r.waitDM("UADMIN", "Spring 2027")
	r.slash("UADMIN", "program list")
	r.waitEphemeral("UADMIN", "2027-03-01 to 2027-06-30")
	r.slash("UADMIN", "program close Spring 2027")
	r.waitEphemeral("UADMIN", "is closed")
	r.slash("UADMIN", "program close Spring 2027")
	r.waitEphemeral("UADMIN", "already closed")
}

func TestReportCommandSendsSummaryAndFiles(t *testing.T) {
	r := startBot(t)
	r.signUp("UANN", mentorForm("Go"))
	r.signUp("UBOB", menteeForm("Go", ""))
	r.slash("UADMIN", "pair <@UANN> <@UBOB>")
	r.waitEphemeral("UADMIN", "Paired")

	r.slash("UBOB", "report")
	r.waitEphemeral("UBOB", "for program admins")

	r.slash("UADMIN", "report")
	sum := r.waitEphemeral("UADMIN", "Program report")
	if !strings.Contains(msgText(sum), "1 mentors, 1 mentees") || !strings.Contains(msgText(sum), "suppressed") {
		t.Fatalf("summary: %s", msgText(sum))
	}
	var files []slackfake.File
	if err := r.fake.Wait(r.ctx(), func() bool {
		files = r.fake.Files(r.fake.DMChannel("UADMIN"))
		return len(files) == 2
	}); err != nil {
		t.Fatalf("report files: %d", len(files))
	}
	names := files[0].Name + " " + files[1].Name
	if !strings.Contains(names, ".csv") || !strings.Contains(names, ".html") {
		t.Fatalf("files: %s", names)
	}
	r.slash("UADMIN", "report Nope")
	r.waitEphemeral("UADMIN", "I don't know a program")
}
