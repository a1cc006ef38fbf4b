package bot

import (
	"context"
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
}

type (
	commandHandler func(ctx context.Context, r request, c Command)
	actionHandler  func(ctx context.Context, r request, cb slack.InteractionCallback, a *slack.BlockAction)
	// viewHandler validates a submission and returns the ack payload (nil
	// closes the modal), then does its slow work in after, which runs once
	// the ack is sent.
	viewHandler func(ctx context.Context, r request, cb slack.InteractionCallback) (ack any, after func())
)

// router sends each command, button and form to one handler.
type router struct {
	b        *Bot
	commands map[string]commandHandler
	actions  map[string]actionHandler // by action_id
	views    map[string]viewHandler   // by callback_id
}

func newRouter(b *Bot) router {
	r := router{b: b, commands: map[string]commandHandler{}, actions: map[string]actionHandler{}, views: map[string]viewHandler{}}
	r.commands["help"] = b.cmdHelp
	r.commands["signup"] = b.cmdSignup
	r.commands["profile"] = b.cmdProfile
	r.commands["status"] = b.cmdStatus
	r.commands["pause"] = b.cmdPause
	r.commands["resume"] = b.cmdResume
	r.commands["export"] = b.cmdExport
	r.commands["leave"] = b.cmdLeave
	r.commands["program create"] = b.cmdProgramCreate
	r.commands["program list"] = b.cmdProgramList
	r.commands["program close"] = b.cmdProgramClose
	r.commands["pair"] = b.cmdPair
	r.commands["unpair"] = b.cmdUnpair
	r.commands["announce"] = b.cmdAnnounce
	r.commands["match"] = b.cmdMatch
	r.commands["find"] = b.cmdFind
	r.commands["report"] = b.cmdReport

	r.actions[actionLeaveConfirm] = b.actLeaveConfirm
	r.actions[actionLeaveCancel] = b.actLeaveCancel
	r.actions[actionOpenSignup] = b.actOpenSignup
	r.actions[actionHomePause] = b.actHomePause
	r.actions[actionHomeResume] = b.actHomeResume
	r.actions[actionHomeStatus] = b.actHomeStatus
	r.actions[actionMatchConfirm] = b.actMatchConfirm
	r.actions[actionMatchCancel] = b.actMatchCancel
	r.actions[actionFindRequest] = b.actFindRequest
	r.actions[actionRequestAccept] = b.actRequestAccept
	r.actions[actionRequestDecline] = b.actRequestDecline
	r.actions[actionHomeFind] = b.actRunCommand("find")
	r.actions[actionHomeFeedback] = b.actRunCommand("feedback")

	r.commands["feedback"] = b.cmdFeedback
	r.actions[actionCheckinMet] = b.actCheckin(store.AnswerMet)
	r.actions[actionCheckinNotYet] = b.actCheckin(store.AnswerNotYet)
	r.actions[actionCheckinNeedHelp] = b.actCheckin(store.AnswerNeedHelp)
	r.actions[actionFeedbackOpen] = b.actFeedbackOpen
	r.actions[actionRematchMe] = b.actRematchMe
	r.actions[actionRematchKeep] = b.actRematchKeep
	r.actions[actionPauseOfferPause] = b.actPauseOfferPause
	r.actions[actionPauseOfferKeep] = b.actPauseOfferKeep
	r.views[callbackFeedback] = b.viewFeedback

	r.views[callbackSignup] = b.viewSignup
	r.views[callbackProgram] = b.viewProgramCreate

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

// run checks admin rights and runs the command's handler.
func (r router) run(ctx context.Context, req request, cmd Command) {
	b := r.b
	if cmd.AdminOnly() && !b.IsAdmin(req.UserID) {
		b.audit(ctx, req.UserID, cmd.Name, commandTarget(cmd), "refused", "not a program admin")
		b.replyText(ctx, req, sprintf(msgNotAdmin, cmd.Name))
		return
	}
	h, ok := r.commands[cmd.Name]
	if !ok {
		b.replyText(ctx, req, sprintf(msgUnknownCommand, escapeCode(cmd.Name)))
		return
	}
	h(ctx, req, cmd)
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
		h, ok := r.actions[a.ActionID]
		if !ok {
			b.replyText(ctx, req, msgUnknownAction)
			return
		}
		h(ctx, req, cb, a)
	case slack.InteractionTypeViewSubmission:
		h, ok := r.views[cb.View.CallbackID]
		if !ok {
			ack(nil)
			return
		}
		payload, after := h(ctx, req, cb)
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
