package lifecycle

import (
	"context"
	"errors"
	"strconv"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/store"
)

// askedPairing: the button's value is a pairing id; only a person of that
// pairing whom the bot sent its renewal ask may act. The message to
// rewrite is that ask.
func (l *Lifecycle) askedPairing() bot.Rule { return bot.OfferedPairing(l.store, store.KindRenewalAsk) }

// actAnswer records the clicker's answer. What they see never depends on
// the partner's answer: the ask is rewritten with their own answer and the
// same next step; an extension (this was the second "continue") reaches
// both through the outbox, as the same notice.
func (l *Lifecycle) actAnswer(answer string) bot.ActionHandler {
	return func(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
		p, err := l.store.PairingByID(ctx, r.Target.ID)
		if err != nil {
			l.core.Fail(ctx, r, "renewal", err)
			return
		}
		res, err := l.store.AnswerRenewal(ctx, p.ID, r.UserID, answer, l.cfg.Length)
		switch {
		case errors.Is(err, store.ErrNotFound):
			l.core.ReplyText(ctx, r, bot.MsgStaleButton)
			return
		case err != nil:
			l.core.Fail(ctx, r, "renewal", err)
			return
		case res.Previous != "":
			l.core.ReplyText(ctx, r, sprintf(msgAlreadyAnswered, answerWords[res.Previous]))
			return
		case res.Closed:
			l.core.ReplyText(ctx, r, msgRenewalClosed)
			return
		}
		otherID, otherName := p.Other(r.UserID)
		next := msgAnsweredNext
		if answer == store.RenewalWrapUp {
			next = msgAnsweredNextEnd
		}
		// The end date shown is the one the ask named (before any
		// extension this answer caused): the extension notice says the rest.
		end := res.EndsAt
		if res.Extended {
			end = end.Add(-l.cfg.Length)
		}
		text := sprintf(msgAnsweredAsk, bot.PersonName(otherName, otherID), dateWords(end), answerWords[answer], next)
		l.core.UpdateClicked(ctx, r, text, []slack.Block{slack.NewSectionBlock(bot.Mrkdwn(text), nil, nil)})
		if res.Extended && l.cfg.Wake != nil {
			l.cfg.Wake()
		}
	}
}

// renewalBlocks is the ask with its two buttons (value: the pairing id).
func renewalBlocks(text string, pairingID int64) []slack.Block {
	v := strconv.FormatInt(pairingID, 10)
	cont := slack.NewButtonBlockElement(actionRenewalContinue, v, bot.Plain(msgContinueButton))
	cont.Style = slack.StylePrimary
	return []slack.Block{
		slack.NewSectionBlock(bot.Mrkdwn(text), nil, nil),
		slack.NewActionBlock(blockRenewal, cont, slack.NewButtonBlockElement(actionRenewalWrapUp, v, bot.Plain(msgWrapUpButton))),
	}
}
