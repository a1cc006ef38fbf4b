package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// TestNoSecretsInDebugLogs runs a whole session at debug level (sign-ups,
// a pairing, a check-in and its answer, feedback through the modal, an
// export, a refused admin command, a leave) and then searches everything
// serve logged for tokens and for the feedback's words.
func TestNoSecretsInDebugLogs(t *testing.T) {
	r, a := startApp(t)
	leaverSession(t, r) // sign-ups with markers, pair, feedback with markers

	r.at(a, "2026-11-02 10:00") // Bob's Monday check-in (London)
	checkin := r.waitDM("UBOB", "Did you meet")
	r.click("UBOB", checkin, "checkin_met")
	r.waitDM("UBOB", "Your answer: *Met*")

	// A feedback prompt answered through its button, too.
	r.at(a, "2026-12-01 14:00")
	prompt := r.waitDM("UBOB", "How is your mentorship with")
	r.click("UBOB", prompt, "feedback_open")
	v := r.waitView("UBOB", "feedback")
	if payload := r.submit("UBOB", v.ID, formValues{
		"rating":    val(slackfake.Value{SelectedOption: "1"}),
		"went_well": val(slackfake.Value{Value: "MKPROMPT7q2x nothing <!here>"}),
	}); payload != nil {
		t.Fatalf("feedback refused: %v", payload)
	}
	r.waitDM("UBOB", "was received")

	r.slash("UBOB", "export")
	r.waitEphemeral("UBOB", "I've sent you a direct message")
	r.slash("UBOB", "program create Secret")
	r.waitEphemeral("UBOB", "for program admins")
	r.fake.FailNext("chat.postMessage", 1, slackfake.Fault{Status: 500})
	r.slash("UBOB", "leave")
	ask := r.waitEphemeral("UBOB", "This cannot be undone")
	clickIn(t, r, "UBOB", ask, "leave_confirm")
	r.waitEphemeral("UBOB", "personal data is erased")
	r.shutdown()

	logs := r.logs.String()
	if !strings.Contains(logs, "level=DEBUG") {
		t.Fatal("nothing was logged at debug level: the check would prove nothing")
	}
	secrets := []string{"xoxb-", "xapp-", "MKWELL7q2x", "we met twice", "MKCHANGE7q2x", "MKPROGRESS7q2x", "halfway there", "MKPROMPT7q2x"}
	for _, s := range secrets {
		if i := strings.Index(logs, s); i >= 0 {
			t.Errorf("the logs contain %q: …%s…", s, logs[max(0, i-200):min(len(logs), i+80)])
		}
	}
	t.Logf("%d log lines searched", strings.Count(logs, "\n"))
}

// Real-looking secrets: what a leak would print.
const (
	realBotToken = "xoxb-2718281828-3141592653589-Zq8YvN3kLm0PxR7tWc2sHb4D"
	realAppToken = "xapp-1-A0123456789-1234567890123-0f1e2d3c4b5a69788796a5b4c3d2e1f0"
	realUserTok  = "xoxp-1111111111-2222222222222-3333333333333-9f8e7d6c5b4a39281706f5e4d3c2b1a0"
	dbPassword   = "Hunter2Pass0rd"
	postgresURL  = "postgres://mentor:" + dbPassword + "@db.internal:5432/mentorbot"
)

// secretEnv is an environment holding every secret a deployment has, plus
// what the case overrides.
func secretEnv(over map[string]string) func(string) string {
	env := map[string]string{"SLACK_BOT_TOKEN": realBotToken, "SLACK_APP_TOKEN": realAppToken, "MENTORBOT_DB": postgresURL}
	for k, v := range over {
		env[k] = v
	}
	return func(k string) string { return env[k] }
}

// TestNoSecretInUsageOrErrors runs every command's -h, a mistyped flag and
// malformed settings with real-looking tokens (and a database URL with a
// password) in the environment, and searches everything printed and
// returned for them.
func TestNoSecretInUsageOrErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		env  map[string]string
	}{
		{"serve -h", []string{"serve", "-h"}, nil},
		{"serve --help", []string{"serve", "--help"}, nil},
		{"serve mistyped flag", []string{"serve", "--bogus"}, nil},
		{"serve flag without value", []string{"serve", "--bot-token"}, nil},
		{"serve token that lost its flag", []string{"serve", "--bot-token=", realBotToken}, nil},
		{"user token as bot token", []string{"serve"}, map[string]string{"SLACK_BOT_TOKEN": realUserTok}},
		{"tokens swapped", []string{"serve"}, map[string]string{"SLACK_BOT_TOKEN": realAppToken, "SLACK_APP_TOKEN": realBotToken}},
		{"bot token in app token", []string{"serve"}, map[string]string{"SLACK_APP_TOKEN": realBotToken}},
		{"token pasted into admins", []string{"serve"}, map[string]string{"MENTORBOT_ADMINS": "U012ABCDEF," + realBotToken}},
		{"token pasted into weights", []string{"serve"}, map[string]string{"MENTORBOT_MATCH_WEIGHTS": realAppToken}},
		{"token in a weight", []string{"serve"}, map[string]string{"MENTORBOT_MATCH_WEIGHTS": "topic=" + realBotToken}},
		{"bad api url", []string{"serve"}, map[string]string{"SLACK_API_URL": "ftp://x:" + dbPassword + "@h/"}},
		{"playground -h", []string{"playground", "-h"}, nil},
		{"report -h", []string{"report", "-h"}, nil},
		{"report mistyped flag", []string{"report", "--bogus"}, nil},
		{"migrate -h", []string{"migrate", "-h"}, nil},
		{"backup -h", []string{"backup", "-h"}, nil},
		{"audit -h", []string{"audit", "-h"}, nil},
		{"import -h", []string{"import", "-h"}, nil},
		{"match -h", []string{"match", "-h"}, map[string]string{"MENTORBOT_MATCH_WEIGHTS": "topic=" + realBotToken}},
		{"healthcheck -h", []string{"healthcheck", "-h"}, map[string]string{"MENTORBOT_HTTP_ADDR": "127.0.0.1:1"}},
		{"unknown command", []string{"serv"}, nil},
	}
	secrets := []string{realBotToken, realAppToken, realUserTok, dbPassword,
		"Zq8YvN3kLm0PxR7tWc2sHb4D", "0f1e2d3c4b5a69788796a5b4c3d2e1f0", "9f8e7d6c5b4a39281706f5e4d3c2b1a0"}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr strings.Builder
			err := run(context.Background(), tc.args, secretEnv(tc.env), &stdout, &stderr)
			if err == nil {
				t.Fatal("no error: the case proves nothing")
			}
			printed := stdout.String() + stderr.String() + err.Error()
			if len(printed) < 10 {
				t.Fatalf("printed %q", printed)
			}
			for _, s := range secrets {
				if strings.Contains(printed, s) {
					t.Errorf("output contains a secret %q:\n%s", s, printed)
				}
			}
		})
	}
}

// TestUsageShowsBuiltInDefaults: the environment still configures serve,
// and a flag still overrides it; only the usage text no longer shows it.
func TestUsageShowsBuiltInDefaults(t *testing.T) {
	var stderr strings.Builder
	env := secretEnv(map[string]string{"MENTORBOT_MIN_GROUP": "7", "MENTORBOT_DB": "/var/lib/mentorbot/x.db"})
	if _, err := loadConfig([]string{"-h"}, env, &stderr); !errors.Is(err, flag.ErrHelp) {
		t.Fatal(err)
	}
	usage := stderr.String()
	for _, want := range []string{`(default "mentorbot.db")`, `(default "5")`, "$SLACK_BOT_TOKEN"} {
		if !strings.Contains(usage, want) {
			t.Errorf("usage lacks %q:\n%s", want, usage)
		}
	}
	if strings.Contains(usage, "x.db") || strings.Contains(usage, `"7"`) {
		t.Errorf("usage shows an environment value:\n%s", usage)
	}
	cfg, err := loadConfig([]string{"--min-group=9"}, env, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.BotToken != realBotToken || cfg.DB != "/var/lib/mentorbot/x.db" || cfg.MinGroup != 9 {
		t.Fatalf("config %+v", cfg.MinGroup)
	}
}

// TestLoggerScrubsSecrets: the last line of defence, for a token or a
// URL password that reaches a log record anyway (in a message, a string
// attribute or an error).
func TestLoggerScrubsSecrets(t *testing.T) {
	var out strings.Builder
	log := newLogger(&out, slog.LevelDebug)
	log.Info("connecting with "+realBotToken, "url", postgresURL, "err", fmt.Errorf("dial: %w", errors.New("refused for "+realAppToken)))
	got := out.String()
	for _, s := range []string{realBotToken, realAppToken, dbPassword} {
		if strings.Contains(got, s) {
			t.Errorf("logged %q: %s", s, got)
		}
	}
	if !strings.Contains(got, "postgres://mentor:[redacted]@db.internal:5432/mentorbot") || !strings.Contains(got, "dial: refused for [redacted]") {
		t.Errorf("scrubbed too much or too little: %s", got)
	}
}
