package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/bot/match"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// config is mentorbot serve's configuration, read once at start.
type config struct {
	BotToken        string
	AppToken        string
	APIURL          string
	DB              string
	Admins          []string
	CheckinSchedule string
	FeedbackSched   string
	DigestSchedule  string // "off" disables the admins' weekly digest
	ReminderAfter   time.Duration
	CatchupGrace    time.Duration
	Retention       time.Duration
	MinGroup        int
	Weights         match.Weights
	LogLevel        slog.Level
	HTTPAddr        string
	PairingLength   time.Duration
	RenewalNotice   time.Duration
	RoundsSchedule  string // networking rounds start on it (UTC unless CRON_TZ)
	RoundsMemory    int    // past rounds of a series no pair may repeat
	// slackLimits pace the bot's Slack calls; nil means Slack's published
	// limits. The playground's fake Slack has none, so it passes an empty
	// map: pacing there would only make time travel slow.
	slackLimits map[string]scheduler.Limit
}

// setting is one configuration value: its environment variable, the flag
// that overrides it, its default and its help. A flag's default is def,
// never the environment's value (see envString), so no secret setting can
// show in usage; errors name a setting, never echo a secret one's value.
type setting struct {
	env, flag, def, help string
}

var settings = []setting{
	{env: "SLACK_BOT_TOKEN", flag: "bot-token", help: "bot token xoxb-… (required)"},
	{env: "SLACK_APP_TOKEN", flag: "app-token", help: "app-level token xapp-… with connections:write (required)"},
	{env: "SLACK_API_URL", flag: "api-url", def: "https://slack.com/api/", help: "Slack Web API base URL, ending in /"},
	{env: "MENTORBOT_DB", flag: "db", def: "mentorbot.db", help: "SQLite database file, or a postgres:// URL to run on PostgreSQL (docs/postgres.md)"},
	{env: "MENTORBOT_ADMINS", flag: "admins", help: "comma-separated Slack user IDs of program admins"},
	{env: "MENTORBOT_CHECKIN_SCHEDULE", flag: "checkin-schedule", def: "0 10 * * MON", help: "cron spec of weekly check-ins"},
	{env: "MENTORBOT_FEEDBACK_SCHEDULE", flag: "feedback-schedule", def: "0 14 1 * *", help: "cron spec of feedback prompts"},
	{env: "MENTORBOT_DIGEST_SCHEDULE", flag: "digest-schedule", def: "0 9 * * MON", help: "cron spec of the admins' weekly digest DM (off disables it)"},
	{env: "MENTORBOT_REMINDER_AFTER", flag: "reminder-after", def: "48h", help: "remind an unanswered check-in after this long"},
	{env: "MENTORBOT_CATCHUP_GRACE", flag: "catchup-grace", def: "24h", help: "how late a missed slot may still be sent after downtime"},
	{env: "MENTORBOT_RETENTION", flag: "retention", def: "2160h", help: "how long a departed person's data and ended pairings' feedback text are kept"},
	{env: "MENTORBOT_MIN_GROUP", flag: "min-group", def: "5", help: "smallest group shown in aggregates"},
	{env: "MENTORBOT_MATCH_WEIGHTS", flag: "match-weights", help: "matching weights, e.g. topic=100,goals=15,seniority=15,overlap=10,department=10 (default: those)"},
	{env: "MENTORBOT_LOG_LEVEL", flag: "log-level", def: "info", help: "debug, info, warn or error"},
	{env: "MENTORBOT_HTTP_ADDR", flag: "http-addr", help: "address for /healthz, /readyz and /metrics (off when empty)"},
	{env: "MENTORBOT_PAIRING_LENGTH", flag: "pairing-length", def: "4368h", help: "how long a pairing outside a program lasts (and its one extension)"},
	{env: "MENTORBOT_RENEWAL_NOTICE", flag: "renewal-notice", def: "336h", help: "how long before a pairing's end both people are asked to continue or wrap up"},
	{env: "MENTORBOT_ROUNDS_SCHEDULE", flag: "rounds-schedule", def: "0 10 * * MON", help: "cron spec (UTC) on which networking rounds start; each series keeps every Nth slot"},
	{env: "MENTORBOT_ROUNDS_MEMORY", flag: "rounds-memory", def: "6", help: "networking rounds: how many past rounds of a series no pair may repeat"},
}

// loadConfig reads the environment, lets flags override it, and validates
// every value. An error names the one setting at fault and never echoes a
// token.
func loadConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	vals := map[string]*string{}
	for _, s := range settings {
		vals[s.env] = envString(fs, getenv, s.flag, s.env, s.def, s.help)
	}
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		// Not echoed: a stray argument may be a token that lost its flag.
		return config{}, fmt.Errorf("serve takes no arguments, got %d (flags are --name=value)", fs.NArg())
	}
	get := func(env string) string { return strings.TrimSpace(*vals[env]) }

	var c config
	c.BotToken = get("SLACK_BOT_TOKEN")
	if c.BotToken == "" {
		return c, errors.New("SLACK_BOT_TOKEN is required (the bot token, starting with xoxb-)")
	}
	if !strings.HasPrefix(c.BotToken, "xoxb-") {
		return c, errors.New("SLACK_BOT_TOKEN is malformed: a bot token starts with xoxb-")
	}
	c.AppToken = get("SLACK_APP_TOKEN")
	if c.AppToken == "" {
		return c, errors.New("SLACK_APP_TOKEN is required (the app-level token with connections:write, starting with xapp-)")
	}
	if !strings.HasPrefix(c.AppToken, "xapp-") {
		return c, errors.New("SLACK_APP_TOKEN is malformed: an app-level token starts with xapp-")
	}
	c.APIURL = get("SLACK_API_URL")
	u, err := url.Parse(c.APIURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || !strings.HasSuffix(c.APIURL, "/") {
		return c, errors.New("SLACK_API_URL is malformed: want an http(s) URL ending in /, like https://slack.com/api/")
	}
	c.DB = get("MENTORBOT_DB")
	if c.DB == "" {
		return c, errors.New("MENTORBOT_DB is empty: give a database file path or a postgres:// URL")
	}
	if a := get("MENTORBOT_ADMINS"); a != "" {
		for _, id := range strings.Split(a, ",") {
			id = strings.TrimSpace(id)
			if !store.IsSlackUserID(id) {
				return c, fmt.Errorf("MENTORBOT_ADMINS is malformed: %s is not a Slack user ID (like U012ABCDEF)", quoteUnlessSecret(id))
			}
			c.Admins = append(c.Admins, id)
		}
	}
	c.CheckinSchedule = get("MENTORBOT_CHECKIN_SCHEDULE")
	if _, err := scheduler.ParseSpec("MENTORBOT_CHECKIN_SCHEDULE", c.CheckinSchedule); err != nil {
		return c, err
	}
	c.FeedbackSched = get("MENTORBOT_FEEDBACK_SCHEDULE")
	if _, err := scheduler.ParseSpec("MENTORBOT_FEEDBACK_SCHEDULE", c.FeedbackSched); err != nil {
		return c, err
	}
	c.DigestSchedule = get("MENTORBOT_DIGEST_SCHEDULE")
	if _, err := scheduler.ParseDigestSpec(c.DigestSchedule); err != nil {
		return c, err
	}
	if c.ReminderAfter, err = positiveDuration("MENTORBOT_REMINDER_AFTER", get("MENTORBOT_REMINDER_AFTER")); err != nil {
		return c, err
	}
	if c.CatchupGrace, err = positiveDuration("MENTORBOT_CATCHUP_GRACE", get("MENTORBOT_CATCHUP_GRACE")); err != nil {
		return c, err
	}
	if c.Retention, err = positiveDuration("MENTORBOT_RETENTION", get("MENTORBOT_RETENTION")); err != nil {
		return c, err
	}
	n, err := strconv.Atoi(get("MENTORBOT_MIN_GROUP"))
	if err != nil || n < 1 || n > 1000 {
		return c, errors.New("MENTORBOT_MIN_GROUP is malformed: want a whole number from 1 to 1000")
	}
	c.MinGroup = n
	if c.Weights, err = match.ParseWeights(get("MENTORBOT_MATCH_WEIGHTS")); err != nil {
		return c, fmt.Errorf("MENTORBOT_MATCH_WEIGHTS is malformed: %s", scrubSecrets(firstLine(err)))
	}
	if err := c.LogLevel.UnmarshalText([]byte(get("MENTORBOT_LOG_LEVEL"))); err != nil {
		return c, errors.New("MENTORBOT_LOG_LEVEL is malformed: want debug, info, warn or error")
	}
	c.RoundsSchedule = get("MENTORBOT_ROUNDS_SCHEDULE")
	if _, err := scheduler.ParseRoundsSpec(c.RoundsSchedule); err != nil {
		return c, err
	}
	if c.RoundsMemory, err = strconv.Atoi(get("MENTORBOT_ROUNDS_MEMORY")); err != nil || c.RoundsMemory < 0 || c.RoundsMemory > 100 {
		return c, errors.New("MENTORBOT_ROUNDS_MEMORY is malformed: want a whole number of rounds from 0 to 100")
	}
	c.HTTPAddr = get("MENTORBOT_HTTP_ADDR")
	if c.HTTPAddr != "" {
		if _, _, err := net.SplitHostPort(c.HTTPAddr); err != nil {
			return c, errors.New("MENTORBOT_HTTP_ADDR is malformed: want host:port, like 127.0.0.1:8080")
		}
	}
	if c.PairingLength, err = positiveDuration("MENTORBOT_PAIRING_LENGTH", get("MENTORBOT_PAIRING_LENGTH")); err != nil {
		return c, err
	}
	if c.RenewalNotice, err = positiveDuration("MENTORBOT_RENEWAL_NOTICE", get("MENTORBOT_RENEWAL_NOTICE")); err != nil {
		return c, err
	}
	if err := scheduler.ValidateLifecycle(c.PairingLength, c.RenewalNotice); err != nil {
		return c, err
	}
	return c, nil
}

// quoteUnlessSecret quotes a bad value for an error message, unless it
// looks like a secret (a token pasted into the wrong setting).
func quoteUnlessSecret(v string) string {
	if scrubSecrets(v) != v {
		return "a value that looks like a token (not shown)"
	}
	return strconv.Quote(v)
}

// firstLine keeps an error to one line, as start-up errors must be.
func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

func positiveDuration(name, v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s is malformed: want a positive Go duration like 48h or 30m", name)
	}
	return d, nil
}
