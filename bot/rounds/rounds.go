// Package rounds is the networking rounds capability (product.md
// "Networking rounds"): admins start a series on a channel, channel
// members opt in with a button or `/mentor rounds join`, and on the rounds
// schedule the scheduler groups them (Grouper, with bot/match/groups) and
// sends each group a group DM and each person a private midpoint "Did you
// meet?" through the rounds' outbox (Sender). See docs/rounds.md.
package rounds

import (
	"context"
	"log/slog"
	"time"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/match/groups"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// Store is what the capability needs from storage.
type Store interface {
	StartSeries(ctx context.Context, n store.NewRoundSeries) (store.RoundSeries, error)
	StopSeries(ctx context.Context, channelID string) (bool, error)
	ActiveSeries(ctx context.Context) ([]store.RoundSeries, error)
	SeriesByChannel(ctx context.Context, channelID string) (store.RoundSeries, error)
	SeriesByID(ctx context.Context, id int64) (store.RoundSeries, error)
	JoinRounds(ctx context.Context, seriesID int64, slackID, timezone string) (bool, error)
	LeaveRounds(ctx context.Context, seriesID int64, slackID string) (bool, error)
	SkipNextRound(ctx context.Context, seriesID int64, slackID string) (bool, error)
	RoundMessage(ctx context.Context, id int64) (store.RoundMessage, error)
	AnswerRound(ctx context.Context, groupID int64, slackID, answer string) (bool, error)
	Participant(ctx context.Context, slackID string) (store.Participant, error)
}

// Config is what the capability needs besides the core and store.
type Config struct {
	// Schedule is MENTORBOT_ROUNDS_SCHEDULE, to tell an admin when the
	// first round is. Optional.
	Schedule *scheduler.Spec
	// Weights weigh department, overlap and topics in the grouping;
	// zero means groups.DefaultWeights.
	Weights groups.Weights
}

// Rounds is the capability.
type Rounds struct {
	core    *bot.Bot
	api     bot.SlackAPI
	store   Store
	log     *slog.Logger
	spec    *scheduler.Spec
	weights groups.Weights
}

// New builds the capability over the core and a store.
func New(core *bot.Bot, st Store, cfg Config) *Rounds {
	w := cfg.Weights
	if w == (groups.Weights{}) {
		w = groups.DefaultWeights()
	}
	return &Rounds{core: core, api: core.Slack(), store: st, log: core.Logger(), spec: cfg.Schedule, weights: w}
}

// Action ids (part of the contract with Slack).
const (
	actionJoin   = "rounds_join"
	actionLeave  = "rounds_leave"
	actionSkip   = "rounds_skip"
	actionMet    = "rounds_met"
	actionNotYet = "rounds_not_yet"
	blockJoin    = "rounds_join"
	blockMember  = "rounds_member"
	blockAsk     = "rounds_ask"
)

// RefersRoundAsk: a rounds ask's id; only the person it was sent to may
// answer it.
const RefersRoundAsk bot.Refers = "round ask"

// Routes registers the admin commands, the join command and the buttons.
// Join, Leave rounds and Skip next round act only on the clicker's own
// membership (Self): the value names a channel or series, and the handler
// checks it is running and, for joining, that the clicker is in the
// channel. Met / Not yet are gated to the person the ask went to.
func (rd *Rounds) Routes() []bot.Route {
	admin := bot.AdminOnly()
	return []bot.Route{
		bot.OnCommand(bot.CommandSpec{Name: "rounds start", Args: bot.ArgsCustom, Parse: parseStart,
			Usage: "/mentor rounds start #channel [every N weeks] [groups of 2|3]",
			Help:  "start networking rounds in a channel (defaults: every 2 weeks, groups of 2)", HelpRank: 700}, admin, rd.cmdStart),
		bot.OnCommand(bot.CommandSpec{Name: "rounds list", Args: bot.ArgsNone, Usage: "/mentor rounds list",
			Help: "list the networking rounds that are running", HelpRank: 701}, admin, rd.cmdList),
		bot.OnCommand(bot.CommandSpec{Name: "rounds stop", Args: bot.ArgsCustom, Parse: parseChannelOnly("rounds stop"),
			Usage: "/mentor rounds stop #channel", Help: "stop a channel's networking rounds", HelpRank: 702}, admin, rd.cmdStop),
		bot.OnCommand(bot.CommandSpec{Name: "rounds join", Args: bot.ArgsCustom, Parse: parseChannelOnly("rounds join"),
			Usage: "/mentor rounds join #channel", Help: "join a channel's networking rounds (coffee chats with colleagues)", HelpRank: 650},
			bot.Self(), rd.cmdJoin),
		bot.OnCommand(bot.CommandSpec{Name: "rounds leave", Args: bot.ArgsCustom, Parse: parseChannelOnly("rounds leave"),
			Usage: "/mentor rounds leave #channel", Help: "leave a channel's networking rounds", HelpRank: 651},
			bot.Self(), rd.cmdLeave),
		bot.OnAction(actionJoin, bot.Self(), rd.actJoin),
		bot.OnAction(actionLeave, bot.Self(), rd.actLeave),
		bot.OnAction(actionSkip, bot.Self(), rd.actSkip),
		bot.OnAction(actionMet, rd.ownAsk(), rd.actAnswer(store.RoundMet)),
		bot.OnAction(actionNotYet, rd.ownAsk(), rd.actAnswer(store.RoundNotYet)),
	}
}

// ownAsk: the button's value is a rounds ask's id; only its recipient may
// answer, and the message to rewrite is that ask.
func (rd *Rounds) ownAsk() bot.Rule {
	return bot.Rule{Refers: RefersRoundAsk, Resolve: func(ctx context.Context, in bot.Input) (bot.Target, error) {
		id, err := bot.ParseRef(RefersRoundAsk, in.Value)
		if err != nil {
			return bot.Target{}, err
		}
		m, err := rd.store.RoundMessage(ctx, id)
		if err != nil {
			return bot.Target{}, bot.LookupFailed(RefersRoundAsk, id, err)
		}
		if m.Kind != store.RoundAsk || m.Recipient != in.UserID {
			return bot.Target{}, bot.NotTheirs(RefersRoundAsk, id)
		}
		t := bot.Target{ID: id}
		if m.State == store.DeliverySent && m.ChannelID != "" && m.MessageTS != "" {
			t.Message = bot.SentMessage{Channel: m.ChannelID, TS: m.MessageTS}
		}
		return t, nil
	}}
}

// firstRound is when a series started now has its first round.
func (rd *Rounds) firstRound(now time.Time) (time.Time, bool) {
	if rd.spec == nil {
		return time.Time{}, false
	}
	return rd.spec.Next(now.Add(-time.Nanosecond), time.UTC, "", time.Time{})
}
