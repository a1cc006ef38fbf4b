// Package checkins is the capability of the scheduler's messages and their
// answers: check-in buttons and need-help alerts, feedback (the command,
// the prompt's button and the confidential form), the rematch and pause
// offers, and the Sender that posts the outbox (scheduler.Sender, Pacer
// and Alerter).
package checkins

import (
	"context"
	"log/slog"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/store"
)

// Store is what check-ins need from storage.
type Store interface {
	Participant(ctx context.Context, slackID string) (store.Participant, error)
	ActivePairings(ctx context.Context, slackID string) ([]store.Pairing, error)
	Pause(ctx context.Context, slackID string, until *time.Time) error

	AnswerCheckin(ctx context.Context, checkinID int64, slackID, answer string) (store.CheckinAnswer, error)
	SaveFeedback(ctx context.Context, f store.NewFeedback) (bool, error)
	FeedbackGiven(ctx context.Context, pairingID int64, slackID string, slot time.Time) (bool, error)
	PairingByID(ctx context.Context, id int64) (store.Pairing, error)
	EndPairingByID(ctx context.Context, id int64, reason string) (store.Pairing, error)

	// Ownership lookups of the gate rules (rules.go).
	CheckinByID(ctx context.Context, id int64) (store.Checkin, error)
	DeliveryByID(ctx context.Context, id int64) (store.Delivery, error)
	SentMessages(ctx context.Context, f store.SentFilter) ([]store.Delivery, error)
}

// HomePublisher re-renders a person's App Home tab (the profile capability
// does), after a pause from an offer.
type HomePublisher interface {
	PublishHome(ctx context.Context, user string)
}

// DeliveryRenderer renders outbox rows of another capability's kinds
// (circles' check-ins); ok is false for kinds it does not know.
type DeliveryRenderer interface {
	RenderDelivery(d store.Delivery) (text string, blocks []slack.Block, ok bool)
}

// Config is what check-ins need besides the core and store.
type Config struct {
	Home HomePublisher
	// Renderers render the outbox kinds check-ins do not know.
	Renderers []DeliveryRenderer
}

// Checkins answers the scheduler's messages.
type Checkins struct {
	core  *bot.Bot
	api   bot.SlackAPI
	store Store
	log   *slog.Logger
	home  HomePublisher
	more  []DeliveryRenderer
}

// New builds the capability over the core and a store.
func New(core *bot.Bot, st Store, cfg Config) *Checkins {
	return &Checkins{core: core, api: core.Slack(), store: st, log: core.Logger(), home: cfg.Home, more: cfg.Renderers}
}

// Block, action and callback IDs of check-ins' messages and form: part of
// the contract with Slack (stored messages keep them).
const (
	// Check-ins, feedback prompts and health offers (the scheduler's
	// messages). Check-in buttons carry the check-in id as value, the
	// feedback button the delivery id, rematch buttons the pairing id.
	blockCheckin          = "checkin"
	actionCheckinMet      = "checkin_met"
	actionCheckinNotYet   = "checkin_not_yet"
	actionCheckinNeedHelp = "checkin_need_help"
	actionFeedbackOpen    = "feedback_open"
	actionRematchMe       = "rematch_me"
	actionRematchKeep     = "rematch_keep"
	actionPauseOfferPause = "pause_offer_pause"
	actionPauseOfferKeep  = "pause_offer_keep"

	callbackFeedback     = "feedback"
	blockFeedbackPairing = "feedback_pairing"
	blockRating          = "rating"
	blockWentWell        = "went_well"
	blockToChange        = "to_change"
	blockProgress        = "progress"
)

// Routes are the command, buttons and form check-ins answer, each with the
// rule that resolves what its payload refers to.
func (ck *Checkins) Routes() []bot.Route {
	return []bot.Route{
		bot.OnCommand(bot.CommandSpec{Name: "feedback", Usage: "/mentor feedback", Help: "tell us how your pairing is going (confidential)", HelpRank: 70, For: bot.ForParticipants},
			bot.Self(), ck.cmdFeedback),

		bot.OnAction(actionCheckinMet, ck.ownCheckin(), ck.actCheckin(store.AnswerMet)),
		bot.OnAction(actionCheckinNotYet, ck.ownCheckin(), ck.actCheckin(store.AnswerNotYet)),
		bot.OnAction(actionCheckinNeedHelp, ck.ownCheckin(), ck.actCheckin(store.AnswerNeedHelp)),
		bot.OnAction(actionFeedbackOpen, ck.ownDelivery(feedbackKinds...), ck.actFeedbackOpen),
		bot.OnAction(actionRematchMe, ck.offeredPairing(store.KindRematchOffer), ck.actRematchMe),
		bot.OnAction(actionRematchKeep, ck.offeredPairing(store.KindRematchOffer), ck.actRematchKeep),
		bot.OnAction(actionPauseOfferPause, ck.myMessage(store.KindPauseOffer), ck.actPauseOfferPause),
		bot.OnAction(actionPauseOfferKeep, ck.myMessage(store.KindPauseOffer), ck.actPauseOfferKeep),

		bot.OnView(callbackFeedback, ck.feedbackForm(), ck.viewFeedback),
	}
}
