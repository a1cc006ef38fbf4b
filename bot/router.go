package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/mentorbot/mentorbot/store"
)

// request is who asked, and where to answer.
type request struct {
	UserID      string
	ChannelID   string
	ResponseURL string
	TriggerID   string
	// ack, for a slash command not yet acknowledged, sends a reply in the
	// ack and reports whether it did.
	ack func(payload any) bool
	// target is what the authorization gate resolved the payload to.
	target Target
}

type (
	commandHandler func(ctx context.Context, r request, c Command)
	actionHandler  func(ctx context.Context, r request, cb slack.InteractionCallback, a *slack.BlockAction)
	// viewHandler validates a submission and returns the ack payload (nil
	// closes the modal), then does its slow work in after, which runs once
	// the ack is sent.
	viewHandler func(ctx context.Context, r request, cb slack.InteractionCallback) (ack any, after func())
)

// router sends each command, button and form to one handler, through the
// authorization gate (gate.go).
type router struct {
	b        *Bot
	table    []Route          // in registration order
	commands map[string]Route // by subcommand
	actions  map[string]Route // by action_id
	views    map[string]Route // by callback_id
}

// routes is every command, action and view the bot answers, each with the
// rule that says what its payloads refer to and who may act on them.
func (b *Bot) routes() []Route {
	return []Route{
		onCommand("help", Self(), b.cmdHelp),
		onCommand("signup", Self(), b.cmdSignup),
		onCommand("profile", Self(), b.cmdProfile),
		onCommand("status", Self(), b.cmdStatus),
		onCommand("pause", Self(), b.cmdPause),
		onCommand("resume", Self(), b.cmdResume),
		onCommand("export", Self(), b.cmdExport),
		onCommand("leave", Self(), b.cmdLeave),
		onCommand("find", Self(), b.cmdFind),
		onCommand("feedback", Self(), b.cmdFeedback),
		onCommand("program create", AdminOnly(), b.cmdProgramCreate),
		onCommand("program list", AdminOnly(), b.cmdProgramList),
		onCommand("program close", AdminOnly(), b.cmdProgramClose),
		onCommand("pair", AdminOnly(), b.cmdPair),
		onCommand("unpair", AdminOnly(), b.cmdUnpair),
		onCommand("announce", AdminOnly(), b.cmdAnnounce),
		onCommand("match", AdminOnly(), b.cmdMatch),
		onCommand("report", AdminOnly(), b.cmdReport),

		onAction(actionLeaveConfirm, Self(), b.actLeaveConfirm),
		onAction(actionLeaveCancel, Self(), b.actLeaveCancel),
		onAction(actionOpenSignup, Self(), b.actOpenSignup),
		onAction(actionHomePause, Self(), b.actHomePause),
		onAction(actionHomeResume, Self(), b.actHomeResume),
		onAction(actionHomeStatus, Self(), b.actHomeStatus),
		// These run a subcommand, which passes its own rule (run).
		onAction(actionHomeFind, Self(), b.actRunCommand("find")),
		onAction(actionHomeFeedback, Self(), b.actRunCommand("feedback")),
		onAction(actionMatchConfirm, b.myProposal(), b.actMatchConfirm),
		onAction(actionMatchCancel, b.myProposal(), b.actMatchCancel),
		// The value names a mentor to ask: asking is the mentee's own act,
		// and the matching rules decide whether that pair may be.
		onAction(actionFindRequest, Self(), b.actFindRequest),
		onAction(actionRequestAccept, b.requestToMe(), b.actRequestAccept),
		onAction(actionRequestDecline, b.requestToMe(), b.actRequestDecline),
		onAction(actionCheckinMet, b.ownCheckin(), b.actCheckin(store.AnswerMet)),
		onAction(actionCheckinNotYet, b.ownCheckin(), b.actCheckin(store.AnswerNotYet)),
		onAction(actionCheckinNeedHelp, b.ownCheckin(), b.actCheckin(store.AnswerNeedHelp)),
		onAction(actionFeedbackOpen, b.ownDelivery(feedbackKinds...), b.actFeedbackOpen),
		onAction(actionRematchMe, b.offeredPairing(store.KindRematchOffer), b.actRematchMe),
		onAction(actionRematchKeep, b.offeredPairing(store.KindRematchOffer), b.actRematchKeep),
		onAction(actionPauseOfferPause, b.myMessage(store.KindPauseOffer), b.actPauseOfferPause),
		onAction(actionPauseOfferKeep, b.myMessage(store.KindPauseOffer), b.actPauseOfferKeep),

		onView(callbackFeedback, b.feedbackForm(), b.viewFeedback),
		onView(callbackSignup, Self(), b.viewSignup),
		onView(callbackProgram, AdminOnly(), b.viewProgramCreate),
	}
}

// newRouter registers b's routes.
func newRouter(b *Bot) router { return buildRouter(b, b.routes()) }

// buildRouter registers routes. A route without a rule or handler, or a
// name registered twice, is a programming error: it panics at start.
func buildRouter(b *Bot, routes []Route) router {
	r := router{b: b, commands: map[string]Route{}, actions: map[string]Route{}, views: map[string]Route{}}
	for _, rt := range routes {
		rt.check()
		byName := map[RouteKind]map[string]Route{RouteCommand: r.commands, RouteAction: r.actions, RouteView: r.views}[rt.Kind]
		if byName == nil {
			panic(fmt.Sprintf("bot: route %q of unknown kind %q", rt.Name, rt.Kind))
		}
		if _, dup := byName[rt.Name]; dup {
			panic(fmt.Sprintf("bot: %s %q registered twice", rt.Kind, rt.Name))
		}
		byName[rt.Name] = rt
		r.table = append(r.table, rt)
	}
	return r
}

func (r router) command(ctx context.Context, sc slack.SlashCommand, ack func(any) bool) {
	b := r.b
	req := request{UserID: sc.UserID, ChannelID: sc.ChannelID, ResponseURL: sc.ResponseURL, TriggerID: sc.TriggerID, ack: ack}
	cmd, err := ParseCommand(sc.Text)
	if err != nil {
		b.replyText(ctx, req, err.Error())
		return
	}
	r.run(ctx, req, cmd)
}

// run passes the command's rule, then runs its handler.
func (r router) run(ctx context.Context, req request, cmd Command) {
	b := r.b
	rt, ok := r.commands[cmd.Name]
	if !ok {
		b.replyText(ctx, req, sprintf(msgUnknownCommand, escapeCode(cmd.Name)))
		return
	}
	in := Input{Kind: RouteCommand, Name: cmd.Name, UserID: req.UserID, Admin: b.IsAdmin(req.UserID)}
	t, refusal, ok := r.authorize(ctx, rt, in, commandTarget(cmd))
	if !ok {
		b.replyText(ctx, req, refusal)
		return
	}
	req.target = t
	rt.command(ctx, req, cmd)
}

// actRunCommand makes a button that runs a subcommand (App Home buttons).
func (b *Bot) actRunCommand(name string) actionHandler {
	return func(ctx context.Context, r request, _ slack.InteractionCallback, _ *slack.BlockAction) {
		b.router.run(ctx, r, Command{Name: name})
	}
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

func (r router) interaction(ctx context.Context, cb slack.InteractionCallback, ack func(any) bool) {
	b := r.b
	req := request{UserID: cb.User.ID, ChannelID: cb.Channel.ID, ResponseURL: cb.ResponseURL, TriggerID: cb.TriggerID}
	switch cb.Type {
	case slack.InteractionTypeBlockActions:
		ack(nil)
		if len(cb.ActionCallback.BlockActions) == 0 {
			return
		}
		if !b.firstTime(ctx, "trigger:"+cb.TriggerID, "") {
			return
		}
		a := cb.ActionCallback.BlockActions[0]
		rt, ok := r.actions[a.ActionID]
		if !ok {
			b.replyText(ctx, req, msgUnknownAction)
			return
		}
		channel := cb.Container.ChannelID
		if channel == "" {
			channel = cb.Channel.ID
		}
		in := Input{Kind: RouteAction, Name: a.ActionID, UserID: req.UserID, Admin: b.IsAdmin(req.UserID),
			Value: a.Value, Channel: channel, TS: cb.Container.MessageTs}
		t, refusal, ok := r.authorize(ctx, rt, in, string(rt.Rule.Refers))
		if !ok {
			b.replyText(ctx, req, refusal)
			return
		}
		req.target = t
		rt.action(ctx, req, cb, a)
	case slack.InteractionTypeViewSubmission:
		rt, ok := r.views[cb.View.CallbackID]
		if !ok {
			ack(nil)
			return
		}
		in := Input{Kind: RouteView, Name: cb.View.CallbackID, UserID: req.UserID, Admin: b.IsAdmin(req.UserID),
			Metadata: cb.View.PrivateMetadata, State: cb.View.State}
		t, refusal, ok := r.authorize(ctx, rt, in, string(rt.Rule.Refers))
		if !ok {
			ack(slack.NewUpdateViewSubmissionResponse(refusalView(refusal)))
			return
		}
		req.target = t
		payload, after := rt.view(ctx, req, cb)
		ack(payload)
		if after != nil && b.firstTime(ctx, "view:"+cb.View.ID+":"+cb.View.Hash, "") {
			after()
		}
	default:
		ack(nil)
	}
}

func (r router) event(ctx context.Context, e slackevents.EventsAPIEvent) {
	if e.Type != slackevents.CallbackEvent {
		return
	}
	switch ev := e.InnerEvent.Data.(type) {
	case *slackevents.AppHomeOpenedEvent:
		if ev.Tab == "" || ev.Tab == "home" {
			r.b.publishHome(context.WithoutCancel(ctx), ev.User)
		}
	}
}
