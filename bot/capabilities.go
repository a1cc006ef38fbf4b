package bot

import (
	"context"

	"github.com/mentorbot/mentorbot/store"
)

// routes is every command, action and view the bot answers, each with the
// rule that says what its payloads refer to and who may act on them.
func (b *Bot) routes() []Route {
	return []Route{
		OnCommand(CommandSpec{Name: "feedback", Usage: "/mentor feedback", Help: "tell us how your pairing is going (confidential)", HelpRank: 70}, Self(), b.cmdFeedback),

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
