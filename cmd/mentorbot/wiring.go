package main

import (
	"context"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/admin"
	"github.com/mentorbot/mentorbot/bot/checkins"
	"github.com/mentorbot/mentorbot/bot/dashboard"
	"github.com/mentorbot/mentorbot/bot/directory"
	"github.com/mentorbot/mentorbot/bot/goals"
	"github.com/mentorbot/mentorbot/bot/pairing"
	"github.com/mentorbot/mentorbot/bot/profile"
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
}

// newBot builds the bot core and registers every capability with it. It
// is the one place the bot is wired: serve (and so the playground) and the
// tests' start-up helper all come through here.
func newBot(api bot.SlackAPI, db *sqldb.DB, cfg botConfig) (*bot.Bot, capabilities) {
	coreCfg := cfg.core
	coreCfg.Participant = db.Participant // help lists what the caller can use
	coreCfg.Paired = func(ctx context.Context, slackID string) (bool, error) {
		ps, err := db.ActivePairings(ctx, slackID)
		return len(ps) > 0, err
	}
	core := bot.New(api, db, coreCfg)
	// Goals render into the introduction, Home and check-ins (Wire below).
	goalsCap := goals.New(core, db)
	pairingCfg := cfg.pairing
	pairingCfg.IntroExtra = goalsCap
	caps := capabilities{
		admin:     admin.New(core, db, cfg.admin),
		pairing:   pairing.New(core, db, pairingCfg),
		dashboard: dashboard.New(core, db),
		goals:     goalsCap,
	}
	// Leaving rewrites the introductions that quoted the person; an
	// admin's Home tab is the dashboard.
	profileCfg := cfg.profile
	profileCfg.Intros = caps.pairing
	profileCfg.AdminHome = caps.dashboard
	profileCfg.HomeExtra = caps.goals
	caps.profile = profile.New(core, db, profileCfg)
	// A pause from an offer refreshes the Home tab.
	caps.checkins = checkins.New(core, db, checkins.Config{Home: caps.profile, Extras: caps.goals})
	caps.goals.Wire(caps.pairing, caps.profile, caps.checkins)
	core.Register(caps.profile.Routes()...)
	core.Register(caps.pairing.Routes()...)
	core.Register(caps.checkins.Routes()...)
	// Retention rewrites the introductions that quoted an erased person.
	dirCfg := cfg.directory
	dirCfg.Intros = caps.pairing
	caps.directory = directory.New(core, db, dirCfg)
	core.Register(caps.admin.Routes()...)
	core.Register(caps.directory.Routes()...)
	core.Register(caps.dashboard.Routes()...)
	core.Register(caps.goals.Routes()...)
	return core, caps
}
