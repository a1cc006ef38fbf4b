package checkins

import (
	"context"
	"errors"
	"strconv"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/words"
	"github.com/mentorbot/mentorbot/store"
)

// checkinBlocks is a check-in or its reminder: the question and the three
// answers, each carrying the check-in id.
func checkinBlocks(question, program string, checkinID int64) []slack.Block {
	blocks := []slack.Block{slack.NewSectionBlock(bot.Mrkdwn(question), nil, nil)}
	if program != "" {
		blocks = append(blocks, slack.NewContextBlock("", bot.Mrkdwn(sprintf(msgCheckinProgram, bot.EscapeMrkdwn(program)))))
	}
	v := strconv.FormatInt(checkinID, 10)
	met := slack.NewButtonBlockElement(actionCheckinMet, v, bot.Plain(words.AnswerLabels[store.AnswerMet]))
	met.Style = slack.StylePrimary
	notYet := slack.NewButtonBlockElement(actionCheckinNotYet, v, bot.Plain(words.AnswerLabels[store.AnswerNotYet]))
	help := slack.NewButtonBlockElement(actionCheckinNeedHelp, v, bot.Plain(words.AnswerLabels[store.AnswerNeedHelp]))
	return append(blocks, slack.NewActionBlock(blockCheckin, met, notYet, help))
}

// answeredBlocks replaces a check-in's buttons with the answer given.
func answeredBlocks(other, answer string) (string, []slack.Block) {
	thanks := msgCheckinThanksMet
	switch answer {
	case store.AnswerNotYet:
		thanks = msgCheckinThanksNot
	case store.AnswerNeedHelp:
		thanks = msgCheckinThanksHelp
	}
	text := sprintf(msgCheckinAnswered, other, words.AnswerLabels[answer], thanks)
	return text, []slack.Block{slack.NewSectionBlock(bot.Mrkdwn(text), nil, nil)}
}

// actCheckin stores a check-in answer, once: the first click wins, and a
// click on an answered check-in or an ended pairing gets "this check-in is
// closed" and changes nothing. The gate (ownCheckin) resolved the check-in
// and checked it is the clicker's.
func (ck *Checkins) actCheckin(answer string) bot.ActionHandler {
	return func(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
		res, err := ck.store.AnswerCheckin(ctx, r.Target.ID, r.UserID, answer)
		switch {
		case errors.Is(err, store.ErrNotFound):
			ck.core.ReplyText(ctx, r, msgCheckinClosed)
			return
		case err != nil:
			ck.core.Fail(ctx, r, "check-in answer", err)
			return
		case !res.Recorded:
			ck.core.ReplyText(ctx, r, msgCheckinClosed)
			return
		}
		c := res.Checkin
		otherID, otherName := c.MenteeSlack, c.MenteeName
		if c.MenteeSlack == r.UserID {
			otherID, otherName = c.MentorSlack, c.MentorName
		}
		text, blocks := answeredBlocks(bot.PersonName(otherName, otherID), answer)
		ck.core.UpdateClicked(ctx, r, text, append(blocks, ck.extraBlocks(ctx, c.ID)...))
		ck.closeOtherCopies(ctx, r, c, text, blocks)
		if answer == store.AnswerNeedHelp {
			ck.alertNeedHelp(ctx, c, r.UserID)
		}
	}
}

// closeOtherCopies shows the answer on the check-in's other messages (the
// reminder when the check-in was answered, the check-in when the reminder
// was), so no live buttons stay behind. The messages come from the bot's
// own records of what it sent this person about this check-in.
func (ck *Checkins) closeOtherCopies(ctx context.Context, r bot.Request, c store.Checkin, text string, blocks []slack.Block) {
	sent, err := ck.store.SentMessages(ctx, store.SentFilter{RecipientSlack: r.UserID, Kinds: checkinKinds, PairingID: c.PairingID, Slot: c.Slot})
	if err != nil {
		ck.log.Warn("check-in copies not closed", "checkin", c.ID, "err", err)
		return
	}
	for _, d := range sent {
		if d.ChannelID == "" || d.MessageTS == "" || (d.ChannelID == r.Target.Message.Channel && d.MessageTS == r.Target.Message.TS) {
			continue
		}
		if _, _, _, err := ck.api.UpdateMessageContext(ctx, d.ChannelID, d.MessageTS, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...)); err != nil {
			ck.log.Warn("chat.update of a check-in copy failed", "delivery", d.ID, "err", err)
		}
	}
}

// alertNeedHelp DMs every admin the pairing that asked for help: who
// asked, the two people and the program, nothing else.
func (ck *Checkins) alertNeedHelp(ctx context.Context, c store.Checkin, asker string) {
	program := ""
	if c.ProgramName != "" {
		program = sprintf(msgNeedHelpProgram, bot.EscapeMrkdwn(c.ProgramName))
	}
	text := sprintf(msgNeedHelpAdmin, bot.Mention(asker), bot.Mention(c.MentorSlack), bot.Mention(c.MenteeSlack), program)
	if len(ck.core.Admins()) == 0 {
		ck.log.Warn("need help answered but no admin is configured", "pairing", c.PairingID)
	}
	for _, admin := range ck.core.Admins() {
		if admin != asker && (admin == c.MentorSlack || admin == c.MenteeSlack) {
			continue // an admin partner is not told of a flag they did not raise
		}
		ck.core.DMText(ctx, admin, text)
	}
	ck.core.ProgramChanged(ctx) // the admins' dashboards show the alert
}

// extraBlocks are what the check-in carries besides its question (the
// month's goal question), kept when it is rewritten.
func (ck *Checkins) extraBlocks(ctx context.Context, checkinID int64) []slack.Block {
	if ck.extra == nil {
		return nil
	}
	return ck.extra.CheckinBlocks(ctx, checkinID)
}

// CheckinMessage renders check-in checkinID's message as it stands: the
// question with its buttons, or the answer, and the extra blocks (goals
// re-render it after a goal answer).
func (ck *Checkins) CheckinMessage(ctx context.Context, checkinID int64) (string, []slack.Block, error) {
	c, err := ck.store.CheckinByID(ctx, checkinID)
	if err != nil {
		return "", nil, err
	}
	otherID, otherName := c.MenteeSlack, c.MenteeName
	if c.MenteeSlack == c.ParticipantSlack {
		otherID, otherName = c.MentorSlack, c.MentorName
	}
	other := bot.PersonName(otherName, otherID)
	var text string
	var blocks []slack.Block
	if c.Answer != "" {
		text, blocks = answeredBlocks(other, c.Answer)
	} else {
		text = sprintf(msgCheckinAsk, other)
		blocks = checkinBlocks(text, c.ProgramName, c.ID)
	}
	return text, append(blocks, ck.extraBlocks(ctx, c.ID)...), nil
}
