package goals

import (
	"context"
	"errors"
	"strconv"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/words"
	"github.com/mentorbot/mentorbot/store"
)

// progressOrder is the order of the progress buttons.
var progressOrder = []struct{ status, action string }{
	{store.GoalNotStarted, actionGoalNotStarted},
	{store.GoalProgressing, actionGoalProgressing},
	{store.GoalDone, actionGoalDone},
}

// CheckinBlocks are what check-in checkinID asks about goals (check-ins
// append them to the check-in's message, when sent and when rewritten):
// nothing unless it is the mentee's first check-in of the month; then one
// line per open goal, with the three buttons or the answer given.
func (g *Goals) CheckinBlocks(ctx context.Context, checkinID int64) []slack.Block {
	cg, err := g.store.CheckinGoals(ctx, checkinID)
	if err != nil {
		g.log.Warn("check-in without goals", "checkin", checkinID, "err", err)
		return nil
	}
	return progressBlocks(cg)
}

// progressBlocks renders a check-in's goal question (pure).
func progressBlocks(cg store.CheckinGoals) []slack.Block {
	if !cg.Ask {
		return nil
	}
	blocks := []slack.Block{slack.NewDividerBlock(), slack.NewSectionBlock(bot.Mrkdwn(msgProgressAsk), nil, nil)}
	for i, goal := range cg.Goals {
		line := sprintf("%d. %s", i+1, bot.EscapeMrkdwn(words.Truncate(goal.Text, 500)))
		if answer, ok := cg.Answers[goal.ID]; ok {
			blocks = append(blocks, slack.NewSectionBlock(bot.Mrkdwn(sprintf(msgProgressAnswered, line, statusLabels[answer])), nil, nil))
			continue
		}
		v := strconv.FormatInt(goal.ID, 10)
		var buttons []slack.BlockElement
		for _, o := range progressOrder {
			buttons = append(buttons, slack.NewButtonBlockElement(o.action, v, bot.Plain(statusLabels[o.status])))
		}
		blocks = append(blocks, slack.NewSectionBlock(bot.Mrkdwn(line), nil, nil),
			slack.NewActionBlock(blockGoalProgressPrefix+v, buttons...))
	}
	return blocks
}

// actProgress records the mentee's answer about a goal on the check-in
// the gate resolved (ownGoal: the clicked message is their check-in about
// that goal's pairing), then re-renders that check-in whole.
func (g *Goals) actProgress(status string) bot.ActionHandler {
	return func(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
		checkinID := r.Target.Delivery.CheckinID
		recorded, err := g.store.RecordGoalProgress(ctx, r.Target.ID, checkinID, r.UserID, status)
		switch {
		case errors.Is(err, store.ErrNotFound):
			g.core.ReplyText(ctx, r, msgProgressNotAsked)
			return
		case err != nil:
			g.core.Fail(ctx, r, "goal progress", err)
			return
		case !recorded:
			g.core.ReplyText(ctx, r, msgProgressClosed)
			return
		}
		if g.checkins == nil {
			g.core.ReplyText(ctx, r, msgProgressRecorded)
			return
		}
		text, blocks, err := g.checkins.CheckinMessage(ctx, checkinID)
		if err != nil {
			g.log.Warn("check-in not re-rendered after a goal answer", "checkin", checkinID, "err", err)
			g.core.ReplyText(ctx, r, msgProgressRecorded)
			return
		}
		g.core.UpdateClicked(ctx, r, text, blocks)
		if g.home != nil {
			if p, err := g.store.PairingByID(ctx, r.Target.Delivery.PairingID); err == nil {
				g.home.PublishHome(ctx, p.MentorSlack)
				g.home.PublishHome(ctx, p.MenteeSlack)
			}
		}
	}
}
