package main

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

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
