package bot

import (
	"context"
	"time"

	"github.com/mentorbot/mentorbot/bot/slackerr"
	"github.com/mentorbot/mentorbot/scheduler"
)

// SetLimiter installs the process's rate limiter (one per process, set
// once by the outbox's sender). The bot's own bulk messages (introductions
// after a matching, waiting-list notes) then share it, so they too stay
// under Slack's limits.
func (b *Bot) SetLimiter(lim *scheduler.Limiter) { b.lim.Store(lim) }

// Retrying runs one interactive Slack call at once, and again after a 429
// (waiting Retry-After, up to 30 s, and telling the shared limiter so the
// outbox waits too) or a 5xx (after 1 s, then 2 s). Unlike Paced it adds no
// wait when Slack is happy: a person is waiting for this answer.
func (b *Bot) Retrying(ctx context.Context, method string, call func(ctx context.Context) error) error {
	defer ackBeforeSlack(ctx)() // it may wait out a 429 (ackfirst.go)
	for attempt := 1; ; attempt++ {
		err := call(ctx)
		if err == nil {
			return nil
		}
		se := scheduler.ClassOf(slackerr.Classify(method, err))
		var wait time.Duration
		switch {
		case se.Class == scheduler.RateLimited && attempt < 4:
			wait = max(se.RetryAfter, time.Second)
			if wait > 30*time.Second {
				return err
			}
			if lim := b.lim.Load(); lim != nil {
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

// Paced runs one Slack call under the process's rate limiter when there is
// one: it waits its turn, sits out 429s and retries 5xx like the outbox.
func (b *Bot) Paced(ctx context.Context, method, channel string, call func(ctx context.Context) error) error {
	defer ackBeforeSlack(ctx)() // the limiter may make it wait (ackfirst.go)
	lim := b.lim.Load()
	if lim == nil {
		return call(ctx)
	}
	return lim.Do(ctx, method, channel, func(ctx context.Context) error {
		if err := call(ctx); err != nil {
			return slackerr.Classify(method, err)
		}
		return nil
	})
}
