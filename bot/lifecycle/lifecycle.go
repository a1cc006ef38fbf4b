// Package lifecycle is the capability of a pairing's length, renewal and
// close (issue 15): the renewal ask's buttons (Continue another term /
// Wrap up), and the words of the lifecycle's outbox messages (the ask, the
// extension notice, the closing thank-you with its recap), which the
// check-ins' Sender posts. The scheduler decides when (scheduler.Lifecycle);
// the store keeps the end dates and answers (store/sqldb/lifecyclesql).
//
// Privacy rule (docs/privacy.md): neither person learns the other's
// answer. A click is answered with the same words whatever the partner
// said or will say; the only thing either learns is the outcome, which both
// learn together: an extension notice when both continued, else the same
// close on the end date (a wrap-up and no answer look the same).
package lifecycle

import (
	"context"
	"log/slog"
	"time"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/store"
)

// Store is what the lifecycle needs from storage.
type Store interface {
	PairingByID(ctx context.Context, id int64) (store.Pairing, error)
	SentMessages(ctx context.Context, f store.SentFilter) ([]store.Delivery, error)
	AnswerRenewal(ctx context.Context, pairingID int64, slackID, answer string, length time.Duration) (store.RenewalResult, error)
	PairingTerm(ctx context.Context, pairingID int64) (store.Term, error)
	MetWeeks(ctx context.Context, pairingID int64, slackID string) (int, error)
}

// GoalsDone is optional: how many of a pairing's goals are done (the goals
// capability's store has it). Without it the recap leaves goals out.
type GoalsDone interface {
	GoalsDone(ctx context.Context, pairingID int64) (int, error)
}

// Config is what the lifecycle needs besides the core and store.
type Config struct {
	// Length is MENTORBOT_PAIRING_LENGTH: the extension's length.
	Length time.Duration
	// Goals, when set, gives the recap its goals-done line.
	Goals GoalsDone
	// Wake, when set, asks the scheduler to send what an answer queued
	// (the extension notices) now.
	Wake func()
}

// Lifecycle answers the renewal ask and renders the lifecycle's messages.
type Lifecycle struct {
	core  *bot.Bot
	store Store
	log   *slog.Logger
	cfg   Config
}

// New builds the capability over the core and a store.
func New(core *bot.Bot, st Store, cfg Config) *Lifecycle {
	return &Lifecycle{core: core, store: st, log: core.Logger(), cfg: cfg}
}

// Action IDs of the renewal ask: part of the contract with Slack (sent
// messages keep them). Both carry the pairing id as value.
const (
	blockRenewal          = "renewal"
	actionRenewalContinue = "renewal_continue"
	actionRenewalWrapUp   = "renewal_wrap_up"
)

// Routes are the renewal ask's two buttons; only a person of the pairing
// whom the bot sent that pairing's ask may click them.
func (l *Lifecycle) Routes() []bot.Route {
	return []bot.Route{
		bot.OnAction(actionRenewalContinue, l.askedPairing(), l.actAnswer(store.RenewalContinue)),
		bot.OnAction(actionRenewalWrapUp, l.askedPairing(), l.actAnswer(store.RenewalWrapUp)),
	}
}
