// Package pairing is the capability that makes pairs: the matching
// preview and its confirmation, /mentor find and mentor requests, manual
// pair and unpair, and the introductions (rewritten when someone leaves).
package pairing

import (
	"context"
	"log/slog"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/match"
	"github.com/mentorbot/mentorbot/store"
)

// Store is what the pairing capability needs from storage.
type Store interface {
	Participant(ctx context.Context, slackID string) (store.Participant, error)
	Participants(ctx context.Context, program string) ([]store.Participant, error)
	ActivePairings(ctx context.Context, slackID string) ([]store.Pairing, error)
	AllActivePairings(ctx context.Context, program string) ([]store.Pairing, error)
	PairHistory(ctx context.Context) (map[[2]string]bool, error)

	CreatePairing(ctx context.Context, np store.NewPairing) (store.Pairing, error)
	SetPairingIntro(ctx context.Context, id int64, channelID, ts string) error
	EndPairing(ctx context.Context, a, b, reason string) (store.Pairing, error)

	MatchFingerprint(ctx context.Context) (string, error)
	SaveProposal(ctx context.Context, program, adminID, fingerprint, body string) (int64, error)
	Proposal(ctx context.Context, id int64) (store.Proposal, error)
	ConfirmProposal(ctx context.Context, id int64, pairs []store.ProposedPair, program string) ([]store.Pairing, error)
	CancelProposal(ctx context.Context, id int64) error

	CreateRequest(ctx context.Context, menteeSlack, mentorSlack string) (store.Request, error)
	RequestByID(ctx context.Context, id int64) (store.Request, error)
	DeclinedOrPending(ctx context.Context, menteeSlack string) (map[string]bool, error)
	SetRequestMessage(ctx context.Context, id int64, channelID, ts string) error
	AcceptRequest(ctx context.Context, id int64, mentorSlack string) (store.Accepted, error)
	DeclineRequest(ctx context.Context, id int64, mentorSlack string) (store.Request, error)
}

// Config is what the pairing capability needs besides the core and store.
type Config struct {
	// Weights are the matching weights (zero value: match.DefaultWeights).
	Weights match.Weights
	// IntroExtra, when set, adds blocks to every introduction (goals: the
	// Set our goals button and the goals once set).
	IntroExtra IntroExtra
	// Circles, when set, adds the open mentoring circles to /mentor find.
	Circles CircleLister
}

// IntroExtra renders what another capability adds to an introduction.
type IntroExtra interface {
	IntroBlocks(ctx context.Context, p store.Pairing) []slack.Block
}

// CircleLister lists the open circles for a person, with Join buttons.
type CircleLister interface {
	CircleBlocks(ctx context.Context, user string) []slack.Block
}

// Matchmaker answers matching, requests and manual pairing.
type Matchmaker struct {
	core    *bot.Bot
	api     bot.SlackAPI
	store   Store
	log     *slog.Logger
	weights match.Weights
	extra   IntroExtra
	circles CircleLister
}

// New builds the capability over the core and a store.
func New(core *bot.Bot, st Store, cfg Config) *Matchmaker {
	return &Matchmaker{core: core, api: core.Slack(), store: st, log: core.Logger(), weights: cfg.Weights, extra: cfg.IntroExtra, circles: cfg.Circles}
}

// Action IDs of the pairing's messages: part of the contract with Slack
// (stored messages keep them).
const (
	actionMatchConfirm   = "match_confirm"
	actionMatchCancel    = "match_cancel"
	actionFindRequest    = "find_request"
	actionRequestAccept  = "request_accept"
	actionRequestDecline = "request_decline"
)

// Routes are the commands and buttons the pairing answers.
func (m *Matchmaker) Routes() []bot.Route {
	return []bot.Route{
		bot.OnCommand(bot.CommandSpec{Name: "find", Usage: "/mentor find", Help: "see your top 3 suggested mentors and request one", HelpRank: 40, For: bot.ForMentees},
			bot.Self(), m.cmdFind),
		bot.OnCommand(bot.CommandSpec{Name: "pair", Args: bot.ArgsTwoUsers, Usage: "/mentor pair @mentor @mentee", Help: "pair two people by hand", HelpRank: 140},
			bot.AdminOnly(), m.cmdPair),
		bot.OnCommand(bot.CommandSpec{Name: "unpair", Args: bot.ArgsTwoUsers, Usage: "/mentor unpair @a @b", Syntax: "/mentor unpair @person @person",
			Help: "end a pairing", HelpRank: 150}, bot.AdminOnly(), m.cmdUnpair),
		bot.OnCommand(bot.CommandSpec{Name: "match", Args: bot.ArgsProgram, Usage: "/mentor match [program]", Help: "preview the best matching, then confirm", HelpRank: 130},
			bot.AdminOnly(), m.cmdMatch),

		bot.OnAction(actionMatchConfirm, m.myProposal(), m.actMatchConfirm),
		bot.OnAction(actionMatchCancel, m.myProposal(), m.actMatchCancel),
		// The value names a mentor to ask: asking is the mentee's own act,
		// and the matching rules decide whether that pair may be.
		bot.OnAction(actionFindRequest, bot.Self(), m.actFindRequest),
		bot.OnAction(actionRequestAccept, m.requestToMe(), m.actRequestAccept),
		bot.OnAction(actionRequestDecline, m.requestToMe(), m.actRequestDecline),
	}
}
