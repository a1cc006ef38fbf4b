package circles

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/words"
	"github.com/mentorbot/mentorbot/store"
)

// maxListed bounds the circles a find reply or Home tab lists.
const maxListed = 10

// CircleBlocks lists the open circles for user: those they are in with a
// *Leave circle* button (a lead's own circle with none), the others with
// *Join*, or *Full* when no seat is free. Empty when there are no open
// circles. `/mentor find` and App Home show it.
func (c *Circles) CircleBlocks(ctx context.Context, user string) []slack.Block {
	open, err := c.store.OpenCircles(ctx)
	if err != nil {
		c.log.Warn("circles: list for find or home", "err", err)
		return nil
	}
	if len(open) == 0 {
		return nil
	}
	mine, err := c.store.MyCircles(ctx, user)
	if err != nil {
		c.log.Warn("circles: my circles", "err", err)
		return nil
	}
	in := map[int64]bool{}
	for _, m := range mine {
		in[m.ID] = true
	}
	blocks := []slack.Block{slack.NewHeaderBlock(bot.Plain("Mentoring circles"))}
	for i, ci := range open {
		if i == maxListed {
			blocks = append(blocks, slack.NewContextBlock("", bot.Mrkdwn(sprintf("…and %d more open circles.", len(open)-maxListed))))
			break
		}
		text := sprintf("*%s* · led by %s\n%s\n%d of %d seats taken · %s check-ins", bot.EscapeMrkdwn(ci.Name), bot.Mention(ci.LeadSlack),
			bot.EscapeMrkdwn(words.Truncate(ci.Topic, 300)), ci.Members, ci.SizeLimit, strings.ToLower(words.CadenceLabel(ci.Cadence)))
		v := strconv.FormatInt(ci.ID, 10)
		var btn *slack.ButtonBlockElement
		switch {
		case ci.LeadSlack == user:
			text += "\n_You lead this circle._"
		case in[ci.ID]:
			btn = slack.NewButtonBlockElement(actionLeave, v, bot.Plain("Leave circle"))
		case ci.FreeSeats <= 0:
			btn = slack.NewButtonBlockElement(actionJoin, v, bot.Plain("Full"))
		default:
			btn = slack.NewButtonBlockElement(actionJoin, v, bot.Plain("Join")).WithStyle(slack.StylePrimary)
		}
		var acc *slack.Accessory
		if btn != nil {
			acc = slack.NewAccessory(btn)
		}
		blocks = append(blocks, slack.NewSectionBlock(bot.Mrkdwn(text), nil, acc))
	}
	return blocks
}

// HomeBlocks is CircleBlocks for the App Home tab.
func (c *Circles) HomeBlocks(ctx context.Context, user string) []slack.Block {
	return c.CircleBlocks(ctx, user)
}

// actJoin seats the clicker in the circle (first come, first served) and
// introduces them in the circle's conversation. The gate resolved an open
// circle; the clicker acts only for themself.
func (c *Circles) actJoin(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
	j, err := c.store.JoinCircle(ctx, r.Target.ID, r.UserID)
	if err != nil {
		ci, _ := c.store.CircleByID(ctx, r.Target.ID)
		name := bot.EscapeMrkdwn(ci.Name)
		switch {
		case errors.Is(err, store.ErrConflict):
			c.core.ReplyText(ctx, r, sprintf(msgJoinFull, name))
		case errors.Is(err, store.ErrAlreadyDone):
			c.core.ReplyText(ctx, r, sprintf(msgJoinAlready, name))
		case errors.Is(err, store.ErrPairForbidden):
			c.core.ReplyText(ctx, r, sprintf(msgJoinLead, name))
		case errors.Is(err, store.ErrNotSignedUp):
			c.core.ReplyText(ctx, r, bot.MsgNotSignedUp)
		case errors.Is(err, store.ErrNotFound):
			c.core.ReplyText(ctx, r, msgJoinClosed)
		default:
			c.core.Fail(ctx, r, "circle join", err)
		}
		return
	}
	c.core.Audit(ctx, r.UserID, "circle join", j.Circle.Name, store.OutcomeOK, "")
	// The answer first (it acks the click), then the conversation.
	c.core.ReplyText(ctx, r, sprintf(msgJoined, bot.EscapeMrkdwn(j.Circle.Name), bot.Mention(j.Circle.LeadSlack)))
	if ch := c.introduce(ctx, j.Circle, j.Members, r.UserID); ch == "" {
		c.core.DMText(ctx, r.UserID, sprintf(msgJoinedNoConv, bot.EscapeMrkdwn(j.Circle.Name)))
	}
	c.publishHome(ctx, r.UserID)
	c.core.ProgramChanged(ctx)
}

// actLeave takes the clicker out of the circle; the gate checked they are
// a member of it.
func (c *Circles) actLeave(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
	ci, err := c.store.LeaveCircle(ctx, r.Target.ID, r.UserID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		c.core.ReplyText(ctx, r, msgNotMember)
		return
	case err != nil:
		c.core.Fail(ctx, r, "circle leave", err)
		return
	}
	c.core.Audit(ctx, r.UserID, "circle leave", ci.Name, store.OutcomeOK, "")
	c.core.ReplyText(ctx, r, sprintf(msgLeft, bot.EscapeMrkdwn(ci.Name)))
	c.publishHome(ctx, r.UserID)
	c.core.ProgramChanged(ctx)
}
