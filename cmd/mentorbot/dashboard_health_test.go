package main

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/store"
)

// A pairing the scheduler's health job flags (not met for 3 check-ins)
// shows on every admin's dashboard at once: the scheduler tells the bot
// (scheduler.Config.Changes) and the dashboard republishes each admin's
// Home tab, though no one opens it. A non-admin's Home is never the
// dashboard.
func TestHealthFlagRepublishesEveryAdminsDashboard(t *testing.T) {
	r, a := startApp(t, func(c *config) { c.Admins = append(c.Admins, eve.ID) })
	r.fake.AddUser(eve)
	db, p := seedPairing(t, r)
	admins := []string{"UADMIN", eve.ID}

	// Bob answers Not yet three Mondays running (his slot is 10:00 UTC).
	for i, day := range []string{"2026-11-02", "2026-11-09", "2026-11-16"} {
		r.at(a, day+" 10:00")
		checkins := r.dms("UBOB", "Did you meet")
		if len(checkins) != i+1 {
			t.Fatalf("%s: Bob has %d check-ins, want %d", day, len(checkins), i+1)
		}
		r.click("UBOB", checkins[i], "checkin_not_yet")
		if err := r.fake.Wait(r.ctx(), func() bool { return len(r.dms("UBOB", "Your answer: *Not yet*")) == i+1 }); err != nil {
			t.Fatalf("%s: Bob's answer never showed: %v", day, err)
		}
	}
	a.bot.WaitIdle()
	if got, _ := db.PairingByID(r.ctx(), p.ID); got.AtRiskAt != nil {
		t.Fatalf("flagged before the health job ran: %+v", got)
	}
	for _, admin := range admins {
		if n := r.dashboardsPublishedTo(admin); n != 0 {
			t.Fatalf("%s's dashboard was published before anything changed (%d times)", admin, n)
		}
	}

	// The next tick's health job flags the pairing: both dashboards show it.
	r.at(a, "2026-11-16 10:05")
	if got, _ := db.PairingByID(r.ctx(), p.ID); got.AtRiskAt == nil {
		t.Fatalf("the health job did not flag the pairing")
	}
	for _, admin := range admins {
		home := r.waitHome(admin, "have not met for 3 check-ins")
		for _, want := range []string{"Ann Mentor", "Bob Mentee", "End pairing", "Mark handled"} {
			if !strings.Contains(string(home.Raw), want) {
				t.Errorf("%s's dashboard lacks %q", admin, want)
			}
		}
		homeHasNoCodes(t, home)
	}
	for _, e := range r.fake.Deliveries() {
		if strings.Contains(string(e.Payload()), "app_home_opened") {
			t.Errorf("someone opened a Home tab: the test must show the refresh without it")
		}
	}
	for _, user := range []string{"UANN", "UBOB"} {
		if n := r.dashboardsPublishedTo(user); n != 0 {
			t.Errorf("%s, not an admin, was published the dashboard %d times", user, n)
		}
		if v, ok := r.fake.HomeView(user); ok && strings.Contains(string(v.Raw), "dash_") {
			t.Errorf("%s's Home is the dashboard: %s", user, v.Raw)
		}
	}
}

// The dashboard checks again on every publish that the person is a program
// admin, whoever asks (the Home event handler, a refresh, a stale
// caller): a non-admin is never sent it.
func TestDashboardNeverPublishedToANonAdmin(t *testing.T) {
	r := startBot(t)
	r.signUp("UBOB", menteeForm("Go", "UDAN"))
	api := slack.New(r.cfg.BotToken, slack.OptionAPIURL(r.cfg.APIURL))
	_, caps := newBot(api, r.db(), botConfig{core: bot.Config{Admins: []string{"UADMIN"}}})
	caps.dashboard.PublishDashboard(r.ctx(), "UBOB")
	if n := r.dashboardsPublishedTo("UBOB"); n != 0 {
		t.Fatalf("PublishDashboard published to a non-admin (%d calls)", n)
	}
	caps.dashboard.PublishDashboard(r.ctx(), "UADMIN")
	r.waitHome("UADMIN", "Mentorship program dashboard")
}

// Two admins click Mark handled on one pairing at the same moment: it is
// handled once (one audit entry "ok", the other "not open"), the second
// admin hears another admin had handled it, and both tabs drop it.
func TestDashboardMarkHandledConcurrently(t *testing.T) {
	r, _, p, admins := twoAdminsAndAFlaggedPairing(t, store.RiskNotMeeting)
	r.clickTogether(admins, "Mark handled", "dash_mark_handled", idString(p.ID))
	ok := r.auditOf("dashboard mark handled", 1, store.OutcomeOK)
	lost := r.auditOf("dashboard mark handled", 1, store.OutcomeError)
	if len(ok) != 1 || len(lost) != 1 || ok[0].ActorID == lost[0].ActorID {
		t.Fatalf("audit: ok %+v, not open %+v; want one each, by different admins", ok, lost)
	}
	r.waitDMOrEphemeral(lost[0].ActorID, "Another admin has already handled that")
	for _, admin := range admins {
		r.waitHome(admin, "Nothing right now")
	}
}

// Refresh (and the digest's Open the dashboard, the same handler) shows
// confidential names: each is audited like every dashboard action.
func TestDashboardRefreshIsAudited(t *testing.T) {
	r := startBot(t)
	r.openHome("UADMIN", "Refresh")
	r.clickHome("UADMIN", "dash_refresh", "refresh")
	if e := r.auditOf("dashboard refresh", 1, store.OutcomeOK); e[0].ActorID != "UADMIN" {
		t.Errorf("audit entry %+v", e[0])
	}
}

// Only flagged pairings are on the dashboard, so ending one there must not
// read differently from any other ending (an unpair, the partner's Rematch
// me): each person gets the core's one ending text, word for word, and
// nothing that says the pairing was flagged (product.md, Health).
func TestDashboardEndPairingSaysWhatAnyEndingSays(t *testing.T) {
	r, _, p, _ := twoAdminsAndAFlaggedPairing(t, store.RiskNeedHelp)
	r.openHome("UADMIN", "End pairing")
	r.clickHome("UADMIN", "dash_end_pairing", idString(p.ID))
	for _, who := range []string{"UANN", "UBOB"} {
		got := msgText(r.waitDM(who, "your mentorship pairing with"))
		if want := bot.PairingEndedText(p, who); got != want {
			t.Errorf("%s was told %q; any other ending says %q", who, got, want)
		}
	}
}

// dashboardsPublishedTo counts the views.publish calls that sent user the
// dashboard.
func (r *running) dashboardsPublishedTo(user string) int {
	n := 0
	for _, c := range r.fake.Calls("views.publish") {
		if c.Param("user_id") == user && strings.Contains(c.Param("view"), "program dashboard") {
			n++
		}
	}
	return n
}
