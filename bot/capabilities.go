package bot

import (
	"context"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/mentorbot/mentorbot/store"
)

// routes is every command, action and view the bot answers, each with the
// rule that says what its payloads refer to and who may act on them.
func (b *Bot) routes() []Route {
	return []Route{
		OnCommand(CommandSpec{Name: "signup", Usage: "/mentor signup", Help: "join the program (opens a short form)", HelpRank: 10}, Self(), b.cmdSignup),
		OnCommand(CommandSpec{Name: "profile", Usage: "/mentor profile", Help: "edit your profile", HelpRank: 20}, Self(), b.cmdProfile),
		OnCommand(CommandSpec{Name: "status", Usage: "/mentor status", Help: "your role, pairings and check-ins", HelpRank: 30}, Self(), b.cmdStatus),
		OnCommand(CommandSpec{Name: "pause", Args: ArgsWeeks, Usage: "/mentor pause [weeks]", Help: "no matching and no check-ins for a while", HelpRank: 50,
			BadArg: "Pause takes a number of weeks from 1 to 52, e.g. `/mentor pause 2`, or nothing to pause until you resume."}, Self(), b.cmdPause),
		OnCommand(CommandSpec{Name: "resume", Usage: "/mentor resume", Help: "come back from a pause", HelpRank: 60}, Self(), b.cmdResume),
		OnCommand(CommandSpec{Name: "export", Usage: "/mentor export", Help: "get everything I store about you, as a file", HelpRank: 80}, Self(), b.cmdExport),
		OnCommand(CommandSpec{Name: "leave", Usage: "/mentor leave", Help: "leave the program and erase your data", HelpRank: 90}, Self(), b.cmdLeave),
		OnCommand(CommandSpec{Name: "find", Usage: "/mentor find", Help: "see your top 3 suggested mentors and request one", HelpRank: 40}, Self(), b.cmdFind),
		OnCommand(CommandSpec{Name: "feedback", Usage: "/mentor feedback", Help: "tell us how your pairing is going (confidential)", HelpRank: 70}, Self(), b.cmdFeedback),
		OnCommand(CommandSpec{Name: "pair", Args: ArgsTwoUsers, Usage: "/mentor pair @mentor @mentee", Help: "pair two people by hand", HelpRank: 140}, AdminOnly(), b.cmdPair),
		OnCommand(CommandSpec{Name: "unpair", Args: ArgsTwoUsers, Usage: "/mentor unpair @a @b", Syntax: "/mentor unpair @person @person", Help: "end a pairing", HelpRank: 150}, AdminOnly(), b.cmdUnpair),
		OnCommand(CommandSpec{Name: "match", Args: ArgsProgram, Usage: "/mentor match [program]", Help: "preview the best matching, then confirm", HelpRank: 130}, AdminOnly(), b.cmdMatch),

		OnAction(actionLeaveConfirm, Self(), b.actLeaveConfirm),
		OnAction(actionLeaveCancel, Self(), b.actLeaveCancel),
		OnAction(actionOpenSignup, Self(), b.actOpenSignup),
		OnAction(actionHomePause, Self(), b.actHomePause),
		OnAction(actionHomeResume, Self(), b.actHomeResume),
		OnAction(actionHomeStatus, Self(), b.actHomeStatus),
		// These run a subcommand, which passes its own rule (RunCommand).
		OnAction(actionHomeFind, Self(), b.actRunCommand("find")),
		OnAction(actionHomeFeedback, Self(), b.actRunCommand("feedback")),
		OnAction(actionMatchConfirm, b.myProposal(), b.actMatchConfirm),
		OnAction(actionMatchCancel, b.myProposal(), b.actMatchCancel),
		// The value names a mentor to ask: asking is the mentee's own act,
		// and the matching rules decide whether that pair may be.
		OnAction(actionFindRequest, Self(), b.actFindRequest),
		OnAction(actionRequestAccept, b.requestToMe(), b.actRequestAccept),
		OnAction(actionRequestDecline, b.requestToMe(), b.actRequestDecline),
		OnAction(actionCheckinMet, b.ownCheckin(), b.actCheckin(store.AnswerMet)),
		OnAction(actionCheckinNotYet, b.ownCheckin(), b.actCheckin(store.AnswerNotYet)),
		OnAction(actionCheckinNeedHelp, b.ownCheckin(), b.actCheckin(store.AnswerNeedHelp)),
		OnAction(actionFeedbackOpen, b.ownDelivery(feedbackKinds...), b.actFeedbackOpen),
		OnAction(actionRematchMe, b.offeredPairing(store.KindRematchOffer), b.actRematchMe),
		OnAction(actionRematchKeep, b.offeredPairing(store.KindRematchOffer), b.actRematchKeep),
		OnAction(actionPauseOfferPause, b.myMessage(store.KindPauseOffer), b.actPauseOfferPause),
		OnAction(actionPauseOfferKeep, b.myMessage(store.KindPauseOffer), b.actPauseOfferKeep),

		OnView(callbackFeedback, b.feedbackForm(), b.viewFeedback),
		OnView(callbackSignup, Self(), b.viewSignup),

		OnEvent(string(slackevents.AppHomeOpened), Self(), b.evHomeOpened),
	}
}

// actRunCommand makes a button that runs a subcommand (App Home buttons).
func (b *Bot) actRunCommand(name string) ActionHandler {
	return func(ctx context.Context, r Request, _ slack.InteractionCallback, _ *slack.BlockAction) {
		b.RunCommand(ctx, r, name)
	}
}

// evHomeOpened renders the Home tab when the person opens it.
func (b *Bot) evHomeOpened(ctx context.Context, r Request, ev slackevents.EventsAPIInnerEvent) {
	if e, ok := ev.Data.(*slackevents.AppHomeOpenedEvent); ok && (e.Tab == "" || e.Tab == "home") {
		b.publishHome(ctx, r.UserID)
	}
}
