package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot/encoded"
	"github.com/mentorbot/mentorbot/bot/responseurl"
	"github.com/mentorbot/mentorbot/bot/slackerr"
	"github.com/mentorbot/mentorbot/bot/workslot"
	"github.com/mentorbot/mentorbot/store"
)

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// Request is who asked, and where to answer. Capabilities receive it with
// every command, click and form; only the core makes one.
type Request struct {
	UserID      string
	ChannelID   string
	ResponseURL string
	TriggerID   string
	// Target is what the authorization gate resolved the payload to.
	Target Target
	// ack, for a slash command not yet acknowledged, sends a reply in the
	// ack and reports whether it did.
	ack func(payload any) bool
}

// ReplyText answers the person privately.
func (b *Bot) ReplyText(ctx context.Context, r Request, text string) {
	b.Reply(ctx, r, text, nil)
}

// Reply answers the person privately where they asked: in the slash
// command's ack when it is still open, through the command's response_url
// when there is one, else as an ephemeral message in the channel, else in
// their DM.
func (b *Bot) Reply(ctx context.Context, r Request, text string, blocks []slack.Block) {
	if r.ack != nil && r.ack(AckReply(text, blocks)) {
		return
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
		if !errors.Is(err, responseurl.ErrForeign) {
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

// AckReply is a private answer carried in a slash command's ack
// (CommandSpec.Now), in the form fastest to encode (encoded.Ephemeral).
func AckReply(text string, blocks []slack.Block) any { return encoded.Ephemeral(text, blocks) }

// ReplaceOriginal swaps the message a button sat on for a plain text, so
// its buttons cannot be clicked again.
func (b *Bot) ReplaceOriginal(ctx context.Context, r Request, text string) {
	if r.ResponseURL != "" {
		// Blocks are sent explicitly so the old buttons go whatever the
		// receiver's rule for omitted fields.
		blocks := &slack.Blocks{BlockSet: []slack.Block{slack.NewSectionBlock(Mrkdwn(text), nil, nil)}}
		err := b.postResponse(ctx, r.ResponseURL, &slack.WebhookMessage{ResponseType: slack.ResponseTypeEphemeral, ReplaceOriginal: true, Text: text, Blocks: blocks})
		if err == nil {
			return
		}
		b.log.Warn("replace original failed", "err", err)
	}
	b.ReplyText(ctx, Request{UserID: r.UserID, ChannelID: r.ChannelID}, text)
}

// UpdateClicked rewrites the bot's own message about the clicked record
// (chat.update), falling back to a private reply. The message comes from
// the gate's Target, that is from the bot's records of what it sent this
// person; a channel or ts in the payload is never used.
func (b *Bot) UpdateClicked(ctx context.Context, r Request, text string, blocks []slack.Block) {
	if m := r.Target.Message; m.Channel != "" && m.TS != "" {
		_, _, _, err := b.api.UpdateMessageContext(ctx, m.Channel, m.TS, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
		if err == nil {
			return
		}
		b.log.Warn("chat.update failed", "channel", m.Channel, "err", err)
	}
	b.ReplyText(ctx, r, text)
}

// OpenModal opens a modal on the request's trigger; an expired trigger
// gets a note to run the command again.
func (b *Bot) OpenModal(ctx context.Context, r Request, view slack.ModalViewRequest) {
	if _, err := b.api.OpenViewContext(ctx, r.TriggerID, view); err != nil {
		switch slackerr.Code(err) {
		case "expired_trigger_id", "exchanged_trigger_id", "invalid_trigger_id":
			b.ReplyText(ctx, r, MsgTriggerExpired)
		default:
			b.Fail(ctx, r, "views.open", err)
		}
	}
}

// Fail tells the person something went wrong and logs the unexpected error.
func (b *Bot) Fail(ctx context.Context, r Request, what string, err error) {
	b.log.Error("handler failed", "what", what, "user", r.UserID, "err", err)
	b.ReplyText(ctx, r, MsgInternalError)
}

// DMText sends a plain DM, logging failure.
func (b *Bot) DMText(ctx context.Context, user, text string) {
	if _, _, err := b.DM(ctx, user, slack.MsgOptionText(text, false)); err != nil {
		b.log.Warn("DM failed", "user", user, "err", err)
	}
}

// Audit records an admin action or refusal; failures are logged, not fatal.
func (b *Bot) Audit(ctx context.Context, actor, action, target, outcome, detail string) {
	if err := b.store.Audit(ctx, store.AuditEntry{ActorID: actor, Action: action, Target: target, Outcome: outcome, Detail: detail}); err != nil {
		b.log.Error("audit write failed", "action", action, "err", err)
	}
}

// ErrorText is a short reason for a Slack failure shown to admins.
func ErrorText(err error) string {
	return fmt.Sprintf("Slack said %s", EscapeMrkdwn(slackerr.Code(err)))
}

// postResponse posts msg to a response_url, a call to Slack like any other
// (workslot.BeforeSlack).
func (b *Bot) postResponse(ctx context.Context, url string, msg *slack.WebhookMessage) error {
	defer workslot.BeforeSlack(ctx)()
	return b.responses.Post(ctx, url, msg)
}
