package main

import (
	"context"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// seedIntroduced signs Ann (mentor, New York) and Bob (mentee, London) up
// and has an admin pair them, so the introduction is posted; it returns the
// store and where the introduction is.
func seedIntroduced(t *testing.T, r *running) (*sqldb.DB, func() string) {
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
	r.slash("UADMIN", "pair <@UANN> <@UBOB>")
	conv := func() string { return r.fake.Conversation("UANN", "UBOB") }
	r.waitMessage(conv, "Set our goals")
	return db, conv
}

func goalText(s string) map[string]slackfake.Value { return val(slackfake.Value{Value: s}) }
func goalDate(s string) map[string]slackfake.Value { return val(slackfake.Value{SelectedDate: s}) }

// TestGoalsFormRefusesBadInput: every bad form gets its error on the
// field, keeps the modal open and stores nothing.
func TestGoalsFormRefusesBadInput(t *testing.T) {
	r, _ := startDriven(t) // 26 October 2026
	db, conv := seedIntroduced(t, r)
	intro := r.waitMessage(conv, "Set our goals")
	// Help offers /mentor goals to people in a pairing.
	help := string(r.slash("UBOB", "help").Payload)
	if !strings.Contains(help, "mentorbot") {
		help = msgText(r.waitEphemeral("UBOB", "mentorbot"))
	}
	if !strings.Contains(help, "/mentor goals") {
		t.Errorf("Bob's help lacks /mentor goals: %s", help)
	}

	r.click("UANN", intro, "goals_set")
	r.waitEphemeral("UANN", "Goals are the mentee's to write")
	if len(r.fake.OpenViews("UANN")) != 0 {
		t.Fatal("the mentor got the goals form")
	}
	r.click("UBOB", intro, "goals_set")
	v := r.waitView("UBOB", "goals")
	cases := []struct {
		name  string
		form  formValues
		field string
		want  string
	}{
		{"all empty", formValues{}, "goal_1", "at least one goal"},
		{"only spaces", formValues{"goal_1": goalText("   \n ")}, "goal_1", "at least one goal"},
		{"too long", formValues{"goal_1": goalText(strings.Repeat("a", store.MaxGoalLen+1))}, "goal_1", "at most 200 characters"},
		{"too long second", formValues{"goal_1": goalText("ok"), "goal_2": goalText(strings.Repeat("é", 250))}, "goal_2", "this one has 250"},
		{"past date", formValues{"goal_1": goalText("ok"), "goal_date_1": goalDate("2026-10-25")}, "goal_date_1", "from today on"},
		{"date without a goal", formValues{"goal_1": goalText("ok"), "goal_date_3": goalDate("2026-12-01")}, "goal_date_3", "Write the goal"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := r.submit("UBOB", v.ID, c.form)
			errs, _ := p["errors"].(map[string]any)
			if p["response_action"] != "errors" || !strings.Contains(errs[c.field].(string), c.want) {
				t.Fatalf("ack = %v; want an error on %s containing %q", p, c.field, c.want)
			}
		})
	}
	ps, _ := db.ActivePairings(context.Background(), "UBOB")
	if g, err := db.Goals(context.Background(), ps[0].ID); err != nil || len(g) != 0 {
		t.Fatalf("bad forms stored goals: %+v %v", g, err)
	}
}

// TestGoalsProgressAndFitPulseEndToEnd: the mentee sets goals from the
// introduction; both see them there and in /mentor goals; his first
// check-in of each month (London time) asks about each open goal, the
// others do not, and the mentor's never does; the first Met brings each
// person one fit pulse, however many Met follow; Not a fit brings Bob, and
// only Bob, a Rematch me offer.
func TestGoalsProgressAndFitPulseEndToEnd(t *testing.T) {
	r, a := startDriven(t)
	db, conv := seedIntroduced(t, r)
	intro := r.waitMessage(conv, "Set our goals")
	r.click("UBOB", intro, "goals_set")
	v := r.waitView("UBOB", "goals")
	if p := r.submit("UBOB", v.ID, formValues{"goal_1": goalText("Lead a design review <@channel> & more"), "goal_date_1": goalDate("2026-12-15"),
		"goal_2": goalText("Give a talk")}); p != nil {
		t.Fatalf("good goals refused: %v", p)
	}
	r.waitMessage(conv, "Lead a design review &lt;@channel&gt; &amp; more (by 2026-12-15)")
	r.waitDM("UBOB", "Saved: your goals")
	r.slash("UANN", "goals")
	annView := r.waitEphemeral("UANN", "Goals with")
	if !strings.Contains(msgText(annView), "Give a talk") || strings.Contains(msgText(annView), "Edit our goals") {
		t.Fatalf("Ann's /mentor goals: %s", msgText(annView))
	}
	r.slash("UBOB", "goals")
	if m := r.waitEphemeral("UBOB", "Edit our goals"); !strings.Contains(msgText(m), "Give a talk") {
		t.Fatalf("Bob's /mentor goals: %s", msgText(m))
	}
	r.openHome("UANN", "Give a talk") // both Home tabs show them
	r.openHome("UBOB", "Edit our goals")

	// Monday 26 October, 10:00 in London: Bob's first check-in of October.
	r.at(a, "2026-10-26 10:00")
	checkin := r.waitDM("UBOB", "New month, quick look at your goals")
	r.click("UBOB", checkin, "goal_progressing") // the first goal's
	r.waitDM("UBOB", "Lead a design review &lt;@channel&gt; &amp; more: *Progressing*")
	r.click("UBOB", r.dms("UBOB", "Did you meet")[0], "checkin_met")
	m := r.waitDM("UBOB", "Your answer: *Met*")
	if txt := msgText(m); !strings.Contains(txt, "*Progressing*") || !strings.Contains(txt, "goal_done") {
		t.Fatalf("the answered check-in lost its goals: %s", txt)
	}
	if n, _ := db.GoalsDone(context.Background(), 1); n != 0 {
		t.Fatalf("GoalsDone = %d", n)
	}
	r.at(a, "2026-10-26 10:01")
	r.waitDM("UBOB", "How is the fit with *Ann Mentor*?")
	r.waitDM("UANN", "How is the fit with *Bob Mentee*?")

	r.at(a, "2026-10-26 15:00") // Ann's check-in: never about goals
	annCheckin := r.waitDM("UANN", "Did you meet")
	if strings.Contains(msgText(annCheckin), "goal") {
		t.Fatalf("the mentor's check-in asks about goals: %s", msgText(annCheckin))
	}
	r.click("UANN", annCheckin, "checkin_met")
	r.waitDM("UANN", "Your answer: *Met*")
	r.at(a, "2026-10-26 15:01")
	for _, who := range []string{"UANN", "UBOB"} {
		if n := len(r.dms(who, "How is the fit with")); n != 1 {
			t.Fatalf("%s got %d fit pulses", who, n)
		}
	}

	r.at(a, "2026-11-02 10:00") // first of November: asks again
	if n := len(r.dms("UBOB", "New month, quick look")); n != 2 {
		t.Fatalf("November's first check-in: %d goal questions in all", n)
	}
	r.at(a, "2026-11-09 10:00") // second of November: does not
	if n, all := len(r.dms("UBOB", "New month, quick look")), len(r.dms("UBOB", "Did you meet")); n != 2 || all != 3 {
		t.Fatalf("after November's second check-in: %d goal questions in %d check-ins", n, all)
	}

	// Bob says Not a fit: the pulse thanks him, and the health job offers him Rematch me.
	r.click("UBOB", r.dms("UBOB", "How is the fit with")[0], "fit_not_a_fit")
	r.waitDM("UBOB", "you said *Not a fit*")
	r.at(a, "2026-11-09 10:01")
	r.waitDM("UBOB", "Rematch me")
	if n := len(r.dms("UANN", "Rematch me")); n != 0 {
		t.Fatalf("Ann was offered a rematch: %d", n)
	}

	// Ann leaves: the introduction no longer quotes the goals, and their
	// text is gone from the database.
	r.leaveNow("UANN")
	if err := r.fake.Wait(r.ctx(), func() bool {
		for _, m := range r.fake.Messages(conv()) {
			if strings.Contains(msgText(m), "Meet your mentorship match") && !strings.Contains(msgText(m), "Give a talk") {
				return true
			}
		}
		return false
	}); err != nil {
		t.Fatalf("the introduction still quotes the goals: %s", dumpMessages(r.fake.Messages(conv())))
	}
	if g, err := db.Goals(context.Background(), 1); err != nil || len(g) != 2 || g[0].Text != "" || g[1].Text != "" || g[0].Target != "" {
		t.Fatalf("goals after the leave: %+v, %v", g, err)
	}
}
