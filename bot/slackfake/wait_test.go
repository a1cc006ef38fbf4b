package slackfake_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

func TestWait(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	ctx := testCtx(t)
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if err := s.Wait(short, func() bool { return false }); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Wait on a false condition: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Wait(ctx, func() bool { return len(s.Calls("auth.test")) > 0 }) }()
	if _, err := newAPI(s).AuthTestContext(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Errorf("Wait after the call: %v", err)
	}
}
