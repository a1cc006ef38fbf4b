// Package goals is the capability of a pairing's goals and its fit pulse
// (issue 15): the Set our goals button on the introduction and its form
// (the mentee's), the goals in the introduction, /mentor goals and App
// Home, the monthly progress question in the mentee's first check-in of a
// month, and the confidential "How is the fit?" pulse after the first Met.
// It renders into other capabilities' messages through small interfaces
// (pairing's introduction, check-ins' messages, profile's Home) that
// cmd/mentorbot wires; it imports none of them.
package goals

import (
	"context"
	"log/slog"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/store"
)

// Store is what goals need from storage.
type Store interface {
	Participant(ctx context.Context, slackID string) (store.Participant, error)
	ActivePairings(ctx context.Context, slackID string) ([]store.Pairing, error)
	PairingByID(ctx context.Context, id int64) (store.Pairing, error)

	Goals(ctx context.Context, pairingID int64) ([]store.Goal, error)
	SetGoals(ctx context.Context, pairingID int64, menteeSlack string, goals []store.GoalInput) ([]store.Goal, error)
	GoalByID(ctx context.Context, id int64) (store.Goal, error)
	CheckinGoals(ctx context.Context, checkinID int64) (store.CheckinGoals, error)
	RecordGoalProgress(ctx context.Context, goalID, checkinID int64, menteeSlack, status string) (bool, error)
	RecordFit(ctx context.Context, pairingID int64, slackID, answer string) (bool, error)
	IntroOf(ctx context.Context, pairingID int64) (channel, ts string, err error)

	// Ownership lookups of the gate rules (rules.go).
	DeliveryByID(ctx context.Context, id int64) (store.Delivery, error)
	SentMessages(ctx context.Context, f store.SentFilter) ([]store.Delivery, error)
}

// IntroRefresher re-renders a pairing's introduction (the pairing
// capability does), so that it shows the goals just set.
type IntroRefresher interface {
	RefreshIntro(ctx context.Context, p store.Pairing, channel, ts string) error
}

// HomePublisher re-renders a person's App Home tab (profile does).
type HomePublisher interface {
	PublishHome(ctx context.Context, user string)
}

// CheckinRenderer renders a check-in's whole current message (check-ins
// do), after a goal's progress was answered on it.
type CheckinRenderer interface {
	CheckinMessage(ctx context.Context, checkinID int64) (string, []slack.Block, error)
}

// Goals answers goal and fit-pulse buttons and forms.
type Goals struct {
	core     *bot.Bot
	api      bot.SlackAPI
	store    Store
	log      *slog.Logger
	intros   IntroRefresher
	home     HomePublisher
	checkins CheckinRenderer
}

// New builds the capability over the core and a store; Wire gives it the
// other capabilities it renders into (they need it too, hence afterwards).
func New(core *bot.Bot, st Store) *Goals {
	return &Goals{core: core, api: core.Slack(), store: st, log: core.Logger()}
}

// Wire passes the introduction, Home and check-in renderers (any may be nil).
func (g *Goals) Wire(intros IntroRefresher, home HomePublisher, checkins CheckinRenderer) {
	g.intros, g.home, g.checkins = intros, home, checkins
}

// Block, action and callback IDs: part of the contract with Slack (stored
// messages keep them). Set/edit buttons carry the pairing id, progress
// buttons the goal id, fit buttons the fit pulse's delivery id.
const (
	actionGoalsSet          = "goals_set"
	actionGoalNotStarted    = "goal_not_started"
	actionGoalProgressing   = "goal_progressing"
	actionGoalDone          = "goal_done"
	actionFitGood           = "fit_good"
	actionFitNotSure        = "fit_not_sure"
	actionFitNotAFit        = "fit_not_a_fit"
	callbackGoals           = "goals"
	blockGoalsActions       = "goals_actions"
	blockGoalPrefix         = "goal_"      // + position: the goal's text input
	blockGoalDatePrefix     = "goal_date_" // + position: its target date
	blockGoalProgressPrefix = "goal_progress_"
	blockFit                = "fit_pulse"
)

// Routes are the command, buttons and form goals answer.
func (g *Goals) Routes() []bot.Route {
	return []bot.Route{
		bot.OnCommand(bot.CommandSpec{Name: "goals", Usage: "/mentor goals", Help: "see your pairing's goals and their progress", HelpRank: 75, For: bot.ForPaired},
			bot.Self(), g.cmdGoals),
		bot.OnAction(actionGoalsSet, g.pairingMember(), g.actSetGoals),
		bot.OnView(callbackGoals, g.goalsForm(), g.viewGoals),
		bot.OnAction(actionGoalNotStarted, g.ownGoal(), g.actProgress(store.GoalNotStarted)),
		bot.OnAction(actionGoalProgressing, g.ownGoal(), g.actProgress(store.GoalProgressing)),
		bot.OnAction(actionGoalDone, g.ownGoal(), g.actProgress(store.GoalDone)),
		bot.OnAction(actionFitGood, g.ownPulse(), g.actFit(store.FitGood)),
		bot.OnAction(actionFitNotSure, g.ownPulse(), g.actFit(store.FitNotSure)),
		bot.OnAction(actionFitNotAFit, g.ownPulse(), g.actFit(store.FitNotAFit)),
	}
}
