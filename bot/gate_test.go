package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot/blockcheck"
	"github.com/mentorbot/mentorbot/store"
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

// gateStore answers the gate's lookups from maps.
type gateStore struct {
	Store
	deliveries map[int64]store.Delivery
	pairings   map[int64]store.Pairing
}

func (s gateStore) DeliveryByID(_ context.Context, id int64) (store.Delivery, error) {
	if d, ok := s.deliveries[id]; ok {
		return d, nil
	}
	return store.Delivery{}, fmt.Errorf("delivery %d: %w", id, store.ErrNotFound)
}

func (s gateStore) PairingByID(_ context.Context, id int64) (store.Pairing, error) {
	if p, ok := s.pairings[id]; ok {
		return p, nil
	}
	return store.Pairing{}, fmt.Errorf("pairing %d: %w", id, store.ErrNotFound)
}

// TestFeedbackFormRule: the feedback form's pairing and prompt come from
// the bot's records, checked against the submitter, whatever the form's
// metadata or selection claims.
func TestFeedbackFormRule(t *testing.T) {
	slot := time.Date(2026, 1, 5, 14, 0, 0, 0, time.UTC)
	st := gateStore{
		deliveries: map[int64]store.Delivery{
			10: {ID: 10, Kind: store.KindFeedback, RecipientSlack: "UA", PairingID: 1, Slot: slot, State: store.DeliverySent, ChannelID: "DA", MessageTS: "1.1"},
			11: {ID: 11, Kind: store.KindFeedback, RecipientSlack: "UB", PairingID: 1, Slot: slot, State: store.DeliverySent, ChannelID: "DB", MessageTS: "1.2"},
			12: {ID: 12, Kind: store.KindCheckin, RecipientSlack: "UA", PairingID: 1, Slot: slot},
		},
		pairings: map[int64]store.Pairing{1: {ID: 1, MentorSlack: "UA", MenteeSlack: "UB"}, 2: {ID: 2, MentorSlack: "UC", MenteeSlack: "UD"}},
	}
	b := New(nil, st, Config{})
	pick := func(v string) *slack.ViewState {
		return &slack.ViewState{Values: map[string]map[string]slack.BlockAction{blockFeedbackPairing: {InputAction: {SelectedOption: slack.OptionBlockObject{Value: v}}}}}
	}
	cases := []struct {
		name    string
		meta    string
		state   *slack.ViewState
		pairing int64  // the resolved pairing (target ID), when allowed
		message string // the message the bot may rewrite
		refusal string // the refusal's text, when refused
	}{
		{"own prompt", `{"p":1,"s":5,"d":10}`, nil, 10, "DA/1.1", ""},
		{"own prompt, other pairing claimed", `{"p":2,"s":5,"d":10}`, nil, 10, "DA/1.1", ""},
		{"partner's prompt", `{"p":1,"s":5,"d":11}`, nil, 0, "", MsgFormNotYours},
		{"a check-in is no prompt", `{"p":1,"s":5,"d":12}`, nil, 0, "", MsgStaleButton},
		{"no such prompt", `{"p":1,"s":5,"d":99}`, nil, 0, "", MsgStaleButton},
		{"own pairing", `{"p":1,"s":5}`, nil, 1, "", ""},
		{"someone else's pairing", `{"p":2,"s":5}`, nil, 0, "", MsgFormNotYours},
		{"own pairing picked", `{"s":5}`, pick("1"), 1, "", ""},
		{"someone else's pairing picked", `{"s":5}`, pick("2"), 0, "", MsgFormNotYours},
		{"garbage picked", `{"s":5}`, pick("1 OR 1=1"), 0, "", MsgStaleButton},
		{"nothing picked yet", `{"s":5}`, nil, 0, "", ""},
		{"unreadable metadata", `{"p":1`, nil, 0, "", MsgFormNotYours},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tg, err := b.feedbackForm().Resolve(context.Background(), Input{Kind: RouteView, Name: callbackFeedback, UserID: "UA", Metadata: c.meta, State: c.state})
			var no *Refusal
			if c.refusal != "" {
				if !errors.As(err, &no) || no.Text != c.refusal {
					t.Fatalf("want refusal %q, got %v", c.refusal, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tg.ID != c.pairing {
				t.Errorf("target %d, want %d", tg.ID, c.pairing)
			}
			if got := tg.Message.Channel + "/" + tg.Message.TS; c.message != "" && got != c.message {
				t.Errorf("message %s, want %s", got, c.message)
			}
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
