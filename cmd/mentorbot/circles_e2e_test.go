package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/report"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// circleFolks signs up the circle tests' people directly in the store:
// Ann (mentor, capacity 3), Cat (both, capacity 1), Bob and Dan (mentees)
// and any extra mentees, each with a goal.
func circleFolks(t *testing.T, r *running, extra ...string) *sqldb.DB {
	t.Helper()
	db, err := sqldb.Open(context.Background(), r.cfg.DB, sqldb.Options{Clock: r.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ps := []store.Profile{
		{SlackID: "UANN", Name: "Ann Mentor", Role: store.RoleMentor, Capacity: 3, Goals: "Grow new leads", Timezone: "America/New_York"},
		{SlackID: "UCAT", Name: "Cat Both", Role: store.RoleBoth, Capacity: 1, Goals: "Try leading", Timezone: "Asia/Tokyo"},
		{SlackID: "UBOB", Name: "Bob Mentee", Role: store.RoleMentee, Goals: "Lead my first project", Timezone: "Europe/London"},
		{SlackID: "UDAN", Name: "Dan Mentee", Role: store.RoleMentee, Goals: "Give <b>better</b> feedback & listen", Timezone: "Europe/Paris"},
	}
	for _, id := range extra {
		ps = append(ps, store.Profile{SlackID: id, Name: "Member " + id, Role: store.RoleMentee, Goals: "goal of " + id, Timezone: "UTC"})
	}
	for _, p := range ps {
		p.Cadence = store.CadenceWeekly
		if p.Role != store.RoleMentee {
			p.Teaches = []string{"Leadership"}
		} else {
			p.Learns = []string{"Leadership"}
		}
		if _, err := db.SaveProfile(context.Background(), p); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// createCircle runs `/mentor circle create` as the admin and submits the
// modal with a topic, a size limit and (optionally) a seat cap.
func (r *running) createCircle(name, lead, size, seats string) {
	r.t.Helper()
	r.slash("UADMIN", fmt.Sprintf("circle create %s <@%s>", name, lead))
	v := r.waitView("UADMIN", "circle_create")
	form := formValues{
		"circle_topic": val(slackfake.Value{Value: "Leading a team for the *first* time"}),
		"circle_size":  val(slackfake.Value{Value: size}),
	}
	if seats != "" {
		form["circle_seats"] = val(slackfake.Value{Value: seats})
	}
	if payload := r.submit("UADMIN", v.ID, form); payload != nil {
		r.t.Fatalf("valid circle refused: %v", payload)
	}
	r.waitDM("UADMIN", "Circle *"+name+"* is open")
}

// joinFromHome opens user's App Home and clicks the circle button there
// (Join, or Full), as a person would.
func (r *running) homeClick(user, action, label string) {
	r.t.Helper()
	env, err := r.fake.OpenHome(r.ctx(), user)
	if err != nil {
		r.t.Fatal(err)
	}
	if _, err := env.WaitAck(r.ctx()); err != nil {
		r.t.Fatal(err)
	}
	var home slackfake.View
	if err := r.fake.Wait(r.ctx(), func() bool {
		v, ok := r.fake.HomeView(user)
		home = v
		return ok && strings.Contains(string(v.Raw), `"text":"`+label+`"`)
	}); err != nil {
		v, _ := r.fake.HomeView(user)
		r.t.Fatalf("%s's Home has no %q button: %s\nlogs:\n%s", user, label, v.Raw, r.logs.String())
	}
	env, err = r.fake.ClickButton(r.ctx(), user, slackfake.Location{ViewID: home.ID}, action, "")
	if err != nil {
		r.t.Fatalf("click %s on %s's Home: %v", action, user, err)
	}
	if _, err := env.WaitAck(r.ctx()); err != nil {
		r.t.Fatal(err)
	}
}

// waitReply waits for a private answer to user: an ephemeral message or,
// for a click on App Home (no channel to answer in), a DM.
func (r *running) waitReply(user, want string) {
	r.t.Helper()
	if err := r.fake.Wait(r.ctx(), func() bool {
		for _, m := range append(r.fake.Ephemerals(user), r.fake.Messages(r.fake.DMChannel(user))...) {
			if strings.Contains(msgText(m), want) {
				return true
			}
		}
		return false
	}); err != nil {
		r.t.Fatalf("no reply to %s containing %q; logs:\n%s", user, want, r.logs.String())
	}
}

func TestCircleEndToEnd(t *testing.T) {
	r, a := startWith(t, startOptions{driven: true})
	db := circleFolks(t, r)

	// Gates and bad input change nothing.
	r.slash("UBOB", "circle create Leaders <@UANN>")
	r.waitEphemeral("UBOB", "is for program admins")
	r.slash("UADMIN", "circle create Leaders <@UBOB>")
	r.waitEphemeral("UADMIN", "signed up as a mentee")
	r.slash("UADMIN", "circle create Leaders <@UNOBODY>")
	r.waitEphemeral("UADMIN", "hasn't signed up")
	r.slash("UADMIN", "circle create <@UANN>")
	r.waitEphemeral("UADMIN", "Usage: `/mentor circle create NAME @lead`")
	r.slash("UADMIN", "circle create Bad!Name <@UANN>")
	r.waitEphemeral("UADMIN", "Circle names are 2 to 40 characters")

	r.slash("UADMIN", "circle create Leaders <@UANN>")
	v := r.waitView("UADMIN", "circle_create")
	payload := r.submit("UADMIN", v.ID, formValues{
		"circle_topic": val(slackfake.Value{Value: "   "}),
		"circle_size":  val(slackfake.Value{Value: "13"}),
		"circle_seats": val(slackfake.Value{Value: "-1"}),
	})
	errs, _ := payload["errors"].(map[string]any)
	if payload["response_action"] != "errors" || errs["circle_topic"] == nil || errs["circle_size"] == nil || errs["circle_seats"] == nil {
		t.Fatalf("bad form accepted or errors on the wrong fields: %v", payload)
	}
	if cs, _ := db.OpenCircles(r.ctx()); len(cs) != 0 {
		t.Fatalf("a refused form created %+v", cs)
	}
	if payload := r.submit("UADMIN", v.ID, formValues{
		"circle_topic": val(slackfake.Value{Value: "Leading a team for the *first* time"}),
		"circle_size":  val(slackfake.Value{Value: "2"}),
	}); payload != nil {
		t.Fatalf("valid circle refused: %v", payload)
	}
	r.waitDM("UADMIN", "Circle *Leaders* is open, led by <@UANN>: up to 2 members, weekly check-ins")
	// The same name (any case) while it is open is refused.
	r.slash("UADMIN", "circle create LEADERS <@UCAT>")
	r.waitEphemeral("UADMIN", "There is already an open circle called")

	// Bob finds it with /mentor find and joins.
	r.slash("UBOB", "find")
	found := r.waitEphemeral("UBOB", "Mentoring circles")
	if !strings.Contains(msgText(found), `"text":"Join"`) {
		t.Fatalf("find shows no Join: %s", msgText(found))
	}
	if _, err := r.fake.ClickButton(r.ctx(), "UBOB", slackfake.Location{Channel: found.Channel, TS: found.TS}, "circle_join", ""); err != nil {
		t.Fatal(err)
	}
	r.waitEphemeral("UBOB", "You're in! You joined the circle *Leaders*")
	intro := r.waitMessage(func() string { return r.fake.Conversation("UANN", "UBOB") }, "Welcome to the mentoring circle *Leaders*")
	for _, want := range []string{"Lead my first project", "Grow new leads", "Leading a team for the \\*first\\* time"} {
		if !strings.Contains(msgText(intro), want) && !strings.Contains(msgText(intro), strings.ReplaceAll(want, "\\", "")) {
			t.Errorf("intro lacks %q: %s", want, msgText(intro))
		}
	}

	// Dan joins from App Home: a new group DM of the three, goals escaped.
	r.homeClick("UDAN", "circle_join", "Join")
	r.waitReply("UDAN", "You're in!")
	intro3 := r.waitMessage(func() string { return r.fake.Conversation("UANN", "UBOB", "UDAN") }, "Welcome to the mentoring circle")
	if !strings.Contains(msgText(intro3), "Give &lt;b&gt;better&lt;/b&gt; feedback &amp; listen") {
		t.Errorf("Dan's goal not escaped in the intro: %s", intro3.Blocks)
	}
	// Full: Cat's Home says so, and a click is answered kindly.
	r.homeClick("UCAT", "circle_join", "Full")
	r.waitReply("UCAT", "just filled up")
	if ms, _ := db.CircleMembers(r.ctx(), 1); len(ms) != 3 {
		t.Fatalf("members %+v", ms)
	}
	// Ann's capacity: 3 minus 2 circle seats.
	if ann, _ := db.Participant(r.ctx(), "UANN"); ann.CircleSeats != 2 {
		t.Fatalf("Ann's circle seats %d", ann.CircleSeats)
	}

	// Check-ins per person on the circle's cadence, each private.
	r.at(a, "2026-11-02 15:00")
	bob := r.waitDM("UBOB", "Did the circle *Leaders* meet since the last check-in?")
	dan := r.waitDM("UDAN", "Did the circle *Leaders* meet")
	r.waitDM("UANN", "Did the circle *Leaders* meet")
	r.click("UBOB", bob, "circle_checkin_met")
	r.waitDM("UBOB", "You answered *Met*")
	r.click("UDAN", dan, "circle_checkin_need_help")
	r.waitDM("UADMIN", "<@UDAN> asked for help with the mentoring circle *Leaders* (led by <@UANN>)")
	r.waitDM("UDAN", "A program admin will reach out")
	// The answered check-in has no buttons left.
	if _, err := r.fake.ClickButton(r.ctx(), "UBOB", slackfake.Location{Channel: bob.Channel, TS: bob.TS}, "circle_checkin_not_yet", ""); err == nil {
		t.Fatal("the answered check-in still has buttons")
	}
	if c, _ := db.OpenCircleByName(r.ctx(), "leaders"); c.AtRiskReason != store.RiskNeedHelp {
		t.Fatalf("circle not flagged for admins: %+v", c)
	}
	// The admins' dashboard shows the circle by name with the reason.
	env, err := r.fake.OpenHome(r.ctx(), "UADMIN")
	if err != nil {
		t.Fatal(err)
	}
	env.WaitAck(r.ctx())
	if err := r.fake.Wait(r.ctx(), func() bool {
		v, ok := r.fake.HomeView("UADMIN")
		return ok && strings.Contains(jsonUnescaper.Replace(string(v.Raw)), "Circle *Leaders* led by <@UANN> needs attention: asked for help")
	}); err != nil {
		v, _ := r.fake.HomeView("UADMIN")
		t.Fatalf("dashboard lacks the circle: %s", v.Raw)
	}
	// The report counts the circle; two people answered, fewer than the
	// minimum group of 5, so the answers are suppressed.
	raw, err := db.ReportData(r.ctx(), report.Scope{})
	if err != nil {
		t.Fatal(err)
	}
	if c := report.Build(raw, 5).Circles; c == nil || c.Active != 1 || c.Members != 2 || c.CheckinsSent != 3 || c.CheckinsAnswered != nil || c.MetRate != nil {
		t.Fatalf("report circles %+v", c)
	}
	for _, who := range []string{"UANN", "UBOB"} {
		for _, m := range r.fake.Messages(r.fake.DMChannel(who)) {
			if strings.Contains(msgText(m), "asked for help") || strings.Contains(msgText(m), "UDAN") {
				t.Errorf("%s learnt of Dan's answer: %s", who, msgText(m))
			}
		}
	}

	// The admin lists and closes; Bob left before and gets no prompt.
	r.slash("UADMIN", "circle list")
	r.waitEphemeral("UADMIN", "*Leaders* led by <@UANN>: 2 of 2 seats taken")
	r.homeClick("UBOB", "circle_leave", "Leave circle")
	r.waitReply("UBOB", "You left the circle *Leaders*")
	r.slash("UADMIN", "circle close Nope")
	r.waitEphemeral("UADMIN", "There is no open circle called")
	r.slash("UADMIN", "circle close Leaders")
	r.waitEphemeral("UADMIN", "Circle *Leaders* is closed")
	r.waitDM("UDAN", "the mentoring circle *Leaders* has ended")
	r.at(a, "2026-11-02 15:01")
	prompt := r.waitDM("UDAN", "The circle *Leaders* has ended. How was it for you?")
	r.waitDM("UANN", "The circle *Leaders* has ended. How was it for you?")
	if n := len(r.dms("UBOB", "How was it for you")); n != 0 {
		t.Fatalf("Bob, who left, got %d closing prompts", n)
	}
	r.click("UDAN", prompt, "circle_feedback_open")
	fv := r.waitView("UDAN", "circle_feedback")
	if payload := r.submit("UDAN", fv.ID, formValues{"rating": val(slackfake.Value{SelectedOption: "4"}), "went_well": val(slackfake.Value{Value: "CIRCLESECRET"})}); payload != nil {
		t.Fatalf("feedback refused: %v", payload)
	}
	r.waitDM("UDAN", "Thanks for your feedback on the circle *Leaders*")
	if strings.Contains(r.logs.String(), "CIRCLESECRET") {
		t.Error("feedback text in the logs")
	}
}

// A circle of up to 7 members (8 people with the lead: what
// conversations.open takes besides the bot) lives in a group DM; from 8
// members it is a private channel, created with the circle, each joiner
// invited and welcomed.
func TestCircleGroupDMvsPrivateChannelBoundary(t *testing.T) {
	var extra []slackfake.User
	var ids []string
	for i := 1; i <= 8; i++ {
		id := fmt.Sprintf("UM%d", i)
		ids = append(ids, id)
		extra = append(extra, slackfake.User{ID: id, Name: strings.ToLower(id), RealName: "Member " + id, TZ: "UTC"})
	}
	r, _ := startWith(t, startOptions{driven: true, users: extra})
	db := circleFolks(t, r, ids...)
	r.createCircle("Seven", "UANN", "7", "0")
	for _, id := range ids[:7] {
		r.homeClick(id, "circle_join", "Join")
		r.waitReply(id, "You're in!")
	}
	all := append([]string{"UANN"}, ids[:7]...)
	r.waitMessage(func() string { return r.fake.Conversation(all...) }, "goal of UM7")
	r.homeClick(ids[7], "circle_join", "Full")
	r.waitReply(ids[7], "just filled up")

	r.slash("UADMIN", "circle create Eight <@UCAT>")
	v := r.waitView("UADMIN", "circle_create")
	if payload := r.submit("UADMIN", v.ID, formValues{"circle_topic": val(slackfake.Value{Value: "Big"}), "circle_size": val(slackfake.Value{Value: "8"}),
		"circle_seats": val(slackfake.Value{Value: "1"})}); payload != nil {
		t.Fatalf("refused: %v", payload)
	}
	created := r.waitDM("UADMIN", "Circle *Eight* is open")
	if !strings.Contains(created.Text, "too big for a group DM") || !strings.Contains(created.Text, "private channel") {
		t.Fatalf("the admin is not told about the private channel: %s", created.Text)
	}
	c, err := db.OpenCircleByName(r.ctx(), "Eight")
	if err != nil || !c.PrivateChannel || c.ChannelID == "" {
		t.Fatalf("circle %+v, %v", c, err)
	}
	r.waitMessage(func() string { return c.ChannelID }, "Welcome to the mentoring circle *Eight*")
	for _, id := range ids {
		env, err := r.fake.OpenHome(r.ctx(), id)
		if err != nil {
			t.Fatal(err)
		}
		env.WaitAck(r.ctx())
		var home slackfake.View
		r.fake.Wait(r.ctx(), func() bool { home, _ = r.fake.HomeView(id); return strings.Contains(string(home.Raw), "Eight") })
		if _, err := r.fake.ClickButton(r.ctx(), id, slackfake.Location{ViewID: home.ID}, "circle_join", fmt.Sprint(c.ID)); err != nil {
			t.Fatalf("%s join Eight: %v", id, err)
		}
		r.waitMessage(func() string { return c.ChannelID }, "Please welcome Member "+id)
	}
	var members []string
	for _, conv := range r.fake.ConversationsOf("UCAT") {
		if conv.ID == c.ChannelID {
			if conv.Kind != slackfake.KindPrivate {
				t.Fatalf("circle channel is a %s", conv.Kind)
			}
			members = conv.Members
		}
	}
	if len(members) != 9 {
		t.Fatalf("private channel members %v, want the lead and 8 members", members)
	}
}
