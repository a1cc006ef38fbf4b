// Package profile is the capability of a person's own record and data
// rights: sign-up and the profile form, status, pause and resume, export,
// leave, and the App Home tab.
package profile

import (
	"context"
	"log/slog"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/keylock"
	"github.com/mentorbot/mentorbot/store"
)

// Store is what the profile capability needs from storage.
type Store interface {
	SaveProfile(ctx context.Context, p store.Profile) (bool, error)
	Participant(ctx context.Context, slackID string) (store.Participant, error)
	StatusOf(ctx context.Context, slackID string) (store.Status, error)
	Pause(ctx context.Context, slackID string, until *time.Time) error
	Resume(ctx context.Context, slackID string) error
	ExportPerson(ctx context.Context, slackID string) (store.Export, error)
	Leave(ctx context.Context, slackID string) (store.Departure, error)
	EraseFromDisk(ctx context.Context) error
	Programs(ctx context.Context) ([]store.Program, error)
}

// Instant answers status's reads at once from memory at the store's
// version (read by the read loop), or says it cannot (ok false;
// store/sqldb's model: viewsql.Views): the person's status, which the
// caller only reads, and whether the workspace has programs; the programs,
// which the caller only reads too, for the sign-up form's check.
type Instant interface {
	StatusAt(slackID string, version uint64) (st store.Status, hasPrograms, ok bool, err error)
	ProgramsAt(version uint64) ([]store.Program, bool)
}

// IntroRewriter rewrites an introduction that quoted a person who left
// (the pairing capability does).
type IntroRewriter interface {
	RewriteIntro(ctx context.Context, ref store.IntroRef) error
}

// Config is what the profile capability needs besides the core and store.
type Config struct {
	// Intros rewrites introductions when someone leaves.
	Intros IntroRewriter
	// Instant, when set, lets status answer from the read loop.
	Instant Instant
	// NextCheckIn, when set, tells when a pairing's next check-in is due for
	// a person (the scheduler knows); status shows it.
	NextCheckIn func(p store.Participant, pr store.Pairing, now time.Time) (time.Time, bool)
	// Zone, when set, loads a person's time zone (the scheduler keeps
	// them loaded); status shows its dates in it.
	Zone func(name string) *time.Location
	// AdminHome, when set, is a program admin's Home tab instead of the
	// employee's (the dashboard).
	AdminHome AdminHome
	// HomeSections, when set, add sections to an employee's Home (goals,
	// the open mentoring circles).
	HomeSections []HomeSection
}

// HomeSection renders what another capability adds to a person's Home tab.
type HomeSection interface {
	HomeBlocks(ctx context.Context, user string) []slack.Block
}

// AdminHome publishes a program admin's Home tab.
type AdminHome interface {
	PublishDashboard(ctx context.Context, user string)
}

// Profile answers a person's commands about themself.
type Profile struct {
	core         *bot.Bot
	api          bot.SlackAPI
	store        Store
	log          *slog.Logger
	intros       IntroRewriter
	nextCheckIn  func(p store.Participant, pr store.Pairing, now time.Time) (time.Time, bool)
	adminHome    AdminHome
	homeSections []HomeSection
	zones        func(name string) *time.Location
	instant      Instant
	publishing   keylock.Locks // a person's Home tab, from read to publish
}

// New builds the capability over the core and a store.
func New(core *bot.Bot, st Store, cfg Config) *Profile {
	return &Profile{core: core, api: core.Slack(), store: st, log: core.Logger(), intros: cfg.Intros, nextCheckIn: cfg.NextCheckIn, adminHome: cfg.AdminHome, homeSections: cfg.HomeSections, zones: cfg.Zone, instant: cfg.Instant}
}

// Callback, block and action IDs of the profile's views and messages: part
// of the contract with Slack (stored messages keep them).
const (
	callbackSignup  = "signup"
	blockRole       = "role"
	blockTeaches    = "teaches"
	blockLearns     = "learns"
	blockGoals      = "goals"
	blockDepartment = "department"
	blockSeniority  = "seniority"
	blockManager    = "manager"
	blockCapacity   = "capacity"
	blockCadence    = "cadence"
	blockPrograms   = "programs"

	actionLeaveConfirm = "leave_confirm"
	actionLeaveCancel  = "leave_cancel"
	actionOpenSignup   = "open_signup"
	actionHomePause    = "home_pause"
	actionHomeResume   = "home_resume"
	actionHomeStatus   = "home_status"
	actionHomeFind     = "home_find"
	actionHomeFeedback = "home_feedback"
)

// Routes are the commands, buttons, form and event the profile answers;
// each acts only on the user's own record.
func (pf *Profile) Routes() []bot.Route {
	cmd := func(name, usage, help string, rank int, forWhom func(bot.Caller) bool) bot.CommandSpec {
		return bot.CommandSpec{Name: name, Usage: usage, Help: help, HelpRank: rank, For: forWhom}
	}
	status := cmd("status", "/mentor status", "your role, pairings and check-ins", 30, bot.ForParticipants)
	status.AnswerOnly = true // read-only; answered in the ack
	status.Now = pf.statusNow
	pause := cmd("pause", "/mentor pause [weeks]", "no matching and no check-ins for a while", 50, bot.ForActive)
	pause.Args = bot.ArgsWeeks
	pause.BadArg = "Pause takes a number of weeks from 1 to 52, e.g. `/mentor pause 2`, or nothing to pause until you resume."
	return []bot.Route{
		bot.OnCommand(cmd("signup", "/mentor signup", "join the program (opens a short form)", 10, bot.ForNewcomers), bot.Self(), pf.cmdSignup),
		bot.OnCommand(cmd("profile", "/mentor profile", "edit your profile", 20, bot.ForParticipants), bot.Self(), pf.cmdProfile),
		bot.OnCommand(status, bot.Self(), pf.cmdStatus),
		bot.OnCommand(pause, bot.Self(), pf.cmdPause),
		bot.OnCommand(cmd("resume", "/mentor resume", "come back from a pause", 60, bot.ForPaused), bot.Self(), pf.cmdResume),
		bot.OnCommand(cmd("export", "/mentor export", "get everything I store about you, as a file", 80, bot.ForParticipants), bot.Self(), pf.cmdExport),
		bot.OnCommand(cmd("leave", "/mentor leave", "leave the program and erase your data", 90, bot.ForParticipants), bot.Self(), pf.cmdLeave),

		bot.OnAction(actionLeaveConfirm, bot.Self(), pf.actLeaveConfirm),
		bot.OnAction(actionLeaveCancel, bot.Self(), pf.actLeaveCancel),
		bot.OnAction(actionOpenSignup, bot.Self(), pf.actOpenSignup),
		bot.OnAction(actionHomePause, bot.Self(), pf.actHomePause),
		bot.OnAction(actionHomeResume, bot.Self(), pf.actHomeResume),
		bot.OnAction(actionHomeStatus, bot.Self(), pf.actHomeStatus),
		// These run a subcommand, which passes its own rule (RunCommand).
		bot.OnAction(actionHomeFind, bot.Self(), pf.actRunCommand("find")),
		bot.OnAction(actionHomeFeedback, bot.Self(), pf.actRunCommand("feedback")),

		bot.OnView(callbackSignup, bot.Self(), pf.viewSignup).CheckedNow(pf.viewSignupNow),

		bot.OnEvent(string(slackevents.AppHomeOpened), bot.Self(), pf.evHomeOpened),
	}
}

// actRunCommand makes a button that runs a subcommand (App Home buttons).
func (pf *Profile) actRunCommand(name string) bot.ActionHandler {
	return func(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
		pf.core.RunCommand(ctx, r, name)
	}
}

// evHomeOpened renders the Home tab when the person opens it.
func (pf *Profile) evHomeOpened(ctx context.Context, r bot.Request, ev slackevents.EventsAPIInnerEvent) {
	if e, ok := ev.Data.(*slackevents.AppHomeOpenedEvent); ok && (e.Tab == "" || e.Tab == "home") {
		pf.PublishHome(ctx, r.UserID)
	}
}
