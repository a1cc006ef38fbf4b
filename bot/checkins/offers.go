package checkins

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/store"
)

// pauseOfferWeeks is how long the pause offer's button pauses for.
const pauseOfferWeeks = 4

// endReasonRematch is recorded on a pairing ended by Rematch me; the old
// pair stays in the history, so the matcher never proposes it again.
const endReasonRematch = "rematch requested"

// rematchBlocks is the no-blame rematch offer of an at-risk pairing.
func rematchBlocks(text string, pairingID int64) []slack.Block {
	v := strconv.FormatInt(pairingID, 10)
	return []slack.Block{
		slack.NewSectionBlock(bot.Mrkdwn(text), nil, nil),
		slack.NewActionBlock("rematch",
			slack.NewButtonBlockElement(actionRematchMe, v, bot.Plain(msgRematchButton)),
			slack.NewButtonBlockElement(actionRematchKeep, v, bot.Plain(msgRematchKeepButton))),
	}
}

// pauseOfferBlocks asks someone who ignores check-ins whether to pause.
func pauseOfferBlocks() []slack.Block {
	pause := slack.NewButtonBlockElement(actionPauseOfferPause, strconv.Itoa(pauseOfferWeeks), bot.Plain(msgPauseButton))
	pause.Style = slack.StylePrimary
	return []slack.Block{
		slack.NewSectionBlock(bot.Mrkdwn(msgPauseAsk), nil, nil),
		slack.NewActionBlock("pause_offer", pause, slack.NewButtonBlockElement(actionPauseOfferKeep, "keep", bot.Plain(msgPauseKeepButton))),
	}
}

// offerPairing loads the pairing of a rematch offer the gate resolved
// (offeredPairing: the bot sent this person that offer), if still active.
func (ck *Checkins) offerPairing(ctx context.Context, r bot.Request) (store.Pairing, bool) {
	p, err := ck.store.PairingByID(ctx, r.Target.ID)
	if errors.Is(err, store.ErrNotFound) {
		ck.core.ReplyText(ctx, r, bot.MsgStaleButton)
		return store.Pairing{}, false
	}
	if err != nil {
		ck.core.Fail(ctx, r, "rematch", err)
		return store.Pairing{}, false
	}
	if p.Status != "active" {
		ck.core.ReplyText(ctx, r, msgPairingOver)
		return store.Pairing{}, false
	}
	return p, true
}

// actRematchMe ends the pairing without blame, tells the other person
// with the words of any other ending (never that it was asked for) and
// asks both for end-of-pairing feedback.
func (ck *Checkins) actRematchMe(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
	p, ok := ck.offerPairing(ctx, r)
	if !ok {
		return
	}
	ended, err := ck.store.EndPairingByID(ctx, p.ID, endReasonRematch)
	if errors.Is(err, store.ErrAlreadyDone) {
		ck.core.ReplyText(ctx, r, msgPairingOver)
		return
	}
	if err != nil {
		ck.core.Fail(ctx, r, "rematch", err)
		return
	}
	ck.log.Info("pairing ended by rematch request", "pairing", p.ID)
	otherID, otherName := ended.Other(r.UserID)
	text := sprintf(msgRematchDone, bot.PersonName(otherName, otherID))
	ck.core.PairingEnded(ctx, ended) // the closing prompts exist before anyone is told
	ck.core.UpdateClicked(ctx, r, text, []slack.Block{slack.NewSectionBlock(bot.Mrkdwn(text), nil, nil)})
	ck.core.DMText(ctx, otherID, bot.PairingEndedText(ended, otherID))
}

func (ck *Checkins) actRematchKeep(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
	p, ok := ck.offerPairing(ctx, r)
	if !ok {
		return
	}
	otherID, otherName := p.Other(r.UserID)
	text := sprintf(msgRematchKept, bot.PersonName(otherName, otherID))
	ck.core.UpdateClicked(ctx, r, text, []slack.Block{slack.NewSectionBlock(bot.Mrkdwn(text), nil, nil)})
}

// actPauseOfferPause pauses the clicker; the gate (myMessage) checked the
// click came from a pause offer the bot sent them.
func (ck *Checkins) actPauseOfferPause(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
	until := ck.core.Now().UTC().Add(pauseOfferWeeks * 7 * 24 * time.Hour)
	if err := ck.store.Pause(ctx, r.UserID, &until); err != nil {
		if errors.Is(err, store.ErrNotSignedUp) {
			ck.core.ReplyText(ctx, r, bot.MsgStaleButton)
			return
		}
		ck.core.Fail(ctx, r, "pause", err)
		return
	}
	text := sprintf(msgPaused, until.Format("Monday 2 January 2006"))
	ck.core.UpdateClicked(ctx, r, text, []slack.Block{slack.NewSectionBlock(bot.Mrkdwn(text), nil, nil)})
	if ck.home != nil {
		ck.home.PublishHome(ctx, r.UserID)
	}
}

func (ck *Checkins) actPauseOfferKeep(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
	ck.core.UpdateClicked(ctx, r, msgPauseKept, []slack.Block{slack.NewSectionBlock(bot.Mrkdwn(msgPauseKept), nil, nil)})
}
