package main

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/store"
)

// Sign-up, profile and status through /mentor, and the forms the tests submit.

type formValues = map[string]map[string]slackfake.Value

func val(v slackfake.Value) map[string]slackfake.Value { return map[string]slackfake.Value{"value": v} }

// mentorForm is a valid sign-up as a mentor.
func mentorForm(teaches string) formValues {
	return formValues{
		"role":       val(slackfake.Value{SelectedOption: "mentor"}),
		"teaches":    val(slackfake.Value{Value: teaches}),
		"goals":      val(slackfake.Value{Value: "Share what I know <!channel> & more"}),
		"department": val(slackfake.Value{Value: "Platform"}),
		"seniority":  val(slackfake.Value{Value: "12"}),
		"capacity":   val(slackfake.Value{Value: "2"}),
		"cadence":    val(slackfake.Value{SelectedOption: "weekly"}),
	}
}

func menteeForm(learns, manager string) formValues {
	f := formValues{
		"role":       val(slackfake.Value{SelectedOption: "mentee"}),
		"learns":     val(slackfake.Value{Value: learns}),
		"goals":      val(slackfake.Value{Value: "Become a tech lead"}),
		"department": val(slackfake.Value{Value: "Payments"}),
		"seniority":  val(slackfake.Value{Value: "2"}),
		"cadence":    val(slackfake.Value{SelectedOption: "biweekly"}),
	}
	if manager != "" {
		f["manager"] = val(slackfake.Value{SelectedUser: manager})
	}
	return f
}

// signUp runs /mentor signup for user and submits form.
func (r *running) signUp(user string, form formValues) {
	r.t.Helper()
	r.slash(user, "signup")
	v := r.waitView(user, "signup")
	if payload := r.submit(user, v.ID, form); payload != nil {
		r.t.Fatalf("sign-up of %s refused: %v", user, payload)
	}
	r.waitDM(user, "Thanks for signing up")
}

func TestSignupStatusProfilePauseResume(t *testing.T) {
	r := startBot(t)
	db := r.db()
	ctx := context.Background()

	r.signUp("UANN", mentorForm("Go, Kubernetes"))
	p, err := db.Participant(ctx, "UANN")
	if err != nil {
		t.Fatal(err)
	}
	if p.Role != "mentor" || p.Timezone != "America/New_York" || p.Name != "Ann Mentor" || p.Capacity != 2 ||
		strings.Join(p.Teaches, ",") != "Go,Kubernetes" {
		t.Fatalf("stored participant = %+v", p)
	}
	// The Home tab follows the sign-up.
	if err := r.fake.Wait(r.ctx(), func() bool { _, ok := r.fake.HomeView("UANN"); return ok }); err != nil {
		t.Fatal("home tab never published")
	}

	r.slash("UANN", "status")
	r.waitEphemeral("UANN", "Your mentorship status")

	// The profile modal comes pre-filled; change one field.
	r.slash("UANN", "profile")
	v := r.waitView("UANN", "signup")
	if !strings.Contains(string(v.Raw), "Go, Kubernetes") || !strings.Contains(string(v.Raw), "Platform") {
		t.Fatalf("profile modal not pre-filled: %s", v.Raw)
	}
	if payload := r.submit("UANN", v.ID, formValues{"capacity": val(slackfake.Value{Value: "3"})}); payload != nil {
		t.Fatalf("profile edit refused: %v", payload)
	}
	r.waitDM("UANN", "Your profile is updated")
	if p, _ := db.Participant(ctx, "UANN"); p.Capacity != 3 || p.Department != "Platform" {
		t.Fatalf("after edit: %+v", p)
	}

	r.slash("UANN", "pause 2")
	r.waitEphemeral("UANN", "You're paused until")
	if p, _ := db.Participant(ctx, "UANN"); p.Status != "paused" || p.PausedUntil == nil {
		t.Fatalf("after pause: %+v", p)
	}
	r.slash("UANN", "resume")
	r.waitEphemeral("UANN", "Welcome back")
	r.slash("UANN", "resume")
	r.waitEphemeral("UANN", "not paused")
	if p, _ := db.Participant(ctx, "UANN"); p.Status != "active" {
		t.Fatalf("after resume: %+v", p)
	}
}

func TestSignupFormErrorsChangeNothing(t *testing.T) {
	r := startBot(t)
	r.slash("UBOB", "signup")
	v := r.waitView("UBOB", "signup")
	form := mentorForm("")
	delete(form, "teaches")
	form["manager"] = val(slackfake.Value{SelectedUser: "UBOB"})
	payload := r.submit("UBOB", v.ID, form)
	if payload["response_action"] != "errors" {
		t.Fatalf("want response_action errors, got %v", payload)
	}
	errs, _ := payload["errors"].(map[string]any)
	if errs["teaches"] == nil || errs["manager"] == nil {
		t.Fatalf("want errors on teaches and manager, got %v", errs)
	}
	if _, err := r.db().Participant(context.Background(), "UBOB"); !errors.Is(err, store.ErrNotSignedUp) {
		t.Fatalf("a refused form stored something: %v", err)
	}
	// The modal stays open; fixing the fields signs the person up.
	if payload := r.submit("UBOB", v.ID, menteeForm("Go", "UDAN")); payload != nil {
		t.Fatalf("fixed form refused: %v", payload)
	}
	r.waitDM("UBOB", "Thanks for signing up")
}

func TestBadCommandsGetClearAnswers(t *testing.T) {
	r := startBot(t)
	cases := []struct{ user, text, want string }{
		{"UBOB", "dance", "I don't know `/mentor dance`"},
		{"UBOB", "pair <@UANN> <@UBOB>", "for program admins"},
		{"UBOB", "program create Spring", "for program admins"},
		{"UADMIN", "pair @ann @bob", "mention them with @"},
		{"UADMIN", "pair <@UANN> <@UBOB>", "hasn't signed up"},
		{"UADMIN", "unpair <@UANN> <@UBOB>", "not paired right now"},
		{"UBOB", "status", "haven't signed up"},
		{"UBOB", "pause forever", "1 to 52"},
		{"UBOB", "<!channel> hi", "&lt;!channel&gt;"},
		{"UBOB", strings.Repeat("x", 600), "too long"},
	}
	for _, c := range cases {
		r.slash(c.user, c.text)
		m := r.waitEphemeral(c.user, c.want)
		if strings.Contains(m.Text, "<!channel>") {
			t.Errorf("reply to %q contains a raw @channel: %q", c.text, m.Text)
		}
	}
	audit, err := r.db().AuditLog(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	refused := 0
	for _, e := range audit {
		if e.Outcome == "refused" && e.ActorID == "UBOB" {
			refused++
		}
	}
	if refused != 2 {
		t.Fatalf("want 2 audited refusals, got %d: %+v", refused, audit)
	}
	if ps, _ := r.db().Participants(context.Background(), ""); len(ps) != 0 {
		t.Fatalf("bad commands changed state: %+v", ps)
	}
}
