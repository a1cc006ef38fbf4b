package slackerr

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/slack-go/slack"
)

func TestClassify(t *testing.T) {
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	cases := []struct {
		err   error
		class scheduler.Class
		code  string
	}{
		{&slack.RateLimitedError{RetryAfter: 3 * time.Second}, scheduler.RateLimited, "ratelimited"},
		{slack.StatusCodeError{Code: 503, Status: "503 Service Unavailable"}, scheduler.Transient, "http 503"},
		{slack.StatusCodeError{Code: 500, Status: "500"}, scheduler.Transient, "http 500"},
		{slack.StatusCodeError{Code: 400, Status: "400"}, scheduler.Rejected, "http 400"},
		{slack.SlackErrorResponse{Err: "user_not_found"}, scheduler.Permanent, "user_not_found"},
		{slack.SlackErrorResponse{Err: "cannot_dm_bot"}, scheduler.Permanent, "cannot_dm_bot"},
		{slack.SlackErrorResponse{Err: "invalid_auth"}, scheduler.Fatal, "invalid_auth"},
		{slack.SlackErrorResponse{Err: "invalid_blocks"}, scheduler.Rejected, "invalid_blocks"},
		{slack.SlackErrorResponse{Err: "internal_error"}, scheduler.Unknown, "internal_error"},
		{fmt.Errorf("post: %w", dial), scheduler.Transient, "connect"},
		{context.DeadlineExceeded, scheduler.Unknown, ""},
	}
	for _, c := range cases {
		se := scheduler.ClassOf(Classify("chat.postMessage", c.err))
		if se.Class != c.class || se.Code != c.code {
			t.Errorf("%v: %v %q, want %v %q", c.err, se.Class, se.Code, c.class, c.code)
		}
	}
	if se := scheduler.ClassOf(Classify("chat.postMessage", &slack.RateLimitedError{RetryAfter: 3 * time.Second})); se.RetryAfter != 3*time.Second {
		t.Errorf("retry after %v", se.RetryAfter)
	}
}
