package bot

import (
	"context"

	"github.com/mentorbot/mentorbot/store"
)

// routes is every command, action and view the bot answers, each with the
// rule that says what its payloads refer to and who may act on them.
func (b *Bot) routes() []Route {
	return []Route{
		OnCommand(CommandSpec{Name: "find", Usage: "/mentor find", Help: "see your top 3 suggested mentors and request one", HelpRank: 40}, Self(), b.cmdFind),
		OnCommand(CommandSpec{Name: "feedback", Usage: "/mentor feedback", Help: "tell us how your pairing is going (confidential)", HelpRank: 70}, Self(), b.cmdFeedback),
		OnCommand(CommandSpec{Name: "pair", Args: ArgsTwoUsers, Usage: "/mentor pair @mentor @mentee", Help: "pair two people by hand", HelpRank: 140}, AdminOnly(), b.cmdPair),
		OnCommand(CommandSpec{Name: "unpair", Args: ArgsTwoUsers, Usage: "/mentor unpair @a @b", Syntax: "/mentor unpair @person @person", Help: "end a pairing", HelpRank: 150}, AdminOnly(), b.cmdUnpair),
		OnCommand(CommandSpec{Name: "match", Args: ArgsProgram, Usage: "/mentor match [program]", Help: "preview the best matching, then confirm", HelpRank: 130}, AdminOnly(), b.cmdMatch),

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
	}
}

// SetHome wires the Home tab renderer the health offers refresh (until
// check-ins leave the core).
func (b *Bot) SetHome(h interface {
	PublishHome(ctx context.Context, user string)
}) {
	b.home = h
}
