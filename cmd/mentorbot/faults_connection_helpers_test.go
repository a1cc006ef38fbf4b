package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// Connection faults: reconnecting after a dropped socket, stopping on a
// refused token.

// reconnectAfter injects one connection fault ("abrupt" closes the TCP
// connections; anything else is a disconnect reason) while commands are
// in flight, and checks the bot reconnects within 10 s and that every
// command is answered exactly once, redelivering (as Slack does) any
// envelope whose ack never came. It returns the reconnect time.
func reconnectAfter(t *testing.T, r *running, fault string, commands int) time.Duration {
	t.Helper()
	before := r.fake.ConnectCount()
	tag := fmt.Sprintf("%s-%d", fault, before) // unique per call: answers are counted by text
	envs := make([]*slackfake.Envelope, commands)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range commands {
		wg.Add(1)
		go func() {
			defer wg.Done()
			env, err := r.fake.SlashCommand(r.ctx(), "UBOB", "/mentor", fmt.Sprintf("dance-%s-%d", tag, i))
			if err != nil {
				t.Errorf("command %d: %v", i, err)
				return
			}
			envs[i] = env
		}()
		if i == commands/2 {
			start = time.Now()
			if fault == "abrupt" {
				r.fake.DropConnections()
			} else {
				r.fake.Disconnect(fault)
			}
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := r.fake.Wait(ctx, func() bool { return r.fake.ConnectCount() > before && r.fake.Connections() >= 1 }); err != nil {
		t.Fatalf("%s: no reconnect within 10 s", fault)
	}
	took := time.Since(start)
	wg.Wait()
	// Slack redelivers what was never acked (written to a socket that died).
	redelivered := 0
	for _, env := range envs {
		if env == nil {
			continue
		}
		actx, acancel := context.WithTimeout(context.Background(), 3*time.Second)
		_, err := env.WaitAck(actx)
		acancel()
		if err != nil {
			redelivered++
			again, err := r.fake.Redeliver(r.ctx(), env, false)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := again.WaitAck(r.ctx()); err != nil {
				t.Fatalf("%s: redelivered envelope not acked: %v", fault, err)
			}
		}
	}
	for i := range commands {
		want := fmt.Sprintf("dance-%s-%d`", tag, i)
		r.waitEphemeral("UBOB", want)
	}
	r.settle()
	for i := range commands {
		want := fmt.Sprintf("dance-%s-%d`", tag, i)
		if n := r.countEphemerals("UBOB", want); n != 1 {
			t.Errorf("%s: command %d answered %d times", fault, i, n)
		}
	}
	t.Logf("%s: reconnected in %v; %d commands in flight, %d redelivered, each answered once", fault, took.Round(time.Millisecond), commands, redelivered)
	return took
}

// startAgainst runs serve against an existing fake (faults already
// injected) and returns its result channel and logs.
func startAgainst(t *testing.T, fake *slackfake.Server) (<-chan error, *syncBuffer, context.CancelFunc) {
	t.Helper()
	env := map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": "xapp-test", "SLACK_API_URL": fake.URL(),
		"MENTORBOT_DB": filepath.Join(t.TempDir(), "mentorbot.db"), "MENTORBOT_ADMINS": "UADMIN",
	}
	cfg, err := loadConfig(nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, cfg, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})), time.Now)
	}()
	return done, logs, cancel
}

// authStops checks that serve stops, without retrying, when Slack refuses
// the app token with code on apps.connections.open.
func authStops(t *testing.T, code string) {
	t.Helper()
	fake := slackfake.New(slackfake.Options{})
	defer fake.Close()
	fake.FailNext("apps.connections.open", 1, slackfake.Fault{Error: code})
	done, logs, cancel := startAgainst(t, fake)
	defer cancel()
	select {
	case err := <-done:
		if !errors.Is(err, bot.ErrAuth) {
			t.Fatalf("%s: serve returned %v, want bot.ErrAuth", code, err)
		}
	case <-time.After(10 * time.Second):
		cancel()
		<-done
		t.Fatalf("%s: serve still running after 10 s (%d apps.connections.open calls): it loops", code, len(fake.Calls("apps.connections.open")))
	}
	if n := len(fake.Calls("apps.connections.open")); n != 1 {
		t.Errorf("%s: %d apps.connections.open calls, want 1 (no retry loop)", code, n)
	}
	if !strings.Contains(logs.String(), "Slack refused the tokens") {
		t.Errorf("%s: no clear log line; logs:\n%s", code, logs.String())
	}
	if strings.Contains(logs.String(), "xapp-test") || strings.Contains(logs.String(), "xoxb-test") {
		t.Errorf("%s: a token reached the logs", code)
	}
}
