package goals

import (
	"context"
	"errors"
	"strconv"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/store"
)

// fitOrder is the order of the fit pulse's buttons.
var fitOrder = []struct{ answer, action string }{
	{store.FitGood, actionFitGood},
	{store.FitNotSure, actionFitNotSure},
	{store.FitNotAFit, actionFitNotAFit},
}

// Render renders the outbox rows goals own (check-ins' sender asks for a
// kind it does not know): the fit pulse.
func (g *Goals) Render(_ context.Context, d store.Delivery) (string, []slack.Block, bool) {
	if d.Kind != store.KindFitPulse {
		return "", nil, false
	}
	text := sprintf(msgFitAsk, bot.PersonName(d.OtherName, d.OtherSlack))
	return text, fitBlocks(text, d.ID), true
}

func fitBlocks(text string, deliveryID int64) []slack.Block {
	v := strconv.FormatInt(deliveryID, 10)
	var buttons []slack.BlockElement
	for _, o := range fitOrder {
		buttons = append(buttons, slack.NewButtonBlockElement(o.action, v, bot.Plain(fitLabels[o.answer])))
	}
	return []slack.Block{
		slack.NewSectionBlock(bot.Mrkdwn(text), nil, nil),
		slack.NewActionBlock(blockFit, buttons...),
		slack.NewContextBlock("", bot.Mrkdwn(msgFitContext)),
	}
}

// actFit records the person's confidential fit answer (the gate resolved
// their own pulse) and rewrites the pulse to a thank-you. Nothing reaches
// the partner: Not a fit only lets the health job offer this person
// Rematch me (store/sqldb/health), as a Need help of theirs would.
func (g *Goals) actFit(answer string) bot.ActionHandler {
	return func(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
		d := r.Target.Delivery
		if d.PairingStatus != "" && d.PairingStatus != "active" {
			g.core.ReplyText(ctx, r, msgPairingOver)
			return
		}
		recorded, err := g.store.RecordFit(ctx, d.PairingID, r.UserID, answer)
		switch {
		case errors.Is(err, store.ErrNotFound):
			g.core.ReplyText(ctx, r, bot.MsgStaleButton)
			return
		case err != nil:
			g.core.Fail(ctx, r, "fit pulse", err)
			return
		case !recorded:
			g.core.ReplyText(ctx, r, msgFitAnswered)
			return
		}
		other := bot.PersonName(d.OtherName, d.OtherSlack)
		text := sprintf(msgFitThanks, fitLabels[answer], other)
		if answer == store.FitNotAFit {
			text = sprintf(msgFitNotAFit, other)
		}
		g.core.UpdateClicked(ctx, r, text, []slack.Block{slack.NewSectionBlock(bot.Mrkdwn(text), nil, nil)})
	}
}
