package bot

import (
	"context"

	"github.com/slack-go/slack"
)

// Slack redelivers an envelope it thinks was not acked; a repeated trigger
// or event id must have one effect. Effects are deduplicated in the
// database (store.FirstDelivery: group-committed without a disk sync,
// shared by replicas); commands that only answer are deduplicated in
// memory, so their ack waits on no write at all (docs/operations.md,
// "Redelivered envelopes").

// firstCommand reports whether a slash command is delivered for the first
// time: in memory for an answer-only command (CommandSpec.AnswerOnly: it
// changes nothing and its whole answer travels in the ack, so a
// redelivery has no effect to double: at worst, after a restart or on
// another replica, the same answer is given again), in the database
// otherwise.
func (b *Bot) firstCommand(ctx context.Context, sc slack.SlashCommand, envelopeID string, answerOnly bool) bool {
	key := deliveryKey("trigger:"+sc.TriggerID, envelopeID)
	if !answerOnly {
		return b.firstTime(ctx, key, envelopeID)
	}
	if !b.recent.First(key, b.now()) {
		b.log.Info("duplicate delivery ignored", "key", key)
		return false
	}
	return true
}

// answerOnly reports whether text runs an answer-only command anyone may
// run.
func (b *Bot) answerOnly(text string) bool {
	c, err := b.ParseCommand(text)
	if err != nil {
		return false
	}
	rt, ok := b.router.byKind[RouteCommand][c.Name]
	return ok && rt.Command.AnswerOnly && rt.Rule.Refers != RefersAdmin
}

// firstTime records a delivery key in the database and reports whether it is new.
// Without a usable key the envelope id stands in.
func (b *Bot) firstTime(ctx context.Context, key, envelopeID string) bool {
	key = deliveryKey(key, envelopeID)
	first, err := b.store.FirstDelivery(ctx, key)
	if err != nil {
		b.log.Error("dedupe check failed", "err", err)
		return true
	}
	if !first {
		b.log.Info("duplicate delivery ignored", "key", key)
	}
	return first
}

func deliveryKey(key, envelopeID string) string {
	if key == "trigger:" || key == "event:" {
		return "envelope:" + envelopeID
	}
	return key
}
