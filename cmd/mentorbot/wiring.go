package main

import (
	"context"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/admin"
	"github.com/mentorbot/mentorbot/bot/checkins"
	"github.com/mentorbot/mentorbot/bot/circles"
	"github.com/mentorbot/mentorbot/bot/dashboard"
	"github.com/mentorbot/mentorbot/bot/directory"
	"github.com/mentorbot/mentorbot/bot/goals"
	"github.com/mentorbot/mentorbot/bot/lifecycle"
	"github.com/mentorbot/mentorbot/bot/pairing"
	"github.com/mentorbot/mentorbot/bot/profile"
	"github.com/mentorbot/mentorbot/bot/rounds"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// botConfig is what newBot needs: the core's configuration and each
// capability's.
type botConfig struct {
	core      bot.Config
	admin     admin.Config
	profile   profile.Config
	pairing   pairing.Config
	directory directory.Config
	lifecycle lifecycle.Config
	rounds    rounds.Config
}

// capabilities are the capability packages newBot registered, for the
// parts of them serve wires further (the scheduler's sender side).
type capabilities struct {
	admin     *admin.Admin
	profile   *profile.Profile
	pairing   *pairing.Matchmaker
	checkins  *checkins.Checkins
	directory *directory.Directory
	dashboard *dashboard.Dashboard
	goals     *goals.Goals
	lifecycle *lifecycle.Lifecycle
	rounds    *rounds.Rounds
	circles   *circles.Circles
}

// newBot builds the bot core and registers every capability with it. It
// is the one place the bot is wired: serve (and so the playground) and the
// tests' start-up helper all come through here.
func newBot(api bot.SlackAPI, db *sqldb.DB, cfg botConfig) (*bot.Bot, capabilities) {
	coreCfg := cfg.core
	coreCfg.Status = db.StatusOf // help lists what the caller can use; from the in-memory model while it is current
	// help and status answer from the read loop when they can (bot/now.go);
	// db is nil in tests of the wiring alone.
	var instant profile.Instant
	if db != nil {
		views := db.Instant()
		instant, coreCfg.VersionNow = views, views.VersionNow
		coreCfg.StatusNow = func(id string, version uint64) (store.Status, bool, error) {
			st, _, ok, err := views.StatusAt(id, version)
			return st, ok, err
		}
	}
	core := bot.New(api, db, coreCfg)
	// Goals render into the introduction, Home and check-ins (Wire below).
	goalsCap := goals.New(core, db)
	// Mentoring circles: big ones get a private channel (conversations.create).
	chans, _ := core.Slack().(circles.ChannelAPI) // acks first, like every call
	circlesCap := circles.New(core, db, circles.Config{Channels: chans})
	pairingCfg := cfg.pairing
	pairingCfg.IntroExtra = goalsCap
	pairingCfg.Circles = circlesCap // circles show in /mentor find
	caps := capabilities{
		admin:     admin.New(core, db, cfg.admin),
		pairing:   pairing.New(core, db, pairingCfg),
		dashboard: dashboard.New(core, db),
		goals:     goalsCap,
		circles:   circlesCap,
	}
	caps.dashboard.SetMinGroup(cfg.admin.MinGroup)
	// Leaving rewrites the introductions that quoted the person; an
	// admin's Home tab is the dashboard.
	profileCfg := cfg.profile
	profileCfg.Intros = introRewriters{caps.pairing, caps.circles}
	profileCfg.AdminHome = caps.dashboard
	profileCfg.HomeSections = []profile.HomeSection{caps.goals, caps.circles}
	profileCfg.Instant = instant
	caps.profile = profile.New(core, db, profileCfg)
	caps.circles.SetHome(caps.profile)
	// A pause from an offer refreshes the Home tab.
	caps.checkins = checkins.New(core, db, checkins.Config{Home: caps.profile, Extras: caps.goals})
	caps.goals.Wire(caps.pairing, caps.profile, caps.checkins)
	core.Register(caps.profile.Routes()...)
	core.Register(caps.pairing.Routes()...)
	core.Register(caps.checkins.Routes()...)
	// Retention rewrites the introductions that quoted an erased person.
	dirCfg := cfg.directory
	dirCfg.Intros = introRewriters{caps.pairing, caps.circles}
	caps.directory = directory.New(core, db, dirCfg)
	core.Register(caps.admin.Routes()...)
	core.Register(caps.directory.Routes()...)
	core.Register(caps.dashboard.Routes()...)
	core.Register(caps.goals.Routes()...)
	// The recap counts the goals done.
	lifeCfg := cfg.lifecycle
	lifeCfg.Goals = db
	caps.lifecycle = lifecycle.New(core, db, lifeCfg)
	core.Register(caps.lifecycle.Routes()...)
	caps.rounds = rounds.New(core, db, cfg.rounds)
	core.Register(caps.rounds.Routes()...)
	core.Register(caps.circles.Routes()...)
	return core, caps
}

// introRewriters sends a circle's introduction (IntroRef.CircleID set) to
// the circles capability and a pairing's to pairing.
type introRewriters struct{ pairing, circles introRewriter }

type introRewriter interface {
	RewriteIntro(ctx context.Context, ref store.IntroRef) error
}

func (r introRewriters) RewriteIntro(ctx context.Context, ref store.IntroRef) error {
	if ref.CircleID != 0 {
		return r.circles.RewriteIntro(ctx, ref)
	}
	return r.pairing.RewriteIntro(ctx, ref)
}
