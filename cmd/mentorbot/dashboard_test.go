package main

import (
	"context"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/store"
)

// The admin dashboard (product.md, "Admin dashboard"), end to end through
// the fake Slack. A non-admin's clicks on its buttons are refused by
// TestEveryRouteRefusesForeignPayloads, which forges every route.

func TestDashboardIsOnlyTheAdminsHome(t *testing.T) {
	r := startBot(t)
	r.signUp("UBOB", menteeForm("Go", "UDAN"))
	home := r.openHome("UADMIN", "Mentorship program dashboard")
	for _, want := range []string{"Participants", "Waiting for a mentor", "Active pairings", "Check-ins met, last 4 weeks",
		"Run matching", "Report", "Announce", "Needs attention", "Without a mentor", "Bob Mentee"} {
		if !strings.Contains(string(home.Raw), want) {
			t.Errorf("the dashboard lacks %q", want)
		}
	}
	homeHasNoCodes(t, home)
	for _, user := range []string{"UBOB", "UCAT"} { // a participant, a newcomer
		v := r.openHome(user, `"type":"home"`)
		if strings.Contains(string(v.Raw), "dashboard") || strings.Contains(string(v.Raw), "dash_") {
			t.Errorf("%s, not an admin, sees the dashboard: %s", user, v.Raw)
		}
	}
}

func TestDashboardNeedsAttentionEndToEnd(t *testing.T) {
	r, a := startApp(t)
	db, p := seedPairing(t, r)
	ctx := context.Background()
	for _, pr := range []store.Profile{
		{SlackID: "UCAT", Name: "Cat Mentor", Role: store.RoleMentor, Capacity: 1},
		{SlackID: "UDAN", Name: "Dan Mentee", Role: store.RoleMentee},
	} {
		pr.Cadence, pr.Timezone = store.CadenceWeekly, "UTC"
		if _, err := db.SaveProfile(ctx, pr); err != nil {
			t.Fatal(err)
		}
	}
	q, err := db.CreatePairing(ctx, store.NewPairing{MentorSlack: "UCAT", MenteeSlack: "UDAN"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.MarkAtRisk(ctx, q.ID, store.RiskNotMeeting); err != nil {
		t.Fatal(err)
	}
	r.openHome("UADMIN", "have not met for 3 check-ins")

	// Bob asks for help: the admin's tab shows it without being opened.
	r.at(a, "2026-11-02 10:00")
	r.click("UBOB", r.waitDM("UBOB", "Did you meet"), "checkin_need_help")
	home := r.waitHome("UADMIN", "asked for help")
	homeHasNoCodes(t, home)
	if !strings.Contains(string(home.Raw), "*Needs attention* (2)") {
		t.Errorf("two pairings need attention: %s", home.Raw)
	}

	// Message them: a group DM of the admin and the two, greeted once.
	group := func() string { return r.fake.Conversation("UADMIN", "UANN", "UBOB") }
	r.clickHome("UADMIN", "dash_message", idString(p.ID))
	r.waitMessage(group, "from the mentorship program here")
	r.clickHome("UADMIN", "dash_message", idString(p.ID))
	r.waitDM("UADMIN", "Your group DM with Ann Mentor and Bob Mentee is open")
	if n := r.countMessages(group(), "from the mentorship program here"); n != 1 {
		t.Errorf("%d greetings in the group DM, want 1", n)
	}
	r.auditOf("dashboard message", 2, store.OutcomeOK)

	// Mark handled takes Ann and Bob off; a second click changes nothing.
	r.clickHome("UADMIN", "dash_mark_handled", idString(p.ID))
	r.waitHome("UADMIN", "*Needs attention* (1)", "asked for help")
	r.auditOf("dashboard mark handled", 1, store.OutcomeOK)

	// End pairing ends Cat and Dan's, tells both kindly, refreshes the tab.
	r.clickHome("UADMIN", "dash_end_pairing", idString(q.ID))
	r.waitDM("UCAT", "your mentorship pairing with Dan Mentee has ended")
	r.waitDM("UDAN", "your mentorship pairing with Cat Mentor has ended")
	r.waitHome("UADMIN", "Nothing right now")
	if e := r.auditOf("dashboard end pairing", 1, store.OutcomeOK); e[0].Target != "pairing "+idString(q.ID) || e[0].ActorID != "UADMIN" {
		t.Errorf("audit entry %+v", e[0])
	}
	if ps, _ := r.db().ActivePairings(ctx, "UDAN"); len(ps) != 0 {
		t.Errorf("Dan is still paired: %+v", ps)
	}
}

// Two admins click End pairing at the same moment: it ends once, each
// person is told once, and the second admin hears it had already ended.
func TestDashboardEndPairingConcurrently(t *testing.T) {
	r, a, p, admins := twoAdminsAndAFlaggedPairing(t, store.RiskNeedHelp)
	r.clickTogether(admins, "End pairing", "dash_end_pairing", idString(p.ID))
	r.auditOf("dashboard end pairing", 1, store.OutcomeOK)
	r.auditOf("dashboard end pairing", 1, store.OutcomeError)
	a.bot.WaitIdle()
	if n := len(r.auditOf("dashboard end pairing", 1, store.OutcomeOK)); n != 1 {
		t.Errorf("ended %d times", n)
	}
	for _, who := range []string{"UANN", "UBOB"} {
		// (The end-of-pairing feedback prompt, which the dispatcher may
		// send meanwhile, says "has ended" too.)
		if n := len(r.dms(who, "your mentorship pairing with")); n != 1 {
			t.Errorf("%s was told %d times", who, n)
		}
	}
	r.waitDMOrEphemeral(map[bool]string{true: "UADMIN", false: eve.ID}[r.auditOf("dashboard end pairing", 1, store.OutcomeError)[0].ActorID == "UADMIN"], "already ended")
	for _, admin := range admins {
		r.waitHome(admin, "Nothing right now")
	}
}

func TestDashboardRunMatchingReportAnnounce(t *testing.T) {
	r := startBot(t)
	r.signUp("UANN", mentorForm("Go"))
	r.signUp("UBOB", menteeForm("Go", "UDAN"))
	r.openHome("UADMIN", "Run matching")

	r.clickHome("UADMIN", "dash_run_matching", "match")
	preview := r.waitDM("UADMIN", "Matching preview")
	r.waitHome("UADMIN", "1 pair")
	r.click("UADMIN", preview, "match_confirm")
	r.waitHome("UADMIN", `*Active pairings*\n1`)
	r.auditOf("dashboard match", 1, store.OutcomeOK)
	r.auditOf("match confirm", 1, store.OutcomeOK)

	r.clickHome("UADMIN", "dash_report", "report")
	r.waitDM("UADMIN", "Program report")
	r.auditOf("report", 1, store.OutcomeOK)

	r.clickHome("UADMIN", "dash_announce", "announce")
	v := r.waitView("UADMIN", "dash_announce")
	if payload := r.submit("UADMIN", v.ID, formValues{"dash_channel": val(slackfake.Value{SelectedConversation: r.fake.DefaultChannel()})}); payload != nil {
		t.Fatalf("announce form refused: %v", payload)
	}
	r.waitMessage(func() string { return r.fake.DefaultChannel() }, "Join our mentorship program")
	r.auditOf("announce", 1, store.OutcomeOK)
}
