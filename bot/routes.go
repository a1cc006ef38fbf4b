package bot

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// Handlers a capability registers. Each runs after the authorization gate
// passed, with the resolved Target in Request.Target.
type (
	CommandHandler func(ctx context.Context, r Request, c Command)
	// ActionHandler answers a click on a, the first of its actions. The
	// rest of the click's payload (the message the button sat on) is not
	// kept for it: what a handler may act on comes from the bot's records,
	// through the rule's Target.
	ActionHandler func(ctx context.Context, r Request, a *slack.BlockAction)
	// ViewHandler validates a submission and returns the ack payload (nil
	// closes the modal), then does its slow work in after, which runs once
	// the ack is sent.
	ViewHandler func(ctx context.Context, r Request, cb slack.InteractionCallback) (ack any, after func())
	// ViewNowHandler checks a submission from memory at the store's version
	// (bot/now.go), without a call to Slack or a wait: ok false when it
	// cannot. after, if any, does the form's work once its ack is out.
	ViewNowHandler func(r Request, cb *slack.InteractionCallback, version uint64) (ack any, after func(ctx context.Context), ok bool)
	// EventHandler answers an Events API event; r.UserID is the event's
	// user. The event was acked already.
	EventHandler func(ctx context.Context, r Request, ev slackevents.EventsAPIInnerEvent)
)

// Route is one registered command, action, view or event: its name, its
// rule and its handler (exactly one, matching Kind). Make routes with
// OnCommand, OnAction, OnView and OnEvent; the rule is a required argument.
type Route struct {
	Kind RouteKind
	Name string
	Rule Rule
	// Command is a command route's syntax and help line.
	Command CommandSpec
	command CommandHandler
	action  ActionHandler
	view    ViewHandler
	event   EventHandler
	viewNow ViewNowHandler // the read loop's check of the form (CheckedNow)
}

// OnCommand routes the subcommand spec.Name (e.g. "status", "program
// create") to h. The spec says how to parse its arguments and what help
// shows; admin commands (rule AdminOnly) show under "Admin commands".
func OnCommand(spec CommandSpec, rule Rule, h CommandHandler) Route {
	return Route{Kind: RouteCommand, Name: spec.Name, Rule: rule, Command: spec, command: h}
}

// OnAction routes clicks on a block element with this action_id to h.
func OnAction(actionID string, rule Rule, h ActionHandler) Route {
	return Route{Kind: RouteAction, Name: actionID, Rule: rule, action: h}
}

// OnView routes submissions of the modal with this callback_id to h.
func OnView(callbackID string, rule Rule, h ViewHandler) Route {
	return Route{Kind: RouteView, Name: callbackID, Rule: rule, view: h}
}

// CheckedNow lets the read loop check this form with now and send its
// ack, as it answers a quick command (now.go), rather than a handler
// started in the middle of a burst; the form's work runs in a handler once
// the burst's acks are out. When now cannot answer (the store's model is not
// current), the form's handler checks it. Only for a form whose rule is
// Self.
func (rt Route) CheckedNow(now ViewNowHandler) Route {
	rt.viewNow = now
	return rt
}

// OnEvent routes Events API events of this type (e.g. app_home_opened) to h.
func OnEvent(eventType string, rule Rule, h EventHandler) Route {
	return Route{Kind: RouteEvent, Name: eventType, Rule: rule, event: h}
}

// check panics on a route that could run ungated or is not wired.
func (rt Route) check() {
	switch {
	case rt.Name == "":
		panic("bot: route without a name")
	case rt.Rule.Refers == "" || rt.Rule.Resolve == nil:
		panic(fmt.Sprintf("bot: %s %q has no authorization rule", rt.Kind, rt.Name))
	case rt.Kind == RouteCommand && rt.command == nil, rt.Kind == RouteAction && rt.action == nil,
		rt.Kind == RouteView && rt.view == nil, rt.Kind == RouteEvent && rt.event == nil:
		panic(fmt.Sprintf("bot: %s %q has no handler", rt.Kind, rt.Name))
	case rt.viewNow != nil && (rt.Kind != RouteView || rt.Rule.Refers != RefersSelf):
		panic(fmt.Sprintf("bot: %s %q is checked in the read loop but is not a form with rule Self", rt.Kind, rt.Name))
	case rt.Kind == RouteCommand && rt.Command.Args == ArgsCustom && rt.Command.Parse == nil:
		panic(fmt.Sprintf("bot: command %q has custom arguments and no parser", rt.Name))
	}
}

// Register adds routes, in order, to the router. Capabilities register
// before Run; a route without a rule or handler, or a name registered
// twice, is a programming error: it panics at start.
func (b *Bot) Register(routes ...Route) {
	for _, rt := range routes {
		b.router.add(rt)
	}
	b.helps.Reset()
}

// RunCommand runs a subcommand as if the person had typed it without
// arguments (App Home buttons); it passes the command's own rule.
func (b *Bot) RunCommand(ctx context.Context, r Request, name string) {
	b.router.run(ctx, r, Command{Name: name})
}
