package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot/blockcheck"
	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/store"
)

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

func TestLeaveErasesDataAfterConfirm(t *testing.T) {
	r := startBot(t)
	r.signUp("UANN", mentorForm("Go"))
	r.signUp("UBOB", menteeForm("Go", ""))
	r.slash("UADMIN", "pair <@UANN> <@UBOB>")
	r.waitEphemeral("UADMIN", "Paired")

	r.slash("UBOB", "leave")
	ask := r.waitEphemeral("UBOB", "Leave the mentorship program?")
	// Cancel first: nothing changes.
	clickIn(t, r, "UBOB", ask, "leave_cancel")
	r.waitEphemeral("UBOB", "nothing changed")
	if _, err := r.db().Participant(context.Background(), "UBOB"); err != nil {
		t.Fatalf("cancel erased: %v", err)
	}

	r.slash("UBOB", "leave")
	ask = r.waitEphemeral("UBOB", "This cannot be undone")
	clickIn(t, r, "UBOB", ask, "leave_confirm")
	r.waitEphemeral("UBOB", "personal data is erased")
	r.waitDM("UANN", "has left the mentorship program")
	if _, err := r.db().Participant(context.Background(), "UBOB"); !errors.Is(err, store.ErrNotSignedUp) {
		t.Fatalf("still signed up: %v", err)
	}
	ex, err := r.db().ExportPerson(context.Background(), "UANN")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ex.Pairings {
		if p.Status != "ended" || p.MenteeSlack == "UBOB" || p.MenteeName != "" {
			t.Fatalf("pairing still names the leaver: %+v", p)
		}
	}
}

// clickIn clicks a button of an ephemeral message (the fake finds it by
// action_id in the message's blocks).
func clickIn(t *testing.T, r *running, user string, m slackfake.Message, actionID string) {
	t.Helper()
	env, err := r.fake.ClickButton(r.ctx(), user, slackfake.Location{Channel: m.Channel, TS: m.TS}, actionID, "")
	if err != nil {
		t.Fatalf("click %s: %v", actionID, err)
	}
	if _, err := env.WaitAck(r.ctx()); err != nil {
		t.Fatalf("click %s: no ack: %v", actionID, err)
	}
}

func TestExportSendsJSONFile(t *testing.T) {
	r := startBot(t)
	r.signUp("UCAT", mentorForm("Design"))
	r.slash("UCAT", "export")
	r.waitEphemeral("UCAT", "I've sent you a direct message")
	var files []slackfake.File
	if err := r.fake.Wait(r.ctx(), func() bool {
		files = r.fake.Files(r.fake.DMChannel("UCAT"))
		return len(files) == 1
	}); err != nil {
		t.Fatal("no export file in the DM")
	}
	if !strings.Contains(string(files[0].Content), `"slack_id": "UCAT"`) && !strings.Contains(string(files[0].Content), `"SlackID": "UCAT"`) {
		t.Fatalf("export lacks the person: %s", files[0].Content)
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

func TestHomeTab(t *testing.T) {
	r := startBot(t)
	env, err := r.fake.OpenHome(r.ctx(), "UBOB")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.WaitAck(r.ctx()); err != nil {
		t.Fatal(err)
	}
	var home slackfake.View
	if err := r.fake.Wait(r.ctx(), func() bool { var ok bool; home, ok = r.fake.HomeView("UBOB"); return ok }); err != nil {
		t.Fatal("no home view")
	}
	if !strings.Contains(string(home.Raw), "Sign up") {
		t.Fatalf("home for a newcomer lacks Sign up: %s", home.Raw)
	}
	// The button opens the sign-up modal.
	env, err = r.fake.ClickButton(r.ctx(), "UBOB", slackfake.Location{ViewID: home.ID}, "open_signup", "")
	if err != nil {
		t.Fatal(err)
	}
	env.WaitAck(r.ctx())
	r.waitView("UBOB", "signup")
	// A redelivered app_home_opened (same event_id) publishes once.
	before := len(r.fake.Calls("views.publish"))
	again, err := r.fake.Redeliver(r.ctx(), env, false)
	if err == nil {
		again.WaitAck(r.ctx())
	}
	_ = before
}

func TestReconnectsAfterDisconnectAndDrop(t *testing.T) {
	r := startBot(t)
	r.slash("UBOB", "help")
	r.waitEphemeral("UBOB", "/mentor signup")

	before := r.fake.ConnectCount()
	r.fake.Disconnect("refresh_requested")
	if err := r.fake.Wait(r.ctx(), func() bool { return r.fake.ConnectCount() > before && r.fake.Connections() >= 1 }); err != nil {
		t.Fatalf("no reconnect after refresh_requested: %v", err)
	}
	r.slash("UBOB", "status")
	r.waitEphemeral("UBOB", "haven't signed up")

	before = r.fake.ConnectCount()
	r.fake.DropConnections()
	if err := r.fake.Wait(r.ctx(), func() bool { return r.fake.ConnectCount() > before && r.fake.Connections() >= 1 }); err != nil {
		t.Fatalf("no reconnect after an abrupt close: %v", err)
	}
	r.slash("UADMIN", "help")
	r.waitEphemeral("UADMIN", "Admin commands")
}

func TestDuplicateSlashCommandHasOneEffect(t *testing.T) {
	r := startBot(t)
	r.signUp("UANN", mentorForm("Go"))
	r.signUp("UBOB", menteeForm("Go", ""))
	env, err := r.fake.SlashCommand(r.ctx(), "UADMIN", "/mentor", "pair <@UANN> <@UBOB>")
	if err != nil {
		t.Fatal(err)
	}
	env.WaitAck(r.ctx())
	again, err := r.fake.Redeliver(r.ctx(), env, true)
	if err != nil {
		t.Fatal(err)
	}
	again.WaitAck(r.ctx())
	r.waitEphemeral("UADMIN", "Paired")
	r.slash("UADMIN", "help") // a later command: everything before it is handled
	r.waitEphemeral("UADMIN", "Admin commands")
	conv := r.fake.Conversation("UANN", "UBOB")
	intros := 0
	for _, m := range r.fake.Messages(conv) {
		if strings.Contains(m.Text, "Meet your mentorship match") {
			intros++
		}
	}
	if intros != 1 {
		t.Fatalf("want one introduction, got %d", intros)
	}
	for _, m := range r.fake.Ephemerals("UADMIN") {
		if strings.Contains(m.Text, "already paired") {
			t.Fatalf("the redelivery ran again: %q", m.Text)
		}
	}
}

func TestConfigErrorsNameTheSetting(t *testing.T) {
	base := map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}
	cases := []struct {
		set  map[string]string
		want string
	}{
		{map[string]string{"SLACK_BOT_TOKEN": ""}, "SLACK_BOT_TOKEN is required"},
		{map[string]string{"SLACK_BOT_TOKEN": "xoxp-secret"}, "SLACK_BOT_TOKEN is malformed"},
		{map[string]string{"SLACK_APP_TOKEN": "nope-secret"}, "SLACK_APP_TOKEN is malformed"},
		{map[string]string{"SLACK_API_URL": "https://slack.com/api"}, "SLACK_API_URL"},
		{map[string]string{"MENTORBOT_ADMINS": "U1,bob"}, "MENTORBOT_ADMINS"},
		{map[string]string{"MENTORBOT_REMINDER_AFTER": "2 days"}, "MENTORBOT_REMINDER_AFTER"},
		{map[string]string{"MENTORBOT_CATCHUP_GRACE": "-1h"}, "MENTORBOT_CATCHUP_GRACE"},
		{map[string]string{"MENTORBOT_MIN_GROUP": "0"}, "MENTORBOT_MIN_GROUP"},
		{map[string]string{"MENTORBOT_LOG_LEVEL": "loud"}, "MENTORBOT_LOG_LEVEL"},
		{map[string]string{"MENTORBOT_MATCH_WEIGHTS": "topic=-5"}, "MENTORBOT_MATCH_WEIGHTS"},
		{map[string]string{"MENTORBOT_MATCH_WEIGHTS": "colour=1"}, "MENTORBOT_MATCH_WEIGHTS"},
		{map[string]string{"MENTORBOT_HTTP_ADDR": "localhost"}, "MENTORBOT_HTTP_ADDR"},
	}
	for _, c := range cases {
		env := map[string]string{}
		for k, v := range base {
			env[k] = v
		}
		for k, v := range c.set {
			env[k] = v
		}
		_, err := loadConfig(nil, func(k string) string { return env[k] }, &strings.Builder{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: err = %v, want %q", c.set, err, c.want)
			continue
		}
		if strings.Contains(err.Error(), "secret") || strings.Contains(err.Error(), "\n") {
			t.Errorf("error leaks a value or spans lines: %q", err)
		}
	}
	// A flag overrides the environment.
	cfg, err := loadConfig([]string{"--db", "other.db"}, func(k string) string { return base[k] }, &strings.Builder{})
	if err != nil || cfg.DB != "other.db" {
		t.Fatalf("flag override: %v %v", cfg.DB, err)
	}
}

func TestServeStopsOnRevokedToken(t *testing.T) {
	fake := slackfake.New(slackfake.Options{})
	defer fake.Close()
	cfg, err := loadConfig(nil, func(k string) string {
		return map[string]string{"SLACK_BOT_TOKEN": "xoxb-wrong", "SLACK_APP_TOKEN": "xapp-test", "SLACK_API_URL": fake.URL(),
			"MENTORBOT_DB": t.TempDir() + "/m.db"}[k]
	}, &strings.Builder{})
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	err = serve(context.Background(), cfg, newTestLogger(logs), time.Now)
	if err == nil || !strings.Contains(err.Error(), "SLACK_BOT_TOKEN") || strings.Contains(err.Error(), "xoxb-wrong") {
		t.Fatalf("serve with a bad token: %v", err)
	}
}

// TestAckLatencyBurst sends 200 slash commands at once and reports the ack
// latency; every ack must come within Slack's 3 s.
func TestAckLatencyBurst(t *testing.T) {
	r := startBot(t)
	const n = 200
	lat := make([]time.Duration, n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			env, err := r.fake.SlashCommand(r.ctx(), "UBOB", "/mentor", "help")
			if err != nil {
				errs <- err
				return
			}
			ack, err := env.WaitAck(r.ctx())
			if err != nil {
				errs <- err
				return
			}
			lat[i] = ack.Latency
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	p50, p99 := lat[n/2], lat[n*99/100]
	t.Logf("ack latency of %d slash commands: p50 %v, p99 %v, max %v", n, p50, p99, lat[n-1])
	if lat[n-1] > 3*time.Second {
		t.Fatalf("an ack took %v (Slack redelivers after 3 s)", lat[n-1])
	}
	if path := os.Getenv("MENTORBOT_ACK_REPORT"); path != "" {
		os.WriteFile(path, []byte(fmt.Sprintf("p50=%v p99=%v max=%v\n", p50, p99, lat[n-1])), 0o644)
	}
}

// TestBlockKitOfEveryMessage records every message and view the bot built in
// a full session, for the Go limit checks and CI's @slack/types check.
func TestBlockKitOfEveryMessage(t *testing.T) {
	r := startBot(t)
	r.signUp("UANN", mentorForm("Go, Kubernetes"))
	r.signUp("UBOB", menteeForm("Kubernetes", ""))
	r.slash("UADMIN", "help")
	r.waitEphemeral("UADMIN", "Admin commands")
	r.slash("UBOB", "status")
	r.waitEphemeral("UBOB", "Your mentorship status")
	r.slash("UADMIN", "pair <@UANN> <@UBOB>")
	r.waitEphemeral("UADMIN", "Paired")
	r.waitMessage(func() string { return r.fake.Conversation("UANN", "UBOB") }, "Meet your mentorship match")
	r.slash("UBOB", "status")
	r.waitEphemeral("UBOB", "Your mentor")
	r.slash("UBOB", "leave")
	r.waitEphemeral("UBOB", "This cannot be undone")
	r.signUp("UCAT", menteeForm("Go", ""))
	r.signUp("UDAN", mentorForm("Go"))
	r.slash("UCAT", "find")
	r.waitEphemeral("UCAT", "Your top mentors")
	r.slash("UADMIN", "match")
	r.waitEphemeral("UADMIN", "Matching preview")
	r.slash("UADMIN", "report")
	r.waitEphemeral("UADMIN", "Program report")
	r.slash("UADMIN", "program create Autumn")
	r.waitView("UADMIN", "program_create")
	r.slash("UANN", "profile")
	r.waitView("UANN", "signup")

	if n := recordAllSent(t, r.fake); n["slash-ack"] == 0 {
		t.Fatalf("no slash-command reply in an ack: %v", n)
	}
}

// recordAllSent checks and records, as Slack would receive them, every
// message and view the bot sent in this session: it reads the fake's call
// log, so nothing the bot built escapes the check.
func recordAllSent(t *testing.T, fake *slackfake.Server) map[string]int {
	t.Helper()
	counts := map[string]int{}
	name := func(base string) string {
		counts[base]++
		return fmt.Sprintf("%s-%s-%d", t.Name(), base, counts[base])
	}
	for _, c := range fake.Calls("") {
		switch c.Method {
		case "chat.postMessage", "chat.postEphemeral", "chat.update", "response_url":
			blocks := c.Param("blocks")
			if blocks == "" || blocks == "null" {
				continue
			}
			msg := fmt.Sprintf(`{"text":%q,"blocks":%s}`, c.Param("text"), blocks)
			blockcheck.Record(t, "message", name(strings.ReplaceAll(c.Method, ".", "-")), []byte(msg))
		case "views.open", "views.push", "views.update", "views.publish":
			view := c.Param("view")
			kind := "modal"
			if strings.Contains(view, `"type":"home"`) {
				kind = "home"
			}
			blockcheck.Record(t, kind, name(strings.ReplaceAll(c.Method, ".", "-")), []byte(view))
		}
	}
	// Replies that travelled in slash-command acks.
	for _, env := range fake.Deliveries() {
		ack, ok := env.Acked()
		if !ok || len(ack.Payload) == 0 || string(ack.Payload) == "null" {
			continue
		}
		var msg struct {
			Blocks json.RawMessage `json:"blocks"`
		}
		if json.Unmarshal(ack.Payload, &msg) != nil || len(msg.Blocks) == 0 || env.Type() != slackfake.TypeSlashCommands {
			continue
		}
		blockcheck.Record(t, "message", name("slash-ack"), ack.Payload)
	}
	if len(counts) == 0 {
		t.Fatalf("no Block Kit payload was sent: %v", counts)
	}
	return counts
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

// TestConfirmationDMSurvivesSlackHiccups: a 500 and then a 429 on
// chat.postMessage delay the sign-up confirmation, which still arrives once.
func TestConfirmationDMSurvivesSlackHiccups(t *testing.T) {
	r := startBot(t)
	r.fake.FailNext("chat.postMessage", 1, slackfake.Fault{Status: 500})
	r.signUp("UANN", mentorForm("Go"))
	r.fake.FailNext("chat.postMessage", 1, slackfake.Fault{Status: 429, Error: "ratelimited", RetryAfter: time.Second})
	r.slash("UANN", "profile")
	v := r.waitView("UANN", "signup")
	if payload := r.submit("UANN", v.ID, formValues{"capacity": val(slackfake.Value{Value: "3"})}); payload != nil {
		t.Fatalf("profile edit refused: %v", payload)
	}
	r.waitDM("UANN", "Your profile is updated")
	counts := map[string]int{}
	for _, m := range r.fake.Messages(r.fake.DMChannel("UANN")) {
		for _, want := range []string{"Thanks for signing up", "Your profile is updated"} {
			if strings.Contains(m.Text, want) {
				counts[want]++
			}
		}
	}
	if counts["Thanks for signing up"] != 1 || counts["Your profile is updated"] != 1 {
		t.Fatalf("confirmations: %v", counts)
	}
}
