package bot

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/slack-go/slack"

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
		slack.NewSectionBlock(Mrkdwn(text), nil, nil),
		slack.NewActionBlock("rematch",
			slack.NewButtonBlockElement(actionRematchMe, v, Plain(msgRematchButton)),
			slack.NewButtonBlockElement(actionRematchKeep, v, Plain(msgRematchKeepButton))),
	}
}

// pauseOfferBlocks asks someone who ignores check-ins whether to pause.
func pauseOfferBlocks() []slack.Block {
	pause := slack.NewButtonBlockElement(actionPauseOfferPause, strconv.Itoa(pauseOfferWeeks), Plain(msgPauseButton))
	pause.Style = slack.StylePrimary
	return []slack.Block{
		slack.NewSectionBlock(Mrkdwn(msgPauseAsk), nil, nil),
		slack.NewActionBlock("pause_offer", pause, slack.NewButtonBlockElement(actionPauseOfferKeep, "keep", Plain(msgPauseKeepButton))),
	}
}

// offerPairing loads the pairing of a rematch offer the gate resolved
// (offeredPairing: the bot sent this person that offer), if still active.
func (b *Bot) offerPairing(ctx context.Context, r Request) (store.Pairing, bool) {
	p, err := b.store.PairingByID(ctx, r.Target.ID)
	if errors.Is(err, store.ErrNotFound) {
		b.ReplyText(ctx, r, MsgStaleButton)
		return store.Pairing{}, false
	}
	if err != nil {
		b.Fail(ctx, r, "rematch", err)
		return store.Pairing{}, false
	}
	if p.Status != "active" {
		b.ReplyText(ctx, r, msgPairingOver)
		return store.Pairing{}, false
	}
	return p, true
}

// actRematchMe ends the pairing without blame, tells the other person
// with the words of any other ending (never that it was asked for) and
// asks both for end-of-pairing feedback.
func (b *Bot) actRematchMe(ctx context.Context, r Request, _ slack.InteractionCallback, _ *slack.BlockAction) {
	p, ok := b.offerPairing(ctx, r)
	if !ok {
		return
	}
	ended, err := b.store.EndPairingByID(ctx, p.ID, endReasonRematch)
	if errors.Is(err, store.ErrAlreadyDone) {
		b.ReplyText(ctx, r, msgPairingOver)
		return
	}
	if err != nil {
		b.Fail(ctx, r, "rematch", err)
		return
	}
	b.log.Info("pairing ended by rematch request", "pairing", p.ID)
	otherID, otherName := ended.Other(r.UserID)
	text := sprintf(msgRematchDone, PersonName(otherName, otherID))
	b.PairingEnded(ctx, ended) // the closing prompts exist before anyone is told
	b.UpdateClicked(ctx, r, text, []slack.Block{slack.NewSectionBlock(Mrkdwn(text), nil, nil)})
	b.DMText(ctx, otherID, sprintf(msgPairingEnded, PersonName(otherName, otherID), PersonName(NameOf(ended, r.UserID), r.UserID)))
}

func (b *Bot) actRematchKeep(ctx context.Context, r Request, _ slack.InteractionCallback, _ *slack.BlockAction) {
	p, ok := b.offerPairing(ctx, r)
	if !ok {
		return
	}
	otherID, otherName := p.Other(r.UserID)
	text := sprintf(msgRematchKept, PersonName(otherName, otherID))
	b.UpdateClicked(ctx, r, text, []slack.Block{slack.NewSectionBlock(Mrkdwn(text), nil, nil)})
}

// actPauseOfferPause pauses the clicker; the gate (myMessage) checked the
// click came from a pause offer the bot sent them.
func (b *Bot) actPauseOfferPause(ctx context.Context, r Request, _ slack.InteractionCallback, _ *slack.BlockAction) {
	until := b.Now().UTC().Add(pauseOfferWeeks * 7 * 24 * time.Hour)
	if err := b.store.Pause(ctx, r.UserID, &until); err != nil {
		if errors.Is(err, store.ErrNotSignedUp) {
			b.ReplyText(ctx, r, MsgStaleButton)
			return
		}
		b.Fail(ctx, r, "pause", err)
		return
	}
	text := sprintf(msgPaused, until.Format("Monday 2 January 2006"))
	b.UpdateClicked(ctx, r, text, []slack.Block{slack.NewSectionBlock(Mrkdwn(text), nil, nil)})
	if b.home != nil {
		b.home.PublishHome(ctx, r.UserID)
	}
}

func (b *Bot) actPauseOfferKeep(ctx context.Context, r Request, _ slack.InteractionCallback, _ *slack.BlockAction) {
	b.UpdateClicked(ctx, r, msgPauseKept, []slack.Block{slack.NewSectionBlock(Mrkdwn(msgPauseKept), nil, nil)})
}
