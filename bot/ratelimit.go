package bot

import (
	"context"

	"github.com/mentorbot/mentorbot/bot/slackerr"
	"github.com/mentorbot/mentorbot/bot/workslot"
	"github.com/mentorbot/mentorbot/scheduler"
)

// SetLimiter installs the process's rate limiter (one per process, set
// once by the outbox's sender). The bot's own bulk messages (introductions
// after a matching, waiting-list notes) then share it, so they too stay
// under Slack's limits.
func (b *Bot) SetLimiter(lim *scheduler.Limiter) { b.lim.Store(lim) }

// Retrying runs one interactive Slack call, again after a 429 or a 5xx
// (slackerr.Retrying, telling the shared limiter of a 429).
func (b *Bot) Retrying(ctx context.Context, method string, call func(ctx context.Context) error) error {
	defer workslot.BeforeSlack(ctx)() // it may wait out a 429 (slackapi.AckFirst)
	return slackerr.Retrying(ctx, b.lim.Load(), method, call)
}

// Paced runs one Slack call under the process's rate limiter when there is
// one (slackerr.Paced).
func (b *Bot) Paced(ctx context.Context, method, channel string, call func(ctx context.Context) error) error {
	defer workslot.BeforeSlack(ctx)() // the limiter may make it wait (slackapi.AckFirst)
	return slackerr.Paced(ctx, b.lim.Load(), method, channel, call)
}
