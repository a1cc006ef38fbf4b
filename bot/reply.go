package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/store"
)

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// replyText answers the person privately.
func (b *Bot) replyText(ctx context.Context, r request, text string) {
	b.reply(ctx, r, text, nil)
}

// reply answers the person privately where they asked: through the
// command's response_url when there is one, else as an ephemeral message in
// the channel, else in their DM.
func (b *Bot) reply(ctx context.Context, r request, text string, blocks []slack.Block) {
	if r.ack != nil {
		msg := map[string]any{"response_type": slack.ResponseTypeEphemeral, "text": text}
		if len(blocks) > 0 {
			msg["blocks"] = blocks
		}
		if r.ack(msg) {
			return
		}
	}
	if r.ResponseURL != "" {
		msg := &slack.WebhookMessage{ResponseType: slack.ResponseTypeEphemeral, Text: text}
		if len(blocks) > 0 {
			msg.Blocks = &slack.Blocks{BlockSet: blocks}
		}
		err := b.postResponse(ctx, r.ResponseURL, msg)
		if err == nil {
			return
		}
		if !errors.Is(err, errForeignResponseURL) {
			b.log.Warn("reply via response_url failed; falling back", "err", err)
		}
	}
	opts := []slack.MsgOption{slack.MsgOptionText(text, false)}
	if len(blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(blocks...))
	}
	if r.ChannelID != "" {
		if _, err := b.api.PostEphemeralContext(ctx, r.ChannelID, r.UserID, opts...); err == nil {
			return
		}
	}
	if _, _, err := b.DM(ctx, r.UserID, opts...); err != nil {
		b.log.Warn("could not reply", "user", r.UserID, "err", err)
	}
}

// audit records an admin action or refusal; failures are logged, not fatal.
func (b *Bot) audit(ctx context.Context, actor, action, target, outcome, detail string) {
	if err := b.store.Audit(ctx, store.AuditEntry{ActorID: actor, Action: action, Target: target, Outcome: outcome, Detail: detail}); err != nil {
		b.log.Error("audit write failed", "action", action, "err", err)
	}
}
