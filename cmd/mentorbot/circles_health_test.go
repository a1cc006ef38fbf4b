package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/store"
)

// A circle whose people have not met for 3 check-ins is flagged by the
// health job and shows on the admin's dashboard by name, with the reason
// in words and *Mark handled*, without anyone opening the Home tab; Mark
// handled takes it off. Nobody in the circle hears of the flag.
func TestCircleNotMeetingFlagsTheDashboardEndToEnd(t *testing.T) {
	r, a := startWith(t, startOptions{driven: true})
	db := circleFolks(t, r)
	r.createCircle("Quiet", "UANN", "3", "")
	for _, who := range []string{"UBOB", "UDAN"} {
		r.homeClick(who, "circle_join", "Join")
		r.waitReply(who, "You're in!")
	}
	// Bob answers Not yet three Mondays running; Ann and Dan never answer.
	for i, day := range []string{"2026-11-02", "2026-11-09", "2026-11-16"} {
		r.at(a, day+" 15:00")
		asks := r.dms("UBOB", "Did the circle *Quiet* meet since the last check-in?")
		if len(asks) != i+1 {
			t.Fatalf("%s: Bob has %d check-ins, want %d", day, len(asks), i+1)
		}
		r.click("UBOB", asks[i], "circle_checkin_not_yet")
		if err := r.fake.Wait(r.ctx(), func() bool { return len(r.dms("UBOB", "You answered *Not yet*")) == i+1 }); err != nil {
			t.Fatalf("%s: Bob's answer never showed: %v", day, err)
		}
	}
	a.bot.WaitIdle()
	if c, _ := db.OpenCircleByName(r.ctx(), "Quiet"); c.AtRiskAt != nil {
		t.Fatalf("flagged before the health job ran: %+v", c)
	}
	before := map[string]int{}
	for _, who := range []string{"UANN", "UBOB", "UDAN"} {
		before[who] = len(r.fake.Messages(r.fake.DMChannel(who)))
	}

	r.at(a, "2026-11-16 15:05")
	if c, _ := db.OpenCircleByName(r.ctx(), "Quiet"); c.AtRiskReason != store.RiskNotMeeting {
		t.Fatalf("the health job did not flag the circle: %+v", c)
	}
	home := r.waitHome("UADMIN", "Circle *Quiet* led by <@UANN> needs attention: have not met for 3 check-ins")
	if !strings.Contains(string(home.Raw), "dash_circle_handled") || !strings.Contains(string(home.Raw), `"text":"Mark handled"`) {
		t.Errorf("the circle has no Mark handled: %s", home.Raw)
	}
	homeHasNoCodes(t, home)
	a.bot.WaitIdle()
	for _, who := range []string{"UANN", "UBOB", "UDAN"} {
		for _, m := range r.fake.Messages(r.fake.DMChannel(who))[before[who]:] {
			t.Errorf("%s was sent something after the flag: %s", who, msgText(m))
		}
	}

	r.clickHome("UADMIN", "dash_circle_handled", "")
	r.auditOf("dashboard mark circle handled", 1, store.OutcomeOK)
	r.waitHome("UADMIN", "Mentoring circles", "Circle *Quiet*")
	if c, _ := db.OpenCircleByName(r.ctx(), "Quiet"); c.AtRiskReason != store.RiskNotMeeting {
		t.Errorf("Mark handled changed the flag itself: %+v", c)
	}
}

// A circle created in a program closes with it: the modal refuses a
// program that is not open, and `/mentor program close` closes the
// program's circle, whose people get the closing prompt once.
func TestCircleClosesWithItsProgramEndToEnd(t *testing.T) {
	r, a := startWith(t, startOptions{driven: true})
	db := circleFolks(t, r)
	for _, p := range []store.NewProgram{{Name: "Spring", EndsOn: "2027-03-31"}, {Name: "Past", EndsOn: "2026-01-31"}} {
		if _, err := db.CreateProgram(r.ctx(), p); err != nil {
			t.Fatal(err)
		}
	}
	r.slash("UADMIN", "circle create Leaders <@UANN>")
	v := r.waitView("UADMIN", "circle_create")
	form := func(program string) formValues {
		return formValues{
			"circle_topic":   val(slackfake.Value{Value: "Leading"}),
			"circle_size":    val(slackfake.Value{Value: "3"}),
			"circle_program": val(slackfake.Value{Value: program}),
		}
	}
	for program, want := range map[string]string{"Nope": "There is no program of that name", "Past": "That program has ended"} {
		payload := r.submit("UADMIN", v.ID, form(program))
		errs, _ := payload["errors"].(map[string]any)
		if payload["response_action"] != "errors" || !strings.Contains(fmt.Sprint(errs["circle_program"]), want) {
			t.Fatalf("program %q: %v, want an error on the program field saying %q", program, payload, want)
		}
	}
	if cs, _ := db.OpenCircles(r.ctx()); len(cs) != 0 {
		t.Fatalf("a refused form created %+v", cs)
	}
	if payload := r.submit("UADMIN", v.ID, form("Spring")); payload != nil {
		t.Fatalf("valid circle refused: %v", payload)
	}
	r.waitDM("UADMIN", "Circle *Leaders* is open")
	r.homeClick("UBOB", "circle_join", "Join")
	r.waitReply("UBOB", "You're in!")

	r.slash("UADMIN", "program close Spring")
	r.waitEphemeral("UADMIN", "Spring")
	c, err := db.CircleByID(r.ctx(), 1)
	if err != nil || c.Status != store.CircleClosed || c.CloseReason != "program closed" {
		t.Fatalf("circle after its program closed: %+v %v", c, err)
	}
	r.at(a, "2026-11-02 15:00")
	r.at(a, "2026-11-02 15:01")
	for _, who := range []string{"UANN", "UBOB"} {
		r.waitDM(who, "The circle *Leaders* has ended. How was it for you?")
		if n := len(r.dms(who, "How was it for you")); n != 1 {
			t.Errorf("%s got %d closing prompts, want 1", who, n)
		}
		if n := len(r.dms(who, "Did the circle *Leaders* meet")); n != 0 {
			t.Errorf("%s got a check-in of the closed circle", who)
		}
	}
}
