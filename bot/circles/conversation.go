package circles

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/slackerr"
	"github.com/mentorbot/mentorbot/bot/words"
	"github.com/mentorbot/mentorbot/store"
)

// A circle lives in one conversation. Up to store.GroupDMMaxUsers people
// (lead and members; the bot comes on top, as conversations.open adds the
// caller) it is a group DM; a circle whose size limit could pass that is a
// private channel from the start (scope groups:write). A group DM's
// members are fixed by Slack, so each join opens the group DM of the new
// set of people and introduces everyone there; a private channel gets the
// newcomer invited and a welcome.

// introduce brings the newcomer into the circle's conversation and returns
// its channel ("" when it could not be set up).
func (c *Circles) introduce(ctx context.Context, ci store.Circle, members []store.CircleMember, newcomer string) string {
	if !ci.PrivateChannel {
		users := make([]string, 0, len(members))
		for _, m := range members {
			users = append(users, m.SlackID)
		}
		ch, err := c.core.OpenGroupDM(ctx, users...)
		if err != nil {
			c.log.Warn("circle group DM", "circle", ci.ID, "err", err)
			return ""
		}
		if err := c.store.SetCircleChannel(ctx, ci.ID, ch); err != nil {
			c.log.Warn("circle channel not recorded", "circle", ci.ID, "err", err)
		}
		c.post(ctx, ci, ch, introText(ci, members, false), introBlocks(ci, members, false))
		return ch
	}
	ch := ci.ChannelID
	if ch == "" {
		var err error
		if ch, err = c.privateChannel(ctx, ci); err != nil {
			return ""
		}
	}
	if c.chans == nil {
		return ""
	}
	if _, err := c.chans.InviteUsersToConversationContext(ctx, ch, newcomer); err != nil && slackerr.Code(err) != "already_in_channel" {
		c.log.Warn("circle invite", "circle", ci.ID, "err", err)
		return ""
	}
	for _, m := range members {
		if m.SlackID == newcomer {
			text := sprintf(msgWelcomeNone, bot.PersonName(m.Name, m.SlackID))
			if g := strings.TrimSpace(m.Goals); g != "" {
				text = sprintf(msgWelcome, bot.PersonName(m.Name, m.SlackID), bot.EscapeMrkdwn(words.Truncate(g, 500)))
			}
			c.post(ctx, ci, ch, text, []slack.Block{slack.NewSectionBlock(bot.Mrkdwn(text), nil, nil)})
		}
	}
	return ch
}

// post sends a message quoting goals into the circle's conversation and
// records it, so a leaver's goals can be taken out later.
func (c *Circles) post(ctx context.Context, ci store.Circle, ch, text string, blocks []slack.Block) {
	_, ts, err := c.api.PostMessageContext(ctx, ch, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
	if err != nil {
		c.log.Warn("circle message", "circle", ci.ID, "err", err)
		return
	}
	if err := c.store.AddCircleMessage(ctx, store.CircleMessage{CircleID: ci.ID, ChannelID: ch, TS: ts}); err != nil {
		c.log.Warn("circle message not recorded", "circle", ci.ID, "err", err)
	}
}

var notChannelChars = regexp.MustCompile(`[^a-z0-9_-]+`)

// channelName is a private channel name for the circle: lower case,
// letters, digits, - and _ (Slack's rule), at most 80 characters.
func channelName(name string, attempt int) string {
	s := strings.Trim(notChannelChars.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if s == "" {
		s = "group"
	}
	s = "circle-" + s
	if len(s) > 70 {
		s = s[:70]
	}
	if attempt > 0 {
		s = fmt.Sprintf("%s-%d", s, attempt+1)
	}
	return s
}

// privateChannel creates the circle's private channel (another name on
// name_taken), invites the lead, posts the introduction and records it.
func (c *Circles) privateChannel(ctx context.Context, ci store.Circle) (string, error) {
	if c.chans == nil {
		return "", fmt.Errorf("circles: no channel API wired")
	}
	var ch *slack.Channel
	var err error
	for attempt := range 5 {
		ch, err = c.chans.CreateConversationContext(ctx, slack.CreateConversationParams{ChannelName: channelName(ci.Name, attempt), IsPrivate: true})
		if err == nil || slackerr.Code(err) != "name_taken" {
			break
		}
	}
	if err != nil {
		c.log.Warn("circle private channel", "circle", ci.ID, "err", err)
		return "", err
	}
	if _, err := c.chans.InviteUsersToConversationContext(ctx, ch.ID, ci.LeadSlack); err != nil {
		c.log.Warn("circle invite lead", "circle", ci.ID, "err", err)
	}
	if err := c.store.SetCircleChannel(ctx, ci.ID, ch.ID); err != nil {
		return "", err
	}
	members, err := c.store.CircleMembers(ctx, ci.ID)
	if err != nil {
		return "", err
	}
	c.post(ctx, ci, ch.ID, introText(ci, members, true), introBlocks(ci, members, true))
	return ch.ID, nil
}

func introText(ci store.Circle, _ []store.CircleMember, _ bool) string {
	return sprintf(msgIntroTitle, bot.EscapeMrkdwn(ci.Name))
}

// introBlocks is the circle's introduction: topic, description, lead,
// everyone's goals (user text, escaped), a suggested first meeting and
// the privacy of check-ins.
func introBlocks(ci store.Circle, members []store.CircleMember, private bool) []slack.Block {
	head := []string{sprintf(msgIntroTitle, bot.EscapeMrkdwn(ci.Name)), sprintf(msgIntroTopic, bot.EscapeMrkdwn(words.Truncate(ci.Topic, 300)))}
	if d := strings.TrimSpace(ci.Description); d != "" {
		head = append(head, bot.EscapeMrkdwn(words.Truncate(d, 1000)))
	}
	head = append(head, sprintf(msgIntroLead, bot.Mention(ci.LeadSlack)))
	blocks := []slack.Block{slack.NewSectionBlock(bot.Mrkdwn(strings.Join(head, "\n")), nil, nil)}
	goals := []string{msgIntroGoals}
	for _, m := range members {
		g := strings.TrimSpace(m.Goals)
		if g == "" {
			g = msgIntroNoGoals
		} else {
			g = bot.EscapeMrkdwn(words.Truncate(g, 150))
		}
		goals = append(goals, sprintf("• %s: %s", bot.PersonName(m.Name, m.SlackID), g))
	}
	blocks = append(blocks, slack.NewSectionBlock(bot.Mrkdwn(words.Truncate(strings.Join(goals, "\n"), 2900)), nil, nil),
		slack.NewSectionBlock(bot.Mrkdwn(msgIntroAgenda), nil, nil))
	note := sprintf(msgIntroNote, strings.ToLower(words.CadenceLabel(ci.Cadence)))
	if private {
		note = msgPrivateNote + " " + note
	}
	return append(blocks, slack.NewContextBlock("", bot.Mrkdwn(note)))
}

// RewriteIntro rewrites one of a circle's introductions or welcomes after
// someone left the program: it shows the circle as it is now, without the
// leaver's goals (their name reads "a former participant"). Refs of
// pairings (CircleID 0) are not this capability's and are ignored.
func (c *Circles) RewriteIntro(ctx context.Context, ref store.IntroRef) error {
	if ref.CircleID == 0 || ref.ChannelID == "" || ref.TS == "" {
		return nil
	}
	ci, err := c.store.CircleByID(ctx, ref.CircleID)
	if err != nil {
		return err
	}
	members, err := c.store.CircleMembers(ctx, ref.CircleID)
	if err != nil {
		return err
	}
	_, _, _, err = c.api.UpdateMessageContext(ctx, ref.ChannelID, ref.TS, slack.MsgOptionText(introText(ci, members, ci.PrivateChannel), false),
		slack.MsgOptionBlocks(introBlocks(ci, members, ci.PrivateChannel)...))
	return err
}
