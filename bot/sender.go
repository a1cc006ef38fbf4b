package bot

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/slack-go/slack"

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
	b   *Bot
	lim *scheduler.Limiter
}

// NewSender returns the bot's Sender; lim paces its calls (one per process).
// The bot's own bulk messages (introductions after a matching, waiting-list
// notes) share the same limiter, so they too stay under Slack's limits.
func (b *Bot) NewSender(lim *scheduler.Limiter) *Sender {
	b.lim.Store(lim)
	return &Sender{b: b, lim: lim}
}

// retrying runs one interactive Slack call at once, and again after a 429
// (waiting Retry-After, up to 30 s, and telling the shared limiter so the
// outbox waits too) or a 5xx (after 1 s, then 2 s). Unlike paced it adds no
// wait when Slack is happy: a person is waiting for this answer.
func (b *Bot) retrying(ctx context.Context, method string, call func(ctx context.Context) error) error {
	ackBeforeSlack(ctx) // it may wait out a 429 (ackfirst.go)
	for attempt := 1; ; attempt++ {
		err := call(ctx)
		if err == nil {
			return nil
		}
		se := scheduler.ClassOf(classifySlackError(method, err))
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

// paced runs one Slack call under the process's rate limiter when there is
// one: it waits its turn, sits out 429s and retries 5xx like the outbox.
func (b *Bot) paced(ctx context.Context, method, channel string, call func(ctx context.Context) error) error {
	ackBeforeSlack(ctx) // the limiter may make it wait (ackfirst.go)
	lim := b.lim.Load()
	if lim == nil {
		return call(ctx)
	}
	return lim.Do(ctx, method, channel, func(ctx context.Context) error {
		if err := call(ctx); err != nil {
			return classifySlackError(method, err)
		}
		return nil
	})
}

// Send posts one delivery and classifies failures for the scheduler.
func (s *Sender) Send(ctx context.Context, d store.Delivery) (scheduler.SentMessage, error) {
	text, blocks, err := deliveryMessage(d)
	if err != nil {
		return scheduler.SentMessage{}, scheduler.Classify(scheduler.Rejected, "unknown_kind", err)
	}
	var msg scheduler.SentMessage
	err = s.lim.Do(ctx, methodPost, d.RecipientSlack, func(ctx context.Context) error {
		if err := scheduler.BeforePost(ctx); err != nil {
			return scheduler.Classify(scheduler.Rejected, "claim_lost", err)
		}
		ch, ts, err := s.b.api.PostMessageContext(ctx, d.RecipientSlack, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
		if err != nil {
			return classifySlackError(methodPost, err)
		}
		msg = scheduler.SentMessage{Channel: ch, TS: ts}
		return nil
	})
	if err != nil {
		return scheduler.SentMessage{}, fmt.Errorf("%s to %s: %w", d.Kind, d.RecipientSlack, err)
	}
	if msg.Channel != "" {
		s.b.dms.put(d.RecipientSlack, msg.Channel)
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
		pair = sprintf(msgUnreachablePair, personRef(d.OtherSlack))
	}
	text := sprintf(msgUnreachableAdmin, personRef(d.RecipientSlack), EscapeMrkdwn(code), pair)
	var errs []error
	for _, admin := range s.b.Admins() {
		if _, _, err := s.b.DM(ctx, admin, slack.MsgOptionText(text, false)); err != nil {
			errs = append(errs, err)
		}
	}
	if len(s.b.Admins()) == 0 {
		s.b.log.Warn("a recipient cannot be messaged and no admin is configured", "recipient", d.RecipientSlack, "code", code)
	}
	return errors.Join(errs...)
}

// classifySlackError turns a slack-go error into a scheduler.SendError.
func classifySlackError(method string, err error) error {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return scheduler.RateLimit(rl.RetryAfter, err)
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) {
		code := "http " + strconv.Itoa(sc.Code)
		if sc.Code == 429 { // a 429 without Retry-After
			return scheduler.RateLimit(time.Second, err)
		}
		if sc.Code >= 500 {
			// Slack's edge answers 5xx before the message is taken in;
			// see docs/scheduler.md for the remaining risk.
			return scheduler.Classify(scheduler.Transient, code, err)
		}
		return scheduler.Classify(scheduler.Rejected, code, err)
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return scheduler.Classify(scheduler.SlackCodeClass(method, se.Err), se.Err, err)
	}
	if notSent(err) {
		return scheduler.Classify(scheduler.Transient, "connect", err)
	}
	// Timeouts, resets after the request went out, cancellations: the
	// message may exist.
	return err
}

// notSent reports errors that happen before a request reaches Slack: the
// connection could not be made.
func notSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// deliveryMessage renders an outbox row: the notification text and blocks.
func deliveryMessage(d store.Delivery) (string, []slack.Block, error) {
	other := personName(d.OtherName, d.OtherSlack)
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
	}
	return "", nil, fmt.Errorf("no message for delivery kind %q", d.Kind)
}
