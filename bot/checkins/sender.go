package checkins

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/slackerr"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// methodPost is the one method outbox messages use. Posting to a user ID
// lands in the bot's DM with that person without a conversations.open
// (tier 3, 50 a minute), and Slack answers with the DM's channel ID.
const methodPost = "chat.postMessage"

// Sender renders outbox rows as Slack DMs and sends them under the rate
// limits. It implements scheduler.Sender, scheduler.Pacer and
// scheduler.Alerter.
type Sender struct {
	core *bot.Bot
	api  bot.SlackAPI
	log  *slog.Logger
	lim  *scheduler.Limiter
	more []Renderer
	// extra adds goal questions to check-ins and renders other kinds.
	extra Extras
}

// Renderer renders outbox kinds another capability owns (the pairing
// lifecycle's); ok is false for a kind it does not know.
type Renderer interface {
	Render(ctx context.Context, d store.Delivery) (text string, blocks []slack.Block, ok bool, err error)
}

// AddRenderer lets r render the kinds it knows; call before serving.
func (s *Sender) AddRenderer(r Renderer) { s.more = append(s.more, r) }

// render is deliveryMessage, then the added renderers.
func (s *Sender) render(ctx context.Context, d store.Delivery) (string, []slack.Block, error) {
	text, blocks, err := deliveryMessage(d)
	if err == nil {
		return text, blocks, nil
	}
	if s.extra != nil {
		if t, b, ok := s.extra.Render(ctx, d); ok {
			return t, b, nil
		}
	}
	for _, r := range s.more {
		t, b, ok, rerr := r.Render(ctx, d)
		if ok && rerr != nil {
			// A failed read: the message certainly did not go out.
			return "", nil, scheduler.Classify(scheduler.Transient, "render_failed", rerr)
		}
		if ok {
			return t, b, nil
		}
	}
	return "", nil, err
}

// NewSender returns the check-ins' Sender; lim paces its calls (one per process).
// The bot's own bulk messages (introductions after a matching, waiting-list
// notes) share the same limiter, so they too stay under Slack's limits.
func (ck *Checkins) NewSender(lim *scheduler.Limiter) *Sender {
	ck.core.SetLimiter(lim)
	return &Sender{core: ck.core, api: ck.api, log: ck.log, lim: lim, extra: ck.extra}
}

// Send posts one delivery and classifies failures for the scheduler.
func (s *Sender) Send(ctx context.Context, d store.Delivery) (scheduler.SentMessage, error) {
	text, blocks, err := s.render(ctx, d)
	if err == nil && d.Kind == store.KindCheckin && s.extra != nil {
		blocks = append(blocks, s.extra.CheckinBlocks(ctx, d.CheckinID)...)
	}
	var classified *scheduler.SendError
	if err != nil && errors.As(err, &classified) {
		return scheduler.SentMessage{}, err
	}
	if err != nil {
		return scheduler.SentMessage{}, scheduler.Classify(scheduler.Rejected, "unknown_kind", err)
	}
	var msg scheduler.SentMessage
	err = s.lim.Do(ctx, methodPost, d.RecipientSlack, func(ctx context.Context) error {
		if err := scheduler.BeforePost(ctx); err != nil {
			return scheduler.Classify(scheduler.Rejected, "claim_lost", err)
		}
		ch, ts, err := s.api.PostMessageContext(ctx, d.RecipientSlack, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
		if err != nil {
			return slackerr.Classify(methodPost, err)
		}
		msg = scheduler.SentMessage{Channel: ch, TS: ts}
		return nil
	})
	if err != nil {
		return scheduler.SentMessage{}, fmt.Errorf("%s to %s: %w", d.Kind, d.RecipientSlack, err)
	}
	if msg.Channel != "" {
		s.core.RememberDM(d.RecipientSlack, msg.Channel)
	}
	return msg, nil
}

// MarksPosting tells the dispatcher that Send calls scheduler.BeforePost
// right before posting, after its rate-limit wait.
func (s *Sender) MarksPosting() {}

// Delay reports how long before d's conversation may take another message
// (the per-conversation spacing, or a 429 block).
func (s *Sender) Delay(d store.Delivery) time.Duration {
	return s.lim.ChannelDelay(methodPost, d.RecipientSlack)
}

// RecipientUnreachable tells every admin, once per person (the scheduler
// calls it once), that someone can no longer be messaged.
func (s *Sender) RecipientUnreachable(ctx context.Context, d store.Delivery, code string) error {
	pair := ""
	if d.OtherSlack != "" {
		pair = sprintf(msgUnreachablePair, bot.PersonRef(d.OtherSlack))
	}
	text := sprintf(msgUnreachableAdmin, bot.PersonRef(d.RecipientSlack), bot.EscapeMrkdwn(code), pair)
	var errs []error
	for _, admin := range s.core.Admins() {
		if _, _, err := s.core.DM(ctx, admin, slack.MsgOptionText(text, false)); err != nil {
			errs = append(errs, err)
		}
	}
	if len(s.core.Admins()) == 0 {
		s.log.Warn("a recipient cannot be messaged and no admin is configured", "recipient", d.RecipientSlack, "code", code)
	}
	return errors.Join(errs...)
}

// deliveryMessage renders an outbox row: the notification text and blocks.
func deliveryMessage(d store.Delivery) (string, []slack.Block, error) {
	other := bot.PersonName(d.OtherName, d.OtherSlack)
	switch d.Kind {
	case store.KindCheckin:
		return sprintf(msgCheckinAsk, other), checkinBlocks(sprintf(msgCheckinAsk, other), d.ProgramName, d.CheckinID), nil
	case store.KindReminder:
		return sprintf(msgReminderAsk, other), checkinBlocks(sprintf(msgReminderAsk, other), d.ProgramName, d.CheckinID), nil
	case store.KindFeedback, store.KindFeedbackEnd:
		format := msgFeedbackAsk
		if d.Kind == store.KindFeedbackEnd {
			format = msgFeedbackEndAsk
		}
		text := sprintf(format, other, other)
		return text, feedbackPromptBlocks(text, d.ID), nil
	case store.KindRematchOffer:
		text := sprintf(msgRematchAsk, other)
		return text, rematchBlocks(text, d.PairingID), nil
	case store.KindPauseOffer:
		return msgPauseAsk, pauseOfferBlocks(), nil
	case store.KindPartnerGone:
		text := sprintf(msgPartnerGone, bot.PersonName(d.RecipientName, d.RecipientSlack), other)
		return text, []slack.Block{slack.NewSectionBlock(bot.Mrkdwn(text), nil, nil)}, nil
	}
	return "", nil, fmt.Errorf("no message for delivery kind %q", d.Kind)
}
