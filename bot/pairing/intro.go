package pairing

import (
	"context"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/words"
	"github.com/mentorbot/mentorbot/store"
)

// introduce opens the group DM of the bot and both people and posts the
// introduction, then remembers the conversation on the pairing.
func (m *Matchmaker) introduce(ctx context.Context, p store.Pairing) error {
	mentor, err := m.store.Participant(ctx, p.MentorSlack)
	if err != nil {
		return err
	}
	mentee, err := m.store.Participant(ctx, p.MenteeSlack)
	if err != nil {
		return err
	}
	var channel string
	if err := m.core.Paced(ctx, "conversations.open", "", func(ctx context.Context) error {
		var err error
		channel, err = m.core.OpenGroupDM(ctx, p.MentorSlack, p.MenteeSlack)
		return err
	}); err != nil {
		return err
	}
	blocks := m.withExtra(ctx, p, introBlocks(mentor, mentee))
	var ts string
	if err := m.core.Paced(ctx, "chat.postMessage", channel, func(ctx context.Context) error {
		var err error
		_, ts, err = m.api.PostMessageContext(ctx, channel, slack.MsgOptionText(introText(mentor, mentee), false), slack.MsgOptionBlocks(blocks...))
		return err
	}); err != nil {
		return fmt.Errorf("post introduction: %w", err)
	}
	// Kept so that leaving can rewrite the introduction (RewriteIntro).
	if err := m.store.SetPairingIntro(ctx, p.ID, channel, ts); err != nil {
		m.log.Error("record introduction", "pairing", p.ID, "err", err)
	}
	return nil
}

// RewriteIntro replaces an introduction that named a person who left with
// one that quotes nothing of theirs: no goals, topics or profile, only the
// two people, one of them "a former participant".
func (m *Matchmaker) RewriteIntro(ctx context.Context, ref store.IntroRef) error {
	mentor, mentee := bot.PersonRef(ref.MentorSlack), bot.PersonRef(ref.MenteeSlack)
	blocks := []slack.Block{
		slack.NewHeaderBlock(bot.Plain("Meet your mentorship match")),
		slack.NewSectionBlock(bot.Mrkdwn(sprintf(msgIntroFormer, mentor, mentee)), nil, nil),
	}
	return m.core.Retrying(ctx, "chat.update", func(ctx context.Context) error {
		_, _, _, err := m.api.UpdateMessageContext(ctx, ref.ChannelID, ref.TS,
			slack.MsgOptionText(sprintf(msgIntroFormerText, mentor, mentee), false), slack.MsgOptionBlocks(blocks...))
		return err
	})
}

func introText(mentor, mentee store.Participant) string {
	return sprintf("Meet your mentorship match: %s (mentor) and %s (mentee).", bot.PersonRef(mentor.SlackID), bot.PersonRef(mentee.SlackID))
}

// sharedTopics are the topics the mentor teaches that the mentee wants to
// learn, in the mentee's order.
func sharedTopics(mentor, mentee store.Participant) []string {
	teaches := map[string]bool{}
	for _, t := range mentor.Teaches {
		teaches[store.TopicKey(t)] = true
	}
	var out []string
	for _, t := range mentee.Learns {
		if teaches[store.TopicKey(t)] {
			out = append(out, t)
		}
	}
	return out
}

func personLine(p store.Participant, role string) string {
	parts := []string{sprintf("%s is the %s", bot.PersonRef(p.SlackID), role)}
	if p.Department != "" {
		parts = append(parts, "works in "+bot.EscapeMrkdwn(p.Department))
	}
	parts = append(parts, "has "+bot.Count(p.Seniority, "year", "years")+" of experience")
	return strings.Join(parts, ", ") + "."
}

func introBlocks(mentor, mentee store.Participant) []slack.Block {
	shared := sharedTopics(mentor, mentee)
	topics := "You don't share a listed topic yet: a great first conversation is what the mentee wants to learn."
	if len(shared) > 0 {
		topics = "*Shared topics:* " + bot.EscapeMrkdwn(strings.Join(shared, ", "))
	}
	goals := "The mentee hasn't written down goals yet."
	if g := strings.TrimSpace(mentee.Goals); g != "" {
		goals = "*The mentee's goals:*\n>" + strings.ReplaceAll(bot.EscapeMrkdwn(words.Truncate(g, 1500)), "\n", "\n>")
	}
	agenda := strings.Join([]string{
		"*Suggested agenda for your first meeting (30 minutes):*",
		"1. Introductions: your roles, your paths so far, what you enjoy outside work.",
		"2. The mentee's goals: what success looks like in 3 months.",
		"3. How you'll work together: how often you meet (" + strings.ToLower(words.CadenceLabel(mentee.Cadence)) + " suits the mentee), how to reach each other between meetings.",
		"4. Pick one topic to dig into next time.",
	}, "\n")
	return []slack.Block{
		slack.NewHeaderBlock(bot.Plain("Meet your mentorship match")),
		slack.NewSectionBlock(bot.Mrkdwn(personLine(mentor, "mentor")+"\n"+personLine(mentee, "mentee")), nil, nil),
		slack.NewSectionBlock(bot.Mrkdwn(topics), nil, nil),
		slack.NewSectionBlock(bot.Mrkdwn(goals), nil, nil),
		slack.NewDividerBlock(),
		slack.NewSectionBlock(bot.Mrkdwn(agenda), nil, nil),
		slack.NewContextBlock("", bot.Mrkdwn("I'll check in with each of you by DM. Your answers and feedback are confidential.")),
	}
}

// withExtra appends the other capabilities' blocks (IntroExtra) to an
// introduction; the rewrite after a leave never does, so it quotes no goal.
func (m *Matchmaker) withExtra(ctx context.Context, p store.Pairing, blocks []slack.Block) []slack.Block {
	if m.extra == nil {
		return blocks
	}
	return append(blocks, m.extra.IntroBlocks(ctx, p)...)
}

// RefreshIntro rewrites pairing p's introduction at channel/ts as it is
// now, extras included (goals call it once set).
func (m *Matchmaker) RefreshIntro(ctx context.Context, p store.Pairing, channel, ts string) error {
	mentor, err := m.store.Participant(ctx, p.MentorSlack)
	if err != nil {
		return err
	}
	mentee, err := m.store.Participant(ctx, p.MenteeSlack)
	if err != nil {
		return err
	}
	blocks := m.withExtra(ctx, p, introBlocks(mentor, mentee))
	return m.core.Retrying(ctx, "chat.update", func(ctx context.Context) error {
		_, _, _, err := m.api.UpdateMessageContext(ctx, channel, ts, slack.MsgOptionText(introText(mentor, mentee), false), slack.MsgOptionBlocks(blocks...))
		return err
	})
}
