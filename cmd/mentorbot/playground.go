package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/mentorbot/mentorbot/bot/blockcheck"
	"github.com/mentorbot/mentorbot/bot/playground"
	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store/report"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// playgroundTokens are the fake workspace's tokens for one run: random, so
// a web page the user visits cannot guess them and call the fake Slack as
// the bot. The fake checks them like Slack does; they unlock nothing
// anywhere else and are never printed.
func playgroundTokens() (bot, app string) {
	return "xoxb-playground-" + rand.Text(), "xapp-playground-" + rand.Text()
}

// playgroundSettings are the settings a visitor's environment may still
// change in the playground; tokens, API URL, database and admins are the
// playground's own.
var playgroundSettings = map[string]bool{
	"MENTORBOT_CHECKIN_SCHEDULE": true, "MENTORBOT_FEEDBACK_SCHEDULE": true, "MENTORBOT_REMINDER_AFTER": true,
	"MENTORBOT_CATCHUP_GRACE": true, "MENTORBOT_MIN_GROUP": true, "MENTORBOT_RETENTION": true,
	"MENTORBOT_PAIRING_LENGTH": true, "MENTORBOT_RENEWAL_NOTICE": true,
}

// playgroundLifecycle is the playground's short term, so that time travel
// reaches a renewal ask (after 3 weeks) and a close (after 4) in a few
// clicks; a visitor's environment may set other values.
var playgroundLifecycle = map[string]string{"MENTORBOT_PAIRING_LENGTH": "672h", "MENTORBOT_RENEWAL_NOTICE": "168h"}

// runPlayground runs `mentorbot playground`: a fake Slack workspace on
// loopback, the real bot exactly as serve runs it (newApp + run, Socket
// Mode over loopback), and the web page to play with it.
func runPlayground(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	started := time.Now()
	fs := flag.NewFlagSet("playground", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address of the web page (loopback unless --public)")
	dbPath := fs.String("db", "", "SQLite database file to keep (default: a temporary file, removed on exit)")
	public := fs.Bool("public", false, "allow --addr beyond loopback: anyone who reaches it can act as anyone in the playground")
	logLevel := fs.String("log-level", "warn", "log level of the bot and the fake Slack: debug, info, warn or error")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("playground takes no arguments, got %q", fs.Arg(0))
	}
	if err := checkPlaygroundAddr(*addr, *public); err != nil {
		return err
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return errors.New("--log-level: want debug, info, warn or error")
	}
	logger := newLogger(stderr, level)

	// Listen first: a busy port fails before anything starts.
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("playground: listen on %s: %w (pick another with --addr 127.0.0.1:PORT)", *addr, err)
	}
	defer ln.Close()

	db := *dbPath
	if db == "" {
		dir, err := os.MkdirTemp("", "mentorbot-playground-")
		if err != nil {
			return fmt.Errorf("playground: temporary database: %w", err)
		}
		defer os.RemoveAll(dir)
		db = filepath.Join(dir, "playground.db")
	}

	clock := playground.NewClock(time.Now)
	botToken, appToken := playgroundTokens()
	fake := slackfake.New(slackfake.Options{
		// The fake's guard (Host, Origin, Sec-Fetch-Site) is on by default.
		BotToken: botToken, AppToken: appToken, Now: clock.Now, Logger: logger,
		// Block Kit is checked as Slack would: a broken message fails in
		// the playground too.
		CheckMessage: blockcheck.CheckMessage, CheckView: blockcheck.CheckView,
	})
	defer fake.Close()
	logger.Info("fake Slack workspace listening", "api", fake.URL())
	people := playground.People()
	for _, u := range playground.Users(people, clock.Now()) {
		fake.AddUser(u)
	}

	cfg, err := playgroundConfig(fake.URL(), botToken, appToken, db, level, getenv, stderr)
	if err != nil {
		return err
	}
	a, err := newApp(ctx, cfg, logger, clock.Now)
	if err != nil {
		return err
	}
	defer a.close()

	appCtx, stopApp := context.WithCancel(ctx)
	appDone := make(chan error, 1)
	go func() { appDone <- a.run(appCtx) }()
	// stop ends the bot and waits for it (it drains its handlers), before
	// the deferred a.close and fake.Close run.
	var appErr error
	appRunning := true
	stop := func() {
		stopApp()
		if appRunning {
			appErr = <-appDone
			appRunning = false
		}
	}
	defer stop()
	if exited, err := waitConnected(ctx, fake, appDone); err != nil {
		appRunning = !exited
		return err
	}

	page, err := playground.New(playground.Config{
		Fake: fake, Clock: clock, People: people, Admins: cfg.Admins, Public: *public, Addr: ln.Addr().String(), Logger: logger,
		Roles:     func(ctx context.Context) (map[string]string, error) { return participantRoles(ctx, a.db) },
		Scheduler: playgroundScheduler{a: a},
		Report:    func(ctx context.Context, w io.Writer) error { return htmlReport(ctx, a, w) },
	})
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: page, ReadHeaderTimeout: 10 * time.Second}
	serveDone := make(chan error, 1)
	go func() { serveDone <- srv.Serve(ln) }()

	where := "a temporary database (deleted on exit)"
	if *dbPath != "" {
		where = "database " + *dbPath
	}
	fmt.Fprintf(stdout, "mentorbot playground: open http://%s/ in your browser\n", ln.Addr())
	fmt.Fprintf(stdout, "  a fake Slack workspace with %d people, the real bot over Socket Mode, %s; ready in %s. Ctrl-C stops it.\n",
		len(people), where, time.Since(started).Round(time.Millisecond))

	var runErr error
	select {
	case <-ctx.Done():
	case appErr = <-appDone:
		appRunning = false
		runErr = appErr
		if runErr == nil && ctx.Err() == nil {
			runErr = errors.New("playground: the bot stopped")
		}
	case err := <-serveDone:
		runErr = fmt.Errorf("playground: web page: %w", err)
	}

	// Stop the bot first (it drains its handlers), then the fake Slack,
	// which ends the page's long polls, then the page.
	stop()
	if appErr != nil && runErr == nil {
		runErr = appErr
	}
	fake.Close()
	shutCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		_ = srv.Close()
	}
	return runErr
}

// playgroundConfig is serve's configuration for the playground: its own
// fake tokens, API URL, database and admin; the schedules and the like
// may still come from the environment.
func playgroundConfig(apiURL, botToken, appToken, db string, level slog.Level, getenv func(string) string, stderr io.Writer) (config, error) {
	env := map[string]string{
		"SLACK_BOT_TOKEN": botToken, "SLACK_APP_TOKEN": appToken, "SLACK_API_URL": apiURL,
		"MENTORBOT_DB": db, "MENTORBOT_ADMINS": playground.AdminID, "MENTORBOT_LOG_LEVEL": level.String(),
	}
	cfg, err := loadConfig(nil, func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		if playgroundSettings[k] && getenv(k) != "" {
			return getenv(k)
		}
		return playgroundLifecycle[k]
	}, stderr)
	// The fake Slack has no rate limits: an unpaced bot keeps time travel
	// quick (a week of 60 people is hundreds of messages).
	cfg.slackLimits = map[string]scheduler.Limit{}
	return cfg, err
}

// htmlReport writes the HTML report of the app's database, as
// `mentorbot report --format html` does.
func htmlReport(ctx context.Context, a *app, w io.Writer) error {
	raw, err := a.db.ReportData(ctx, report.Scope{})
	if err != nil {
		return err
	}
	return report.WriteHTML(w, report.Build(raw, a.cfg.MinGroup))
}

// checkPlaygroundAddr refuses a non-loopback address unless public: the
// playground has no login, and anyone reaching it acts as anyone.
func checkPlaygroundAddr(addr string, public bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--addr %q: want host:port, like 127.0.0.1:8080", addr)
	}
	if public {
		return nil
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("--addr %q is not a loopback address: the playground has no login, so add --public to serve it beyond this machine", addr)
}

// waitConnected waits until the bot's Socket Mode connection is up.
// exited reports that the bot stopped meanwhile (appDone was read).
func waitConnected(ctx context.Context, fake *slackfake.Server, appDone <-chan error) (exited bool, err error) {
	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	connected := make(chan error, 1)
	go func() { connected <- fake.WaitConnected(wctx, 1) }()
	select {
	case err := <-connected:
		if err != nil {
			return false, fmt.Errorf("playground: the bot did not connect to the fake Slack: %w", err)
		}
		return false, nil
	case err := <-appDone:
		cancel()
		<-connected
		if err == nil {
			err = errors.New("stopped")
		}
		return true, fmt.Errorf("playground: the bot stopped while starting: %w", err)
	}
}

// participantRoles maps Slack IDs to the role each person signed up with.
func participantRoles(ctx context.Context, db *sqldb.DB) (map[string]string, error) {
	ps, err := db.Participants(ctx, "")
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(ps))
	for _, p := range ps {
		out[p.SlackID] = p.Role
	}
	return out, nil
}
