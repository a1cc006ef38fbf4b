// Package admin is the administration capability: programs (create, list,
// close), the program report and the sign-up announcement. The dashboard
// and the digest come here next.
package admin

import (
	"context"
	"log/slog"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/report"
)

// Store is what administration needs from storage.
type Store interface {
	CreateProgram(ctx context.Context, np store.NewProgram) (store.Program, error)
	Programs(ctx context.Context) ([]store.Program, error)
	CloseProgram(ctx context.Context, name string) ([]store.Pairing, error)
	ReportData(ctx context.Context, scope report.Scope) (report.Raw, error)
}

// Config is what administration needs besides its collaborators.
type Config struct {
	// MinGroup is the smallest group shown in report aggregates (default 5).
	MinGroup int
}

// Admin answers the admin commands.
type Admin struct {
	core     *bot.Bot
	api      bot.SlackAPI
	store    Store
	log      *slog.Logger
	minGroup int
}

// New builds the capability over the core and a store.
func New(core *bot.Bot, st Store, cfg Config) *Admin {
	a := &Admin{core: core, api: core.Slack(), store: st, log: core.Logger(), minGroup: cfg.MinGroup}
	if a.minGroup < 1 {
		a.minGroup = 5
	}
	return a
}

// Callback, block and action IDs of administration's views and messages:
// part of the contract with Slack (stored messages keep them).
const (
	callbackProgram   = "program_create"
	blockProgramName  = "program_name"
	blockProgramStart = "program_start"
	blockProgramEnd   = "program_end"
	blockProgramDesc  = "program_description"
	blockProgramCad   = "program_cadence"

	// actionOpenSignup is the sign-up button the announcement carries; the
	// profile capability answers it.
	actionOpenSignup = "open_signup"
)

// Routes are the commands and views administration answers; every one is
// for program admins only.
func (a *Admin) Routes() []bot.Route {
	return []bot.Route{
		bot.OnCommand(bot.CommandSpec{Name: "program create", Args: bot.ArgsProgramRequired, Usage: "/mentor program create NAME",
			Help: "create a program (cohort)", HelpRank: 100}, bot.AdminOnly(), a.cmdProgramCreate),
		bot.OnCommand(bot.CommandSpec{Name: "program list", Usage: "/mentor program list", Help: "list programs", HelpRank: 110},
			bot.AdminOnly(), a.cmdProgramList),
		bot.OnCommand(bot.CommandSpec{Name: "program close", Args: bot.ArgsProgramRequired, Usage: "/mentor program close NAME",
			Help: "close a program and end its pairings", HelpRank: 120}, bot.AdminOnly(), a.cmdProgramClose),
		bot.OnCommand(bot.CommandSpec{Name: "report", Args: bot.ArgsProgram, Usage: "/mentor report [program]",
			Help: "program report, with a CSV in your DM", HelpRank: 160}, bot.AdminOnly(), a.cmdReport),
		bot.OnCommand(bot.CommandSpec{Name: "announce", Args: bot.ArgsChannel, Usage: "/mentor announce #channel",
			Help: "post a sign-up invitation", HelpRank: 170}, bot.AdminOnly(), a.cmdAnnounce),
		bot.OnView(callbackProgram, bot.AdminOnly(), a.viewProgramCreate),
	}
}
