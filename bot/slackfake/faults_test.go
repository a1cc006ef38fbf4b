package slackfake_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

func TestFailNext(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	ctx := testCtx(t)
	api := newAPI(s)

	s.FailNext("users.info", 1, slackfake.Fault{Status: http.StatusTooManyRequests, RetryAfter: 1500 * time.Millisecond})
	s.FailNext("users.info", 1, slackfake.Fault{Error: "user_not_found"})
	s.FailNext("users.info", 1, slackfake.Fault{Status: http.StatusInternalServerError})

	_, err := api.GetUserInfoContext(ctx, "U1")
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter != 2*time.Second {
		t.Fatalf("first call: %v, want RateLimitedError retry 2s", err)
	}
	if _, err := api.GetUserInfoContext(ctx, "U1"); slackError(err) != "user_not_found" {
		t.Fatalf("second call: %v", err)
	}
	_, err = api.GetUserInfoContext(ctx, "U1")
	var sc slack.StatusCodeError
	if !errors.As(err, &sc) || sc.Code != http.StatusInternalServerError {
		t.Fatalf("third call: %v", err)
	}
	if _, err := api.GetUserInfoContext(ctx, "U1"); err != nil {
		t.Fatalf("fourth call: %v", err)
	}
	if s.RateLimited() != 0 {
		t.Errorf("RateLimited counts injected faults: %d", s.RateLimited())
	}
	calls := s.Calls("users.info")
	if len(calls) != 4 || calls[0].Status != 429 || calls[1].Error != "user_not_found" || calls[3].Status != 200 {
		t.Errorf("calls = %+v", calls)
	}

	// A Delay-only fault slows the call and then serves it.
	s.FailNext("auth.test", 1, slackfake.Fault{Delay: 30 * time.Millisecond})
	start := time.Now()
	if _, err := api.AuthTestContext(ctx); err != nil || time.Since(start) < 30*time.Millisecond {
		t.Errorf("delayed auth.test: %v after %v", err, time.Since(start))
	}
}

func TestSetRateLimit(t *testing.T) {
	s, clk := newServer(t, slackfake.Options{})
	ctx := testCtx(t)
	api := newAPI(s)
	s.SetRateLimit("chat.postMessage", slackfake.RateLimit{PerChannelPerSecond: 1})
	s.SetRateLimit("users.info", slackfake.RateLimit{PerMinute: 2})

	post := func(to string) error {
		_, _, err := api.PostMessageContext(ctx, to, slack.MsgOptionText("hello", false))
		return err
	}
	if err := post("U1"); err != nil {
		t.Fatal(err)
	}
	var rl *slack.RateLimitedError
	if err := post("U1"); !errors.As(err, &rl) || rl.RetryAfter != time.Second {
		t.Fatalf("second post in the same second: %v", err)
	}
	if err := post("U2"); err != nil {
		t.Fatalf("another conversation is not limited: %v", err)
	}
	clk.Advance(time.Second)
	if err := post("U1"); err != nil {
		t.Fatalf("after a second: %v", err)
	}
	if n := len(s.Messages(s.DMChannel("U1"))); n != 2 {
		t.Errorf("U1 DM has %d messages; the limited call must post nothing", n)
	}

	for i := range 3 {
		_, err := api.GetUserInfoContext(ctx, "U1")
		if (i < 2) != (err == nil) {
			t.Fatalf("users.info call %d: %v", i+1, err)
		}
	}
	clk.Advance(time.Minute)
	if _, err := api.GetUserInfoContext(ctx, "U1"); err != nil {
		t.Fatalf("after a minute: %v", err)
	}
	if got := s.RateLimited(); got != 2 {
		t.Errorf("RateLimited = %d, want 2", got)
	}
}
