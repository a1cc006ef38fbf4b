package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot/blockcheck"
	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// testClock is a settable clock shared by the bot and the scheduler.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// running is a real `serve` loop talking to a fake Slack.
type running struct {
	t     *testing.T
	fake  *slackfake.Server
	cfg   config
	clock *testClock
	logs  *syncBuffer
	stop  context.CancelFunc
	done  chan error
}

// syncBuffer collects logs from concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testUsers is the fake workspace: an admin and a few employees.
var testUsers = []slackfake.User{
	{ID: "UADMIN", Name: "hana", RealName: "Hana Admin", TZ: "Europe/Berlin", TZOffset: 3600},
	{ID: "UANN", Name: "ann", RealName: "Ann Mentor", TZ: "America/New_York", TZOffset: -18000},
	{ID: "UBOB", Name: "bob", RealName: "Bob Mentee", TZ: "Europe/London", TZOffset: 0},
	{ID: "UCAT", Name: "cat", RealName: "Cat <Both> & Co", TZ: "Asia/Tokyo", TZOffset: 32400},
	{ID: "UDAN", Name: "dan", RealName: "Dan Manager", TZ: "Europe/Paris", TZOffset: 3600},
}

// startBot starts a fake Slack and the real serve loop against it, on a
// database file in t.TempDir(), and waits until Socket Mode is connected.
func startBot(t *testing.T, mutate ...func(*config)) *running {
	t.Helper()
	r, _ := startApp(t, mutate...)
	return r
}

// startApp is startBot keeping a handle on the app (newApp + run + close,
// exactly what serve does), so a test can drive the scheduler (Tick,
// Dispatch) at the times it sets on the clock.
func startApp(t *testing.T, mutate ...func(*config)) (*running, *app) {
	t.Helper()
	return startWith(t, startOptions{}, mutate...)
}

// startOptions vary the one test start-up.
type startOptions struct {
	// driven leaves out the scheduler's own loop: the real bot serves
	// Socket Mode and the scheduler runs only when the test calls it, so
	// nothing is sent behind the test's back.
	driven bool
	start  time.Time         // the clock's start (default 2026-11-02 09:00 UTC)
	users  []slackfake.User  // members besides testUsers
	env    map[string]string // settings besides the defaults below
}

func startWith(t *testing.T, o startOptions, mutate ...func(*config)) (*running, *app) {
	t.Helper()
	fake := slackfake.New(slackfake.Options{CheckMessage: blockcheck.CheckMessage, CheckView: blockcheck.CheckView})
	for _, u := range append(append([]slackfake.User(nil), testUsers...), o.users...) {
		fake.AddUser(u)
	}
	env := map[string]string{
		"SLACK_BOT_TOKEN":  "xoxb-test",
		"SLACK_APP_TOKEN":  "xapp-test",
		"SLACK_API_URL":    fake.URL(),
		"MENTORBOT_DB":     filepath.Join(t.TempDir(), "mentorbot.db"),
		"MENTORBOT_ADMINS": "UADMIN",
		// The admins' digest is off unless a test turns it on: it would
		// add DMs to admins (and take injected faults) in every test.
		"MENTORBOT_DIGEST_SCHEDULE": "off",
	}
	for k, v := range o.env {
		env[k] = v
	}
	cfg, err := loadConfig(nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		fake.Close()
		t.Fatal(err)
	}
	cfg.LogLevel = slog.LevelDebug
	for _, m := range mutate {
		m(&cfg)
	}
	start := o.start
	if start.IsZero() {
		start = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	}
	r := &running{t: t, fake: fake, cfg: cfg, clock: &testClock{t: start}, logs: &syncBuffer{}, done: make(chan error, 1)}
	ctx, stop := context.WithCancel(context.Background())
	r.stop = stop
	logger := slog.New(slog.NewTextHandler(r.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a, err := newApp(ctx, cfg, logger, r.clock.Now)
	if err != nil {
		fake.Close()
		t.Fatal(err)
	}
	go func() {
		// Done once the database is closed, as serve is: a test that
		// replaces the file (a restore) must find no connection left open.
		var err error
		if o.driven {
			err = a.bot.Run(ctx, a.sm)
		} else {
			err = a.run(ctx)
		}
		a.close()
		r.done <- err
	}()
	t.Cleanup(r.shutdown)
	wctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := fake.WaitConnected(wctx, 1); err != nil {
		t.Fatalf("bot never connected: %v\nlogs:\n%s", err, r.logs.String())
	}
	return r, a
}

// shutdown stops serve like SIGTERM would and checks it exits cleanly.
func (r *running) shutdown() {
	if r.stop == nil {
		return
	}
	r.stop()
	r.stop = nil
	select {
	case err := <-r.done:
		if err != nil {
			r.t.Errorf("serve returned %v", err)
		}
	case <-time.After(30 * time.Second):
		r.t.Errorf("serve did not stop within 30s")
	}
	r.fake.Close()
	if strings.Contains(r.logs.String(), "xoxb-test") || strings.Contains(r.logs.String(), "xapp-test") {
		r.t.Errorf("a token appeared in the logs")
	}
}

func (r *running) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	r.t.Cleanup(cancel)
	return ctx
}

// db opens the bot's database beside it (WAL allows a second reader).
func (r *running) db() *sqldb.DB {
	r.t.Helper()
	db, err := sqldb.Open(context.Background(), r.cfg.DB, sqldb.Options{})
	if err != nil {
		r.t.Fatal(err)
	}
	r.t.Cleanup(func() { db.Close() })
	return db
}

// slash runs `/mentor text` as user and waits for the ack.
func (r *running) slash(user, text string) slackfake.Ack {
	r.t.Helper()
	env, err := r.fake.SlashCommand(r.ctx(), user, "/mentor", text)
	if err != nil {
		r.t.Fatalf("/mentor %s: %v", text, err)
	}
	ack, err := env.WaitAck(r.ctx())
	if err != nil {
		r.t.Fatalf("/mentor %s: no ack: %v", text, err)
	}
	if ack.Latency > 3*time.Second {
		r.t.Errorf("/mentor %s: ack after %v", text, ack.Latency)
	}
	return ack
}

// waitEphemeral waits for an ephemeral reply to user containing want and
// returns its text plus blocks as JSON.
func (r *running) waitEphemeral(user, want string) slackfake.Message {
	r.t.Helper()
	var found slackfake.Message
	err := r.fake.Wait(r.ctx(), func() bool {
		for _, m := range r.fake.Ephemerals(user) {
			if strings.Contains(msgText(m), want) {
				found = m
				return true
			}
		}
		return false
	})
	if err != nil {
		r.t.Fatalf("no ephemeral to %s containing %q; got:\n%s\nlogs:\n%s", user, want, dumpMessages(r.fake.Ephemerals(user)), r.logs.String())
	}
	return found
}

// waitMessage waits for a message in channel containing want.
func (r *running) waitMessage(channel func() string, want string) slackfake.Message {
	r.t.Helper()
	var found slackfake.Message
	err := r.fake.Wait(r.ctx(), func() bool {
		ch := channel()
		if ch == "" {
			return false
		}
		for _, m := range r.fake.Messages(ch) {
			if strings.Contains(msgText(m), want) {
				found = m
				return true
			}
		}
		return false
	})
	if err != nil {
		r.t.Fatalf("no message containing %q in %s; logs:\n%s", want, channel(), r.logs.String())
	}
	return found
}

// waitDM waits for a DM to user containing want.
func (r *running) waitDM(user, want string) slackfake.Message {
	r.t.Helper()
	return r.waitMessage(func() string { return r.fake.DMChannel(user) }, want)
}

// waitView waits for a modal with callbackID open for user.
func (r *running) waitView(user, callbackID string) slackfake.View {
	r.t.Helper()
	var found slackfake.View
	err := r.fake.Wait(r.ctx(), func() bool {
		for _, v := range r.fake.OpenViews(user) {
			if v.CallbackID == callbackID {
				found = v
				return true
			}
		}
		return false
	})
	if err != nil {
		r.t.Fatalf("no %q modal for %s; logs:\n%s", callbackID, user, r.logs.String())
	}
	return found
}

// msgText is a message's text and blocks as a person would search them
// (JSON's \u003c-style escapes undone).
func msgText(m slackfake.Message) string {
	return jsonUnescaper.Replace(m.Text + string(m.Blocks))
}

var jsonUnescaper = strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&")

func dumpMessages(ms []slackfake.Message) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString(m.Text)
		b.WriteString(" | ")
		b.Write(m.Blocks)
		b.WriteString("\n")
	}
	return b.String()
}

// submit submits a view and returns the decoded ack payload.
func (r *running) submit(user, viewID string, values map[string]map[string]slackfake.Value) map[string]any {
	r.t.Helper()
	env, err := r.fake.SubmitView(r.ctx(), user, viewID, values)
	if err != nil {
		r.t.Fatalf("submit: %v", err)
	}
	ack, err := env.WaitAck(r.ctx())
	if err != nil {
		r.t.Fatalf("submit: no ack: %v", err)
	}
	var payload map[string]any
	if len(ack.Payload) > 0 && string(ack.Payload) != "null" {
		if err := json.Unmarshal(ack.Payload, &payload); err != nil {
			r.t.Fatalf("ack payload %s: %v", ack.Payload, err)
		}
	}
	return payload
}
