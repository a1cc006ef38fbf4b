package bot

import (
	"context"
	"errors"
	"strconv"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/store"
)

// answerLabels are the check-in buttons' labels, by stored answer.
var answerLabels = map[string]string{
	store.AnswerMet:      "Met",
	store.AnswerNotYet:   "Not yet",
	store.AnswerNeedHelp: "Need help",
}

// checkinBlocks is a check-in or its reminder: the question and the three
// answers, each carrying the check-in id.
func checkinBlocks(question, program string, checkinID int64) []slack.Block {
	blocks := []slack.Block{slack.NewSectionBlock(Mrkdwn(question), nil, nil)}
	if program != "" {
		blocks = append(blocks, slack.NewContextBlock("", Mrkdwn(sprintf(msgCheckinProgram, EscapeMrkdwn(program)))))
	}
	v := strconv.FormatInt(checkinID, 10)
	met := slack.NewButtonBlockElement(actionCheckinMet, v, Plain(answerLabels[store.AnswerMet]))
	met.Style = slack.StylePrimary
	notYet := slack.NewButtonBlockElement(actionCheckinNotYet, v, Plain(answerLabels[store.AnswerNotYet]))
	help := slack.NewButtonBlockElement(actionCheckinNeedHelp, v, Plain(answerLabels[store.AnswerNeedHelp]))
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
	text := sprintf(msgCheckinAnswered, other, answerLabels[answer], thanks)
	return text, []slack.Block{slack.NewSectionBlock(Mrkdwn(text), nil, nil)}
}

// actCheckin stores a check-in answer, once: the first click wins, and a
// click on an answered check-in or an ended pairing gets "this check-in is
// closed" and changes nothing. The gate (ownCheckin) resolved the check-in
// and checked it is the clicker's.
func (b *Bot) actCheckin(answer string) ActionHandler {
	return func(ctx context.Context, r Request, _ slack.InteractionCallback, _ *slack.BlockAction) {
		res, err := b.store.AnswerCheckin(ctx, r.Target.ID, r.UserID, answer)
		switch {
		case errors.Is(err, store.ErrNotFound):
			b.ReplyText(ctx, r, msgCheckinClosed)
			return
		case err != nil:
			b.Fail(ctx, r, "check-in answer", err)
			return
		case !res.Recorded:
			b.ReplyText(ctx, r, msgCheckinClosed)
			return
		}
		c := res.Checkin
		otherID, otherName := c.MenteeSlack, c.MenteeName
		if c.MenteeSlack == r.UserID {
			otherID, otherName = c.MentorSlack, c.MentorName
		}
		text, blocks := answeredBlocks(PersonName(otherName, otherID), answer)
		b.UpdateClicked(ctx, r, text, blocks)
		if answer == store.AnswerNeedHelp {
			b.alertNeedHelp(ctx, c, r.UserID)
		}
	}
}

// alertNeedHelp DMs every admin the pairing that asked for help: who
// asked, the two people and the program, nothing else.
func (b *Bot) alertNeedHelp(ctx context.Context, c store.Checkin, asker string) {
	program := ""
	if c.ProgramName != "" {
		program = sprintf(msgNeedHelpProgram, EscapeMrkdwn(c.ProgramName))
	}
	text := sprintf(msgNeedHelpAdmin, Mention(asker), Mention(c.MentorSlack), Mention(c.MenteeSlack), program)
	if len(b.adminIDs) == 0 {
		b.log.Warn("need help answered but no admin is configured", "pairing", c.PairingID)
	}
	for _, admin := range b.adminIDs {
		if admin != asker && (admin == c.MentorSlack || admin == c.MenteeSlack) {
			continue // an admin partner is not told of a flag they did not raise
		}
		b.DMText(ctx, admin, text)
	}
}
