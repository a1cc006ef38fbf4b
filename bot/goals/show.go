package goals

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/store"
)

// goalLines lists goals in mrkdwn: each with its target date and progress.
// Goal text is the mentee's, so it is escaped.
func goalLines(goals []store.Goal) string {
	if len(goals) == 0 {
		return msgGoalsNone
	}
	var b strings.Builder
	for i, goal := range goals {
		if i > 0 {
			b.WriteString("\n")
		}
		text := goal.Text
		if text == "" {
			text = "(erased)"
		}
		b.WriteString(sprintf("%d. %s", i+1, bot.EscapeMrkdwn(text)))
		if goal.Target != "" {
			b.WriteString(sprintf(msgGoalTarget, goal.Target))
		}
		b.WriteString(" · _" + statusLabels[goal.Status] + "_")
	}
	return b.String()
}

// goalsButton opens the goals form of a pairing (the mentee's; the mentor
// is told the goals are the mentee's to write).
func goalsButton(label string, pairingID int64) *slack.ButtonBlockElement {
	return slack.NewButtonBlockElement(actionGoalsSet, strconv.FormatInt(pairingID, 10), bot.Plain(label))
}

// IntroBlocks are what the introduction of pairing p carries about goals:
// the goals once set, and the Set our goals button (pairing.IntroExtra).
func (g *Goals) IntroBlocks(ctx context.Context, p store.Pairing) []slack.Block {
	goals, err := g.store.Goals(ctx, p.ID)
	if err != nil {
		g.log.Warn("introduction without goals", "pairing", p.ID, "err", err)
	}
	var blocks []slack.Block
	if len(goals) > 0 {
		blocks = append(blocks, slack.NewSectionBlock(bot.Mrkdwn(msgGoalsHeading+"\n"+goalLines(goals)), nil, nil))
	}
	btn := goalsButton(msgSetGoalsButton, p.ID)
	btn.Style = slack.StylePrimary
	return append(blocks, slack.NewActionBlock(blockGoalsActions, btn))
}

// pairingBlocks are one pairing's goals as user sees them: with the edit
// button for the mentee.
func (g *Goals) pairingBlocks(ctx context.Context, p store.Pairing, user string) ([]slack.Block, error) {
	goals, err := g.store.Goals(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	otherID, otherName := p.Other(user)
	blocks := []slack.Block{slack.NewSectionBlock(bot.Mrkdwn(sprintf(msgGoalsPairing, bot.PersonName(otherName, otherID))+"\n"+goalLines(goals)), nil, nil)}
	if p.MenteeSlack == user {
		label := msgEditGoalsButton
		if len(goals) == 0 {
			label = msgSetGoalsButton
		}
		blocks = append(blocks, slack.NewActionBlock(blockGoalsActions+"_"+strconv.FormatInt(p.ID, 10), goalsButton(label, p.ID)))
	}
	return blocks, nil
}

// HomeBlocks are the goals section of user's App Home (profile.HomeExtra):
// nothing for someone not in a pairing.
func (g *Goals) HomeBlocks(ctx context.Context, user string) []slack.Block {
	ps, err := g.store.ActivePairings(ctx, user)
	if err != nil || len(ps) == 0 {
		return nil
	}
	blocks := []slack.Block{slack.NewDividerBlock(), slack.NewHeaderBlock(bot.Plain("Goals"))}
	for _, p := range ps {
		pb, err := g.pairingBlocks(ctx, p, user)
		if err != nil {
			g.log.Warn("home without goals", "pairing", p.ID, "err", err)
			return nil
		}
		blocks = append(blocks, pb...)
	}
	return blocks
}

// cmdGoals shows the caller's pairings' goals, privately.
func (g *Goals) cmdGoals(ctx context.Context, r bot.Request, _ bot.Command) {
	if _, err := g.store.Participant(ctx, r.UserID); err != nil {
		if errors.Is(err, store.ErrNotSignedUp) {
			g.core.ReplyText(ctx, r, bot.MsgNotSignedUp)
			return
		}
		g.core.Fail(ctx, r, "goals", err)
		return
	}
	ps, err := g.store.ActivePairings(ctx, r.UserID)
	if err != nil {
		g.core.Fail(ctx, r, "goals", err)
		return
	}
	if len(ps) == 0 {
		g.core.ReplyText(ctx, r, msgGoalsNoPairing)
		return
	}
	var blocks []slack.Block
	var text []string
	for _, p := range ps {
		pb, err := g.pairingBlocks(ctx, p, r.UserID)
		if err != nil {
			g.core.Fail(ctx, r, "goals", err)
			return
		}
		blocks = append(blocks, pb...)
		otherID, otherName := p.Other(r.UserID)
		text = append(text, sprintf(msgGoalsPairing, bot.PersonName(otherName, otherID)))
	}
	g.core.Reply(ctx, r, strings.Join(text, "\n"), blocks)
}

// actSetGoals opens the goals form for the mentee of the pairing the gate
// resolved; the mentor is told, kindly, that goals are the mentee's.
func (g *Goals) actSetGoals(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
	p, err := g.store.PairingByID(ctx, r.Target.ID)
	if err != nil {
		g.core.Fail(ctx, r, "goals", err)
		return
	}
	switch {
	case p.Status != "active":
		g.core.ReplyText(ctx, r, msgPairingOver)
		return
	case p.MenteeSlack != r.UserID:
		g.core.ReplyText(ctx, r, sprintf(msgGoalsMentorOnly, bot.PersonName(p.MenteeName, p.MenteeSlack)))
		return
	}
	goals, err := g.store.Goals(ctx, p.ID)
	if err != nil {
		g.core.Fail(ctx, r, "goals", err)
		return
	}
	g.core.OpenModal(ctx, r, goalsModal(p, goals))
}
