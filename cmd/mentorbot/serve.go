package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/admin"
	"github.com/mentorbot/mentorbot/bot/directory"
	"github.com/mentorbot/mentorbot/bot/idlegc"
	"github.com/mentorbot/mentorbot/bot/lifecycle"
	"github.com/mentorbot/mentorbot/bot/pairing"
	"github.com/mentorbot/mentorbot/bot/profile"
	"github.com/mentorbot/mentorbot/bot/responseurl"
	"github.com/mentorbot/mentorbot/bot/rounds"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

func runServe(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	cfg, err := loadConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	logger := newLogger(stderr, cfg.LogLevel)
	if getenv("GOMEMLIMIT") == "" {
		// A soft limit on the Go runtime's memory: the garbage of a burst
		// is collected before the resident size passes 40 MB (the goal,
		// docs/benchmarks.md) rather than at twice the live heap.
		debug.SetMemoryLimit(serveMemoryLimit)
	}
	// The garbage of a burst is collected once it is over, not while the
	// next burst waits for its acks (bot/idlegc). A process-wide policy:
	// only the serve command has it, not tests that run bots side by side.
	idle := idlegc.New(idlegc.Config{})
	idleCtx, stopIdle := context.WithCancel(ctx)
	idleDone := make(chan struct{})
	go func() { idle.Run(idleCtx); close(idleDone) }()
	defer func() { stopIdle(); <-idleDone }()
	return serve(ctx, cfg, logger, time.Now, arrivals{idle})
}

// serveMemoryLimit is the Go runtime's share of serve's 40 MB (the
// program's own pages, 25 MB on a kernel that maps the executable whole,
// and SQLite's memory are the rest). Its live heap is a few megabytes; a
// burst's garbage is collected, and freed pages returned, before it grows
// past this (15 MiB: peak 39.5 MB in BenchmarkAckBurst, 40.2 to 40.4 MB
// at 16 MiB).
const serveMemoryLimit = 15 << 20

// serve runs the bot until ctx ends; hear also observe what it does.
func serve(ctx context.Context, cfg config, logger *slog.Logger, now func() time.Time, hear ...bot.Observer) error {
	a, err := newApp(ctx, cfg, logger, now)
	if err != nil {
		return err
	}
	defer a.close()
	if len(hear) > 0 {
		a.bot.SetObserver(append(observers{a.metrics}, hear...))
	}
	return a.run(ctx)
}

// app is everything `serve` runs, built once from the configuration. The
// playground builds the same app with its own clock and fake workspace.
type app struct {
	cfg config
	log *slog.Logger
	now func() time.Time
	db  *sqldb.DB
	api *slack.Client
	sm  *socketmode.Client
	bot *bot.Bot
	// sched plans and sends check-ins, reminders, feedback prompts and
	// health offers; its Tick/Dispatch methods can be driven directly.
	sched *scheduler.Scheduler
	// metrics back /metrics; opsAddr receives the ops server's bound
	// address once it listens (MENTORBOT_HTTP_ADDR may use port 0).
	metrics *metrics
	opsAddr chan string
}

// newApp opens and migrates the database, checks the tokens and builds the
// bot. Nothing is half-started on error.
func newApp(ctx context.Context, cfg config, logger *slog.Logger, now func() time.Time) (*app, error) {
	db, err := sqldb.Open(ctx, cfg.DB, sqldb.Options{Clock: now, Logger: logger})
	if err != nil {
		return nil, err
	}
	a := &app{cfg: cfg, log: logger, now: now, db: db, metrics: newMetrics(db, now), opsAddr: make(chan string, 1)}
	if err := a.build(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return a, nil
}

func (a *app) build(ctx context.Context) error {
	if n, err := a.db.Migrate(ctx); err != nil {
		return err
	} else if n > 0 {
		a.log.Info("database migrated", "applied", n, "db", sqldb.Redact(a.cfg.DB))
	}
	if err := a.db.WarmReaders(ctx); err != nil {
		return err
	}
	a.api = slack.New(a.cfg.BotToken, slack.OptionAppLevelToken(a.cfg.AppToken), slack.OptionAPIURL(a.cfg.APIURL),
		slack.OptionHTTPClient(a.metrics.httpClient()))
	auth, err := a.api.AuthTestContext(ctx)
	switch {
	case err != nil && authTestUnavailable(err):
		// An API endpoint without auth.test (some Slack emulators) cannot
		// vouch for the token; the Socket Mode handshake and the first Web
		// API call still will.
		a.log.Warn("auth.test is not available at SLACK_API_URL; continuing without the token check", "err", slackError(err))
	case err != nil:
		return authTestError(err)
	default:
		a.log.Info("connected to Slack", "team", auth.Team, "bot_user", auth.UserID)
	}
	a.sm = socketmode.New(a.api)
	// Replies go only to Slack's response URLs, or to the emulator that
	// SLACK_API_URL names (the fake Slack of tests and the playground).
	origin, err := responseurl.OriginFor(a.cfg.APIURL)
	if err != nil {
		return err
	}
	roundsSpec, err := scheduler.ParseRoundsSpec(a.cfg.RoundsSchedule)
	if err != nil {
		return err
	}
	var caps capabilities
	a.bot, caps = newBot(a.api, a.db, botConfig{
		core: bot.Config{Admins: a.cfg.Admins, Logger: a.log, Clock: a.now,
			ResponseOrigin: origin,
			// The scheduler is built next; these run only once serving.
			OnPairingEnded: func(ctx context.Context, p store.Pairing) { a.sched.OnPairingEnded(ctx, p) },
		},
		admin:   admin.Config{MinGroup: a.cfg.MinGroup},
		pairing: pairing.Config{Weights: a.cfg.Weights},
		// The scheduler is built next: a departure wakes its dispatcher.
		directory: directory.Config{Wake: func() {
			if a.sched != nil {
				a.sched.Wake()
			}
		}},
		// An answer that extends a pairing wakes the dispatcher.
		lifecycle: lifecycle.Config{Length: a.cfg.PairingLength, Wake: func() {
			if a.sched != nil {
				a.sched.Wake()
			}
		}},
		rounds: rounds.Config{Schedule: roundsSpec},
		profile: profile.Config{NextCheckIn: func(p store.Participant, pr store.Pairing, now time.Time) (time.Time, bool) {
			return a.sched.NextCheckIn(p, pr, now)
		}, Zone: func(name string) *time.Location { return a.sched.Zone(name) }},
	})
	a.bot.SetObserver(a.metrics)
	// The limiter paces real calls to Slack, so it keeps the wall clock
	// whatever clock the app runs on.
	digest := scheduler.Digest{Admins: a.cfg.Admins, Store: a.db, Sender: caps.dashboard}
	if digest.Spec, err = scheduler.ParseDigestSpec(a.cfg.DigestSchedule); err != nil {
		return err
	}
	roundsJob := scheduler.Rounds{Spec: roundsSpec, Memory: a.cfg.RoundsMemory, Store: a.db, Sender: caps.rounds, Group: caps.rounds.Grouper()}
	sender := caps.checkins.NewSender(scheduler.NewLimiter(scheduler.LimiterConfig{Limits: a.cfg.slackLimits}))
	sender.AddRenderer(caps.lifecycle)
	sender.AddRenderer(caps.circles)
	a.sched, err = scheduler.New(a.db, meteredSender{Sender: sender, m: a.metrics, now: a.now}, scheduler.Config{
		CheckinSchedule:  a.cfg.CheckinSchedule,
		FeedbackSchedule: a.cfg.FeedbackSched,
		ReminderAfter:    a.cfg.ReminderAfter,
		CatchupGrace:     a.cfg.CatchupGrace,
		Retention:        a.cfg.Retention,
		Departer:         caps.directory,
		OnErased:         caps.directory.AfterRetention,
		Clock:            a.now,
		Logger:           a.log,
		Alerter:          sender,
		Digest:           digest,
		// Flags the health job raises refresh the admins' dashboards.
		Changes: a.bot,
		Lifecycle: scheduler.Lifecycle{Length: a.cfg.PairingLength, Notice: a.cfg.RenewalNotice, Store: a.db,
			OnEnded: a.bot.PairingEnded},
		Rounds: roundsJob,
	})
	return err
}

// run serves until ctx ends, then drains in-flight handlers.
func (a *app) run(ctx context.Context) error {
	a.log.Info("mentorbot serving", "version", version, "db", sqldb.Redact(a.cfg.DB), "admins", len(a.cfg.Admins))
	stopOps, err := a.startOps()
	if err != nil {
		return err
	}
	defer stopOps()
	schedCtx, stopSched := context.WithCancel(ctx)
	schedDone, freshDone := make(chan error, 1), make(chan struct{})
	go func() { schedDone <- a.sched.Run(schedCtx) }()
	go func() { a.db.KeepReadersFresh(schedCtx, a.bot.AcksOut); close(freshDone) }()
	err = a.bot.Run(ctx, a.sm)
	if errors.Is(err, bot.ErrAuth) {
		a.log.Error("stopping: Slack refused the tokens; fix SLACK_BOT_TOKEN / SLACK_APP_TOKEN and restart", "err", err)
	}
	// The scheduler stops before the database closes; a send in flight
	// finishes and is recorded.
	stopSched()
	if serr := <-schedDone; serr != nil {
		a.log.Error("scheduler stopped", "err", serr)
	}
	<-freshDone
	a.log.Info("mentorbot stopped")
	return err
}

// close releases what newApp opened.
func (a *app) close() {
	if err := a.db.Close(); err != nil {
		a.log.Warn("closing the database", "err", err)
	}
}

// slackError shows a Slack error without anything secret.
func slackError(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	return err.Error()
}
