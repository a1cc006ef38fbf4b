package circles

import (
	"context"
	"errors"
	"strconv"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/words"
	"github.com/mentorbot/mentorbot/store"
)

// Circle check-ins. Each person of a circle (lead and members) gets their
// own DM on the circle's cadence; the answer rewrites only that DM, Need
// help goes to the admins only, and a reminder depends only on the
// person's own answer. So what a person receives never depends on what
// anyone else in the circle answered.

// Render renders a circle's outbox row (the check-ins' Sender asks each
// added renderer in turn); ok is false for other kinds.
func (c *Circles) Render(_ context.Context, d store.Delivery) (text string, blocks []slack.Block, ok bool, err error) {
	name := bot.EscapeMrkdwn(d.OtherName) // the circle's name
	switch d.Kind {
	case store.KindCircleCheckin, store.KindCircleReminder:
		format := msgCheckinAsk
		if d.Kind == store.KindCircleReminder {
			format = msgReminderAsk
		}
		text = sprintf(format, name)
		return text, checkinBlocks(text, d.CheckinID), true, nil
	case store.KindCircleFeedback, store.KindCircleFeedbackEnd:
		format := msgFeedbackAsk
		if d.Kind == store.KindCircleFeedbackEnd {
			format = msgFeedbackEndAsk
		}
		text = sprintf(format, name)
		btn := slack.NewButtonBlockElement(actionFeedbackOpen, strconv.FormatInt(d.ID, 10), bot.Plain("Give feedback"))
		return text, []slack.Block{slack.NewSectionBlock(bot.Mrkdwn(text), nil, nil), slack.NewActionBlock("circle_feedback_prompt", btn)}, true, nil
	}
	return "", nil, false, nil
}

func checkinBlocks(question string, checkinID int64) []slack.Block {
	v := strconv.FormatInt(checkinID, 10)
	met := slack.NewButtonBlockElement(actionCheckinMet, v, bot.Plain(words.AnswerLabels[store.AnswerMet]))
	met.Style = slack.StylePrimary
	notYet := slack.NewButtonBlockElement(actionCheckinNotYet, v, bot.Plain(words.AnswerLabels[store.AnswerNotYet]))
	help := slack.NewButtonBlockElement(actionCheckinHelp, v, bot.Plain(words.AnswerLabels[store.AnswerNeedHelp]))
	return []slack.Block{
		slack.NewSectionBlock(bot.Mrkdwn(question), nil, nil),
		slack.NewContextBlock("", bot.Mrkdwn(msgCheckinPrivacy)),
		slack.NewActionBlock(blockCheckin, met, notYet, help),
	}
}

// circleCheckinKinds are the outbox kinds that carry a circle check-in.
var circleCheckinKinds = []string{store.KindCircleCheckin, store.KindCircleReminder}

// actCheckin stores the clicker's answer once (the first wins) and shows
// it on their own messages about that check-in; Need help tells the
// admins. The gate (ownCheckin) checked the check-in is the clicker's.
func (c *Circles) actCheckin(answer string) bot.ActionHandler {
	return func(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
		res, err := c.store.AnswerCircleCheckin(ctx, r.Target.ID, r.UserID, answer)
		switch {
		case errors.Is(err, store.ErrNotFound):
			c.core.ReplyText(ctx, r, msgCheckinClosed)
			return
		case err != nil:
			c.core.Fail(ctx, r, "circle check-in answer", err)
			return
		case !res.Recorded:
			c.core.ReplyText(ctx, r, msgCheckinClosed)
			return
		}
		ck := res.Checkin
		thanks := msgThanksMet
		switch answer {
		case store.AnswerNotYet:
			thanks = msgThanksNot
		case store.AnswerNeedHelp:
			thanks = msgThanksHelp
		}
		text := sprintf(msgCheckinAnswered, bot.EscapeMrkdwn(ck.CircleName), words.AnswerLabels[answer], thanks)
		blocks := []slack.Block{slack.NewSectionBlock(bot.Mrkdwn(text), nil, nil)}
		c.core.UpdateClicked(ctx, r, text, blocks)
		c.closeOtherCopies(ctx, r, ck, text, blocks)
		if answer == store.AnswerNeedHelp {
			c.alertNeedHelp(ctx, ck)
		}
	}
}

// closeOtherCopies rewrites the person's other messages about the same
// check-in (the reminder, or the check-in), found in the bot's records.
func (c *Circles) closeOtherCopies(ctx context.Context, r bot.Request, ck store.CircleCheckin, text string, blocks []slack.Block) {
	sent, err := c.store.SentMessages(ctx, store.SentFilter{RecipientSlack: r.UserID, Kinds: circleCheckinKinds, PairingID: ck.CircleID, Slot: ck.Slot})
	if err != nil {
		c.log.Warn("circle check-in copies not closed", "checkin", ck.ID, "err", err)
		return
	}
	for _, d := range sent {
		if d.ChannelID == "" || d.MessageTS == "" || (d.ChannelID == r.Target.Message.Channel && d.MessageTS == r.Target.Message.TS) {
			continue
		}
		if _, _, _, err := c.api.UpdateMessageContext(ctx, d.ChannelID, d.MessageTS, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...)); err != nil {
			c.log.Warn("chat.update of a circle check-in copy failed", "delivery", d.ID, "err", err)
		}
	}
}

// alertNeedHelp DMs every admin who asked and about which circle: nothing
// reaches anyone in the circle.
func (c *Circles) alertNeedHelp(ctx context.Context, ck store.CircleCheckin) {
	ci, err := c.store.CircleByID(ctx, ck.CircleID)
	if err != nil {
		c.log.Warn("circle need help: circle", "circle", ck.CircleID, "err", err)
	}
	text := sprintf(msgNeedHelpAdmin, bot.Mention(ck.SlackID), bot.EscapeMrkdwn(ck.CircleName), bot.Mention(ci.LeadSlack))
	if len(c.core.Admins()) == 0 {
		c.log.Warn("circle need help answered but no admin is configured", "circle", ck.CircleID)
	}
	for _, admin := range c.core.Admins() {
		if admin != ck.SlackID && (admin == ci.LeadSlack || c.member(ctx, ck.CircleID, admin)) {
			continue // an admin in the circle is not told of a flag they did not raise
		}
		c.core.DMText(ctx, admin, text)
	}
	c.core.ProgramChanged(ctx) // the dashboards show the alert
}

// member tells whether user is a member of the circle (errors: yes, so
// that a failed lookup never leaks).
func (c *Circles) member(ctx context.Context, circleID int64, user string) bool {
	ok, err := c.store.IsCircleMember(ctx, circleID, user)
	return ok || err != nil
}
