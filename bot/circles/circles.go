// Package circles is the capability of mentoring circles (issue 18): one
// lead (a mentor) and a small group in one conversation. Admins create,
// list and close circles; employees join and leave them from `/mentor
// find` and App Home; each person in a circle gets their own check-ins on
// the circle's cadence (through the scheduler's outbox: this package
// renders those rows and takes their answers) and a feedback form. See
// docs/circles.md.
package circles

import (
	"context"
	"log/slog"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/store"
)

// Store is what circles need from storage.
type Store interface {
	Participant(ctx context.Context, slackID string) (store.Participant, error)

	CreateCircle(ctx context.Context, n store.NewCircle) (store.Circle, error)
	Program(ctx context.Context, name string) (store.Program, error)
	SetCircleChannel(ctx context.Context, id int64, channel string) error
	AddCircleMessage(ctx context.Context, m store.CircleMessage) error
	OpenCircleByName(ctx context.Context, name string) (store.Circle, error)
	CircleByID(ctx context.Context, id int64) (store.Circle, error)
	OpenCircles(ctx context.Context) ([]store.Circle, error)
	MyCircles(ctx context.Context, slackID string) ([]store.Circle, error)
	CircleMembers(ctx context.Context, circleID int64) ([]store.CircleMember, error)
	IsCircleMember(ctx context.Context, circleID int64, slackID string) (bool, error)
	JoinCircle(ctx context.Context, circleID int64, slackID string) (store.CircleJoin, error)
	LeaveCircle(ctx context.Context, circleID int64, slackID string) (store.Circle, error)
	CloseCircle(ctx context.Context, circleID int64, reason string) (store.CircleEnded, error)

	CircleCheckinByID(ctx context.Context, id int64) (store.CircleCheckin, error)
	AnswerCircleCheckin(ctx context.Context, id int64, slackID, answer string) (store.CircleAnswer, error)
	SaveCircleFeedback(ctx context.Context, f store.NewCircleFeedback) (bool, error)
	DeliveryByID(ctx context.Context, id int64) (store.Delivery, error)
	SentMessages(ctx context.Context, f store.SentFilter) ([]store.Delivery, error)
}

// ChannelAPI is what a circle too big for a group DM needs from Slack: a
// private channel and invitations (scope groups:write). *slack.Client
// implements it.
type ChannelAPI interface {
	CreateConversationContext(ctx context.Context, params slack.CreateConversationParams) (*slack.Channel, error)
	InviteUsersToConversationContext(ctx context.Context, channelID string, users ...string) (*slack.Channel, error)
}

// HomePublisher re-renders a person's App Home tab after a join or leave.
type HomePublisher interface {
	PublishHome(ctx context.Context, user string)
}

// Config is what circles need besides the core and store.
type Config struct {
	// Channels creates private channels; without it a circle too big for
	// a group DM gets no conversation (and the admin is told).
	Channels ChannelAPI
	Home     HomePublisher
}

// Circles answers the circle commands, buttons and forms.
type Circles struct {
	core  *bot.Bot
	api   bot.SlackAPI
	chans ChannelAPI
	store Store
	log   *slog.Logger
	home  HomePublisher
}

// New builds the capability over the core and a store.
func New(core *bot.Bot, st Store, cfg Config) *Circles {
	return &Circles{core: core, api: core.Slack(), chans: cfg.Channels, store: st, log: core.Logger(), home: cfg.Home}
}

// SetHome sets the Home publisher (the profile capability, built later).
func (c *Circles) SetHome(h HomePublisher) { c.home = h }

// Block, action and callback IDs: part of the contract with Slack.
const (
	actionJoin          = "circle_join"  // value: circle id
	actionLeave         = "circle_leave" // value: circle id
	actionCheckinMet    = "circle_checkin_met"
	actionCheckinNotYet = "circle_checkin_not_yet"
	actionCheckinHelp   = "circle_checkin_need_help" // values: circle check-in id
	actionFeedbackOpen  = "circle_feedback_open"     // value: delivery id

	callbackCreate   = "circle_create"
	callbackFeedback = "circle_feedback"

	blockName     = "circle_name"
	blockTopic    = "circle_topic"
	blockDesc     = "circle_description"
	blockSize     = "circle_size"
	blockSeats    = "circle_seats"
	blockCadence  = "circle_cadence"
	blockProgram  = "circle_program"
	blockCheckin  = "circle_checkin"
	blockRating   = "rating"
	blockWentWell = "went_well"
	blockToChange = "to_change"
)

// Routes are the circle commands, buttons and forms with their rules.
func (c *Circles) Routes() []bot.Route {
	return []bot.Route{
		bot.OnCommand(bot.CommandSpec{Name: "circle create", Args: bot.ArgsCustom, Parse: parseCreate, Usage: "/mentor circle create NAME @lead",
			Help: "start a mentoring circle led by a mentor", HelpRank: 235}, bot.AdminOnly(), c.cmdCreate),
		bot.OnCommand(bot.CommandSpec{Name: "circle list", Usage: "/mentor circle list", Help: "list the open circles", HelpRank: 236},
			bot.AdminOnly(), c.cmdList),
		bot.OnCommand(bot.CommandSpec{Name: "circle close", Args: bot.ArgsCustom, Parse: parseClose, Usage: "/mentor circle close NAME",
			Help: "close a circle (everyone gets a closing feedback prompt)", HelpRank: 237}, bot.AdminOnly(), c.cmdClose),
		bot.OnView(callbackCreate, bot.AdminOnly(), c.viewCreate),

		bot.OnAction(actionJoin, c.openCircle(), c.actJoin),
		bot.OnAction(actionLeave, c.memberOf(), c.actLeave),
		bot.OnAction(actionCheckinMet, c.ownCheckin(), c.actCheckin(store.AnswerMet)),
		bot.OnAction(actionCheckinNotYet, c.ownCheckin(), c.actCheckin(store.AnswerNotYet)),
		bot.OnAction(actionCheckinHelp, c.ownCheckin(), c.actCheckin(store.AnswerNeedHelp)),
		bot.OnAction(actionFeedbackOpen, c.ownPrompt(), c.actFeedbackOpen),
		bot.OnView(callbackFeedback, c.feedbackForm(), c.viewFeedback),
	}
}

// now is the bot's clock in UTC.
func (c *Circles) now() time.Time { return c.core.Now().UTC() }
