package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// router sends each command, button, form and event to one handler,
// through the authorization gate (gate.go).
type router struct {
	b        *Bot
	table    []Route                        // in registration order
	byKind   map[RouteKind]map[string]Route // by subcommand, action_id, callback_id, event type
	commands []CommandSpec                  // the parser's table, in registration order
}

func newRouter(b *Bot) *router {
	return &router{b: b, byKind: map[RouteKind]map[string]Route{
		RouteCommand: {}, RouteAction: {}, RouteView: {}, RouteEvent: {},
	}}
}

// add registers one route; see Register.
func (r *router) add(rt Route) {
	rt.check()
	byName := r.byKind[rt.Kind]
	if byName == nil {
		panic(fmt.Sprintf("bot: route %q of unknown kind %q", rt.Name, rt.Kind))
	}
	if _, dup := byName[rt.Name]; dup {
		panic(fmt.Sprintf("bot: %s %q registered twice", rt.Kind, rt.Name))
	}
	byName[rt.Name] = rt
	r.table = append(r.table, rt)
	if rt.Kind == RouteCommand {
		r.commands = append(r.commands, rt.Command)
	}
}

func (r *router) command(ctx context.Context, sc slack.SlashCommand, ack func(any) bool) {
	req := Request{UserID: sc.UserID, ChannelID: sc.ChannelID, ResponseURL: sc.ResponseURL, TriggerID: sc.TriggerID, ack: ack}
	cmd, err := ParseWith(r.commands, sc.Text)
	if err != nil {
		r.b.ReplyText(ctx, req, err.Error())
		return
	}
	r.run(ctx, req, cmd)
}

// run passes the command's rule, then runs its handler.
func (r *router) run(ctx context.Context, req Request, cmd Command) {
	b := r.b
	rt, ok := r.byKind[RouteCommand][cmd.Name]
	if !ok {
		b.ReplyText(ctx, req, sprintf(msgUnknownCommand, EscapeCode(cmd.Name)))
		return
	}
	in := Input{Kind: RouteCommand, Name: cmd.Name, UserID: req.UserID, Admin: b.IsAdmin(req.UserID)}
	t, refusal, ok := r.authorize(ctx, rt, in, commandTarget(cmd))
	if !ok {
		b.ReplyText(ctx, req, refusal)
		return
	}
	req.Target = t
	rt.command(ctx, req, cmd)
}

func commandTarget(c Command) string {
	switch {
	case c.Program != "":
		return c.Program
	case len(c.Users) > 0:
		return strings.Join(c.Users, ",")
	case c.Channel != "":
		return c.Channel
	}
	return ""
}

func (r *router) interaction(ctx context.Context, cb slack.InteractionCallback, ack func(any) bool) {
	switch cb.Type {
	case slack.InteractionTypeBlockActions:
		r.click(ctx, clickOf(&cb), ack)
	case slack.InteractionTypeViewSubmission:
		req, in := r.form(&cb)
		rt, ok := r.byKind[RouteView][in.Name]
		if !ok {
			ack(nil)
			return
		}
		t, refusal, ok := r.authorize(ctx, rt, in, string(rt.Rule.Refers))
		if !ok {
			ack(slack.NewUpdateViewSubmissionResponse(refusalView(refusal)))
			return
		}
		req.Target = t
		// The key is taken now: the parsed form is not kept while the
		// handler waits for a work slot after its ack.
		key := formKey(&cb)
		payload, after := rt.view(ctx, req, cb)
		ack(payload)
		if after != nil && r.b.firstTime(ctx, key, "") {
			after()
		}
	default:
		ack(nil)
	}
}

// click is what routing a button click reads from its block_actions
// payload. A burst's clicks wait for their handlers (workslot.Later)
// holding this, not the parsed payload with the message the button sat on.
type click struct {
	user, channel, responseURL, triggerID string
	container                             slack.Container    // the clicked message's channel and ts
	action                                *slack.BlockAction // the first action; nil if none
}

func clickOf(cb *slack.InteractionCallback) click {
	c := click{user: cb.User.ID, channel: cb.Channel.ID, responseURL: cb.ResponseURL, triggerID: cb.TriggerID,
		container: cb.Container}
	if len(cb.ActionCallback.BlockActions) > 0 {
		c.action = cb.ActionCallback.BlockActions[0]
	}
	return c
}

// click passes a click's rule, then runs its handler.
func (r *router) click(ctx context.Context, c click, ack func(any) bool) {
	b := r.b
	ack(nil) // acked on arrival already (dispatch); this takes the work slot
	if c.action == nil {
		return
	}
	if !b.firstTime(ctx, "trigger:"+c.triggerID, "") {
		return
	}
	req := Request{UserID: c.user, ChannelID: c.channel, ResponseURL: c.responseURL, TriggerID: c.triggerID}
	a := c.action
	rt, ok := r.byKind[RouteAction][a.ActionID]
	if !ok {
		b.ReplyText(ctx, req, msgUnknownAction)
		return
	}
	channel := c.container.ChannelID
	if channel == "" {
		channel = c.channel
	}
	in := Input{Kind: RouteAction, Name: a.ActionID, UserID: req.UserID, Admin: b.IsAdmin(req.UserID),
		Value: a.Value, Channel: channel, TS: c.container.MessageTs}
	t, refusal, ok := r.authorize(ctx, rt, in, string(rt.Rule.Refers))
	if !ok {
		b.ReplyText(ctx, req, refusal)
		return
	}
	req.Target = t
	rt.action(ctx, req, a)
}

// form is who submitted a form and what the gate reads of it.
func (r *router) form(cb *slack.InteractionCallback) (Request, Input) {
	req := Request{UserID: cb.User.ID, ChannelID: cb.Channel.ID, ResponseURL: cb.ResponseURL, TriggerID: cb.TriggerID}
	return req, Input{Kind: RouteView, Name: cb.View.CallbackID, UserID: req.UserID, Admin: r.b.IsAdmin(req.UserID),
		Metadata: cb.View.PrivateMetadata, State: cb.View.State}
}

// formKey is a submission's delivery key: one per version of the form.
func formKey(cb *slack.InteractionCallback) string { return "view:" + cb.View.ID + ":" + cb.View.Hash }

func (r *router) event(ctx context.Context, e slackevents.EventsAPIEvent) {
	if e.Type != slackevents.CallbackEvent {
		return
	}
	rt, ok := r.byKind[RouteEvent][e.InnerEvent.Type]
	if !ok {
		return
	}
	req := Request{UserID: eventUser(e.InnerEvent)}
	in := Input{Kind: RouteEvent, Name: rt.Name, UserID: req.UserID, Admin: r.b.IsAdmin(req.UserID)}
	t, _, ok := r.authorize(ctx, rt, in, string(rt.Rule.Refers))
	if !ok {
		return // nobody to answer: an event is no one's request
	}
	req.Target = t
	// The event was acked already: its work finishes even on shutdown.
	rt.event(context.WithoutCancel(ctx), req, e.InnerEvent)
}

// eventUser is the user an event is about, as Slack vouches for it.
func eventUser(ev slackevents.EventsAPIInnerEvent) string {
	switch d := ev.Data.(type) {
	case *slackevents.AppHomeOpenedEvent:
		return d.User
	case *slackevents.UserChangeEvent:
		// Slack sends it about this user's account: they are its subject,
		// not someone acting.
		return d.User.ID
	}
	return ""
}
