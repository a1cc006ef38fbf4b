package slackerr

import (
	"context"
	"time"

	"github.com/mentorbot/mentorbot/scheduler"
)

// Retrying runs one interactive Slack call at once, and again after a 429
// (waiting Retry-After, up to 30 s, and telling lim, when there is one, so
// the outbox waits too) or a 5xx (after 1 s, then 2 s). Unlike Paced it
// adds no wait when Slack is happy: a person is waiting for this answer.
func Retrying(ctx context.Context, lim *scheduler.Limiter, method string, call func(ctx context.Context) error) error {
	for attempt := 1; ; attempt++ {
		err := call(ctx)
		if err == nil {
			return nil
		}
		se := scheduler.ClassOf(Classify(method, err))
		var wait time.Duration
		switch {
		case se.Class == scheduler.RateLimited && attempt < 4:
			wait = max(se.RetryAfter, time.Second)
			if wait > 30*time.Second {
				return err
			}
			if lim != nil {
				lim.Block(method, wait)
			}
		case se.Class == scheduler.Transient && attempt < 3:
			wait = time.Duration(attempt) * time.Second
		default:
			return err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
	}
}

// Paced runs one Slack call under lim when there is one: it waits its
// turn, sits out 429s and retries 5xx like the outbox.
func Paced(ctx context.Context, lim *scheduler.Limiter, method, channel string, call func(ctx context.Context) error) error {
	if lim == nil {
		return call(ctx)
	}
	return lim.Do(ctx, method, channel, func(ctx context.Context) error {
		if err := call(ctx); err != nil {
			return Classify(method, err)
		}
		return nil
	})
}
