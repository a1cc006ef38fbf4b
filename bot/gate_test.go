package bot

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot/blockcheck"
)

// TestRegistrationRequiresARule: a route without a rule, without a handler
// or registered twice never makes it into a router.
func TestRegistrationRequiresARule(t *testing.T) {
	noop := func(context.Context, Request, *slack.BlockAction) {}
	form := func(context.Context, Request, slack.InteractionCallback) (any, func()) { return nil, nil }
	formNow := func(Request, *slack.InteractionCallback, uint64) (any, func(context.Context), bool) {
		return nil, nil, true
	}
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
		{"a click checked in the read loop", []Route{OnAction("x", Self(), noop).CheckedNow(formNow)}},
		{"an admin's form checked in the read loop", []Route{OnView("x", AdminOnly(), form).CheckedNow(formNow)}},
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

func testLogger(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

// TestRefusalViewIsValidBlockKit: a refused form becomes this modal.
func TestRefusalViewIsValidBlockKit(t *testing.T) {
	for name, text := range map[string]string{"form": MsgFormNotYours, "admin": MsgAdminsOnly, "stale": MsgStaleButton} {
		blockcheck.Record(t, "modal", "gate-refusal-"+name, refusalView(text))
	}
}
