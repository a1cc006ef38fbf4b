package main

import (
	"context"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// TestServeWithoutAuthTest: an endpoint that lacks auth.test (unknown_method)
// does not stop serve; a refused token does (TestServeStopsOnRevokedToken).
func TestServeWithoutAuthTest(t *testing.T) {
	fake := slackfake.New(slackfake.Options{})
	defer fake.Close()
	fake.AddUser(slackfake.User{ID: "UBOB", Name: "bob", TZ: "UTC"})
	fake.FailNext("auth.test", 1, slackfake.Fault{Status: 200, Error: "unknown_method"})
	env := map[string]string{"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": "xapp-test", "SLACK_API_URL": fake.URL(),
		"MENTORBOT_DB": filepath.Join(t.TempDir(), "m.db")}
	cfg, err := loadConfig(nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	logs := &syncBuffer{}
	go func() { done <- serve(ctx, cfg, newTestLogger(logs), time.Now) }()
	wctx, wcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer wcancel()
	if err := fake.WaitConnected(wctx, 1); err != nil {
		cancel()
		t.Fatalf("serve did not start without auth.test: %v\n%s", err, logs.String())
	}
	env2, err := fake.SlashCommand(wctx, "UBOB", "/mentor", "help")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env2.WaitAck(wctx); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
}
