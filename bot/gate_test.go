package bot

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot/blockcheck"
)

// TestRegistrationRequiresARule: a route without a rule, without a handler
// or registered twice never makes it into a router.
func TestRegistrationRequiresARule(t *testing.T) {
	noop := func(context.Context, Request, slack.InteractionCallback, *slack.BlockAction) {}
	cases := []struct {
		name   string
		routes []Route
	}{
		{"zero rule", []Route{OnAction("x", Rule{}, noop)}},
		{"rule without resolver", []Route{OnAction("x", Rule{Refers: RefersSelf}, noop)}},
		{"resolver without a name for what it refers to", []Route{OnAction("x", Rule{Resolve: Self().Resolve}, noop)}},
		{"no handler", []Route{OnAction("x", Self(), nil)}},
		{"no name", []Route{OnAction("", Self(), noop)}},
		{"twice", []Route{OnAction("x", Self(), noop), OnAction("x", AdminOnly(), noop)}},
		{"unknown kind", []Route{{Kind: "shortcut", Name: "x", Rule: Self()}}},
		{"custom arguments without a parser", []Route{OnCommand(CommandSpec{Name: "x", Args: ArgsCustom}, Self(), func(context.Context, Request, Command) {})}},
		{"command twice", []Route{OnCommand(helpCommand, Self(), func(context.Context, Request, Command) {})}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Fatal("registered")
				}
			}()
			New(nil, nil, Config{}).Register(c.routes...)
		})
	}
}

func TestResponseOriginFor(t *testing.T) {
	cases := []struct{ api, want string }{
		{"https://slack.com/api/", SlackResponseOrigin},
		{"https://acme.enterprise.slack.com/api/", SlackResponseOrigin},
		{"http://127.0.0.1:8123/api/", "http://127.0.0.1:8123"},
		{"https://Emulator.Example:8443/api/", "https://emulator.example:8443"},
		{"https://slack.com.evil.example/api/", "https://slack.com.evil.example"},
	}
	for _, c := range cases {
		if got, err := ResponseOriginFor(c.api); err != nil || got != c.want {
			t.Errorf("%s: %q %v, want %q", c.api, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "slack.com/api/", "ftp://x/"} {
		if _, err := ResponseOriginFor(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestResponseURLAllowed: only the configured origin, exactly.
func TestResponseURLAllowed(t *testing.T) {
	var logs strings.Builder
	slackBot := New(nil, nil, Config{Logger: testLogger(&logs)})
	fakeBot := New(nil, nil, Config{ResponseOrigin: "http://127.0.0.1:8123", Logger: testLogger(&logs)})
	cases := []struct {
		b    *Bot
		url  string
		want bool
	}{
		{slackBot, "https://hooks.slack.com/actions/T1/123/abc", true},
		{slackBot, "https://HOOKS.slack.com/commands/T1/123/abc", true},
		{slackBot, "http://hooks.slack.com/actions/T1/123/abc", false},
		{slackBot, "https://hooks.slack.com:8443/actions/T1", false},
		{slackBot, "https://hooks.slack.com.evil.example/actions/T1", false},
		{slackBot, "https://evil@hooks.slack.com/actions/T1", false},
		{slackBot, "https://10.0.0.5/internal", false},
		{slackBot, "http://127.0.0.1:8123/response/1", false},
		{slackBot, "not a url\x7f", false},
		{fakeBot, "http://127.0.0.1:8123/response/1", true},
		{fakeBot, "http://127.0.0.1:8124/response/1", false},
		{fakeBot, "https://127.0.0.1:8123/response/1", false},
		{fakeBot, "https://hooks.slack.com/actions/T1", false},
	}
	for _, c := range cases {
		if got := c.b.responseURLAllowed(c.url); got != c.want {
			t.Errorf("%q: %v, want %v", c.url, got, c.want)
		}
	}
	if strings.Contains(logs.String(), "/internal") || strings.Contains(logs.String(), "/actions/") {
		t.Errorf("a response_url's path was logged:\n%s", logs.String())
	}
	if bad := New(nil, nil, Config{ResponseOrigin: "http://x/path", Logger: testLogger(&logs)}); bad.responseURLAllowed("http://x/path/1") {
		t.Error("an origin with a path is accepted")
	}
}

func testLogger(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

// TestRefusalViewIsValidBlockKit: a refused form becomes this modal.
func TestRefusalViewIsValidBlockKit(t *testing.T) {
	for name, text := range map[string]string{"form": MsgFormNotYours, "admin": MsgAdminsOnly, "stale": MsgStaleButton} {
		blockcheck.Record(t, "modal", "gate-refusal-"+name, refusalView(text))
	}
}
