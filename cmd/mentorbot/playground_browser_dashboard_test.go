package main

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mentorbot/mentorbot/bot/playground"
	"github.com/mentorbot/mentorbot/store"
)

// attentionCount reads "Needs attention (N)" off the rendered Home tab
// (0 when it says nothing needs attention).
const attentionCountJS = `(() => { const m = /Needs attention \((\d+)\)/.exec(document.querySelector("#home").textContent); return m ? Number(m[1]) : 0; })()`

// recordedAttention counts, from the database, the pairings on Hana's
// *Needs attention* (the count does not depend on the clock).
func recordedAttention(t *testing.T, p *pgRun) int {
	t.Helper()
	d, err := openDB(t, p.db).DashboardData(context.Background(), time.Now(), playground.AdminID, store.DashboardLimits{Attention: 1})
	if err != nil {
		t.Fatal(err)
	}
	return d.AttentionTotal
}

// dashboardStep is the tour's dashboard step (README, step 5): Hana, the
// admin, opens the Home tab after three weeks and sees the dashboard:
// headline figures, the at-risk pairs by name with the reason and their
// buttons, the waiting list and the program buttons; she marks one pairing
// handled, which the bot records and audits, and the tab refreshes.
func dashboardStep(t *testing.T, b *browser, p *pgRun) {
	t.Helper()
	b.become(playground.AdminID)
	b.do("open Home", chromedp.Click(chromedp.ID("nav-home")))
	b.waitJS("dashboard", `document.querySelector("#home").textContent.includes("Mentorship program dashboard")`)
	for _, want := range []string{"Participants", "Waiting for a mentor", "Active pairings", "Check-ins met, last 4 weeks",
		"Needs attention", "Without a mentor", "Matching previews waiting for a decision"} {
		b.waitJS("dashboard shows "+want, fmt.Sprintf(`document.querySelector("#home").textContent.includes(%s)`, js(want)))
	}
	for _, id := range []string{"dash_run_matching", "dash_report", "dash_announce"} {
		b.waitJS("button "+id, fmt.Sprintf(`document.querySelector('#home button[data-action-id=%q]') !== null`, id))
	}
	// After three weeks some pairings are at risk: each is named, with
	// the reason in words and its three buttons.
	b.waitJS("at-risk pairings listed", `document.querySelector('#home button[data-action-id="dash_mark_handled"]') !== null`)
	// The colleagues' last answers may still be refreshing the tab: wait
	// until it shows what the records hold before counting on it.
	before := recordedAttention(t, p)
	b.waitJS("tab up to date", fmt.Sprintf(`%s === %d`, attentionCountJS, before))
	item, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`(() => {
		const btn = document.querySelector('#home button[data-action-id="dash_mark_handled"]');
		const actions = btn.closest(".bk-actions");
		const buttons = [...actions.querySelectorAll("button")].map(b => b.textContent.trim()).join("|");
		return [btn.dataset.value, actions.previousElementSibling.textContent, buttons];
	})()`))
	if err != nil || len(item) != 3 {
		t.Fatalf("reading the first at-risk pairing: %v %v", item, err)
	}
	if item[2] != "Message them|End pairing|Mark handled" {
		t.Errorf("an at-risk pairing's buttons are %q", item[2])
	}
	named := 0
	for _, person := range playground.People() {
		if strings.Contains(item[1], person.Name) {
			named++
		}
	}
	if named < 2 || !regexp.MustCompile(`(asked for help|have not met for 3 check-ins|a rating of 2 or less|can't be messaged|[a-z]+ [a-z]+).* · flagged [0-9]`).MatchString(item[1]) {
		t.Errorf("an at-risk pairing reads %q: want both names (%d found) and the reason in words", item[1], named)
	}
	for _, code := range []string{"need_help", "not_met", "low_rating"} {
		b.waitJS("no internal code "+code, fmt.Sprintf(`!document.querySelector("#home").textContent.includes(%s)`, js(code)))
	}
	b.do("scroll to Needs attention", chromedp.Evaluate[chromedp.Void](`document.querySelector('#home button[data-action-id="dash_mark_handled"]').scrollIntoView({block: "center"})`))
	b.shot("tour-05b-dashboard")

	// Mark handled: the pairing leaves Needs attention, the tab refreshes
	// by itself, and the audit log records who did it.
	b.do("mark handled", chromedp.Click(chromedp.CSS(fmt.Sprintf(`#home button[data-action-id="dash_mark_handled"][data-value=%q]`, item[0]))))
	b.waitJS("pairing handled", fmt.Sprintf(`document.querySelector('#home button[data-action-id="dash_mark_handled"][data-value=%q]') === null && %s === %d`,
		item[0], attentionCountJS, before-1))
	b.shot("tour-05c-marked-handled")
	id, err := strconv.ParseInt(item[0], 10, 64)
	if err != nil {
		t.Fatalf("Mark handled's value %q: %v", item[0], err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	audit, err := openDB(t, p.db).AuditLog(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range audit {
		found = found || (e.Action == "dashboard mark handled" && e.ActorID == playground.AdminID &&
			e.Target == "pairing "+strconv.FormatInt(id, 10) && e.Outcome == store.OutcomeOK)
	}
	if !found {
		t.Errorf("no audit entry of Hana marking pairing %d handled: %+v", id, audit)
	}
}
