package rounds

import (
	"context"
	"errors"
	"strconv"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/store"
)

// seriesOf reads the series a Leave / Skip button names; a bad or stale
// value is answered and nil returned.
func (rd *Rounds) seriesOf(ctx context.Context, r bot.Request, value string) *store.RoundSeries {
	id, err := strconv.ParseInt(value, 10, 64)
	if err != nil || id <= 0 {
		rd.core.ReplyText(ctx, r, bot.MsgStaleButton)
		return nil
	}
	se, err := rd.store.SeriesByID(ctx, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		rd.core.ReplyText(ctx, r, bot.MsgStaleButton)
		return nil
	case err != nil:
		rd.core.Fail(ctx, r, "rounds", err)
		return nil
	case se.Status != store.SeriesActive:
		rd.core.ReplyText(ctx, r, msgRoundsGone)
		return nil
	}
	return &se
}

// actLeave takes the clicker (only them) out of the series.
func (rd *Rounds) actLeave(ctx context.Context, r bot.Request, a *slack.BlockAction) {
	se := rd.seriesOf(ctx, r, a.Value)
	if se == nil {
		return
	}
	rd.leave(ctx, r, *se, true)
}

// leave opts the person out; from the confirmation's button it replaces
// that message (its buttons go).
func (rd *Rounds) leave(ctx context.Context, r bot.Request, se store.RoundSeries, clicked bool) {
	left, err := rd.store.LeaveRounds(ctx, se.ID, r.UserID)
	if err != nil {
		rd.core.Fail(ctx, r, "rounds leave", err)
		return
	}
	if !left {
		rd.core.ReplyText(ctx, r, sprintf(msgNotIn, channelRef(se.ChannelID)))
		return
	}
	rd.core.Audit(ctx, r.UserID, "rounds leave", se.ChannelID, store.OutcomeOK, "")
	text := sprintf(msgLeft, channelRef(se.ChannelID), channelRef(se.ChannelID))
	if clicked {
		rd.core.ReplaceOriginal(ctx, r, text)
		return
	}
	rd.core.ReplyText(ctx, r, text)
}

// actSkip makes the clicker (only them) skip the series' next round.
func (rd *Rounds) actSkip(ctx context.Context, r bot.Request, a *slack.BlockAction) {
	se := rd.seriesOf(ctx, r, a.Value)
	if se == nil {
		return
	}
	skipped, err := rd.store.SkipNextRound(ctx, se.ID, r.UserID)
	if err != nil {
		rd.core.Fail(ctx, r, "rounds skip", err)
		return
	}
	if !skipped {
		rd.core.ReplyText(ctx, r, sprintf(msgSkipAlready, channelRef(se.ChannelID)))
		return
	}
	text := sprintf(msgSkipping, channelRef(se.ChannelID))
	rd.core.Reply(ctx, r, text, memberBlocks(text, se.ID))
}

// actAnswer stores the person's Met / Not yet, once, and rewrites their
// ask; nobody else in the group learns the answer. The gate (ownAsk)
// resolved the ask and checked it is the clicker's.
func (rd *Rounds) actAnswer(answer string) bot.ActionHandler {
	return func(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
		m, err := rd.store.RoundMessage(ctx, r.Target.ID)
		if err != nil {
			rd.core.Fail(ctx, r, "rounds answer", err)
			return
		}
		first, err := rd.store.AnswerRound(ctx, m.GroupID, r.UserID, answer)
		if err != nil {
			rd.core.Fail(ctx, r, "rounds answer", err)
			return
		}
		if !first {
			rd.core.ReplyText(ctx, r, msgAskClosed)
			return
		}
		format := msgAnsweredMet
		if answer == store.RoundNotYet {
			format = msgAnsweredNot
		}
		text := sprintf(format, channelRef(m.SeriesChannel), roundDate(m))
		rd.core.UpdateClicked(ctx, r, text, []slack.Block{slack.NewSectionBlock(bot.Mrkdwn(text), nil, nil)})
	}
}

// roundDate names a round by its day.
func roundDate(m store.RoundMessage) string { return m.Slot.UTC().Format("2 Jan") }
