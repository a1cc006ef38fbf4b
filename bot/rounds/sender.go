package rounds

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// SendRound is scheduler.RoundsSender: a group's introduction goes to the
// group DM it opens (conversations.open with the members), an ask to the
// person's DM. Calls are paced by the bot's limiter and their failures
// classified for the scheduler.
func (rd *Rounds) SendRound(ctx context.Context, m store.RoundMessage) (scheduler.SentMessage, error) {
	switch m.Kind {
	case store.RoundIntro:
		return rd.sendIntro(ctx, m)
	case store.RoundAsk:
		text := sprintf(msgAsk, channelRef(m.SeriesChannel), roundDate(m))
		return rd.post(ctx, m.Recipient, text, askBlocks(text, m.ID))
	}
	return scheduler.SentMessage{}, scheduler.Classify(scheduler.Rejected, "unknown_kind", fmt.Errorf("round message kind %q", m.Kind))
}

func (rd *Rounds) sendIntro(ctx context.Context, m store.RoundMessage) (scheduler.SentMessage, error) {
	if len(m.Members) < 2 {
		return scheduler.SentMessage{}, scheduler.Classify(scheduler.Rejected, "group_too_small", fmt.Errorf("round group %d has %d members", m.GroupID, len(m.Members)))
	}
	var channel string
	err := rd.core.Paced(ctx, "conversations.open", "", func(ctx context.Context) error {
		ch, _, _, err := rd.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: m.Members})
		if err == nil {
			channel = ch.ID
		}
		return err
	})
	if err != nil {
		return scheduler.SentMessage{}, fmt.Errorf("open group DM: %w", classify("conversations.open", err))
	}
	names := make([]string, len(m.Members))
	for i, u := range m.Members {
		names[i] = bot.Mention(u)
	}
	text := sprintf(msgIntro, joinNames(names), channelRef(m.SeriesChannel), icebreaker(m.GroupID))
	return rd.post(ctx, channel, text, []slack.Block{slack.NewSectionBlock(bot.Mrkdwn(text), nil, nil)})
}

func (rd *Rounds) post(ctx context.Context, channel, text string, blocks []slack.Block) (scheduler.SentMessage, error) {
	var msg scheduler.SentMessage
	err := rd.core.Paced(ctx, "chat.postMessage", channel, func(ctx context.Context) error {
		// Right before the only call that posts, after the rate-limit
		// wait: a claim released meanwhile must not post.
		if err := scheduler.BeforePost(ctx); err != nil {
			return scheduler.Classify(scheduler.Rejected, "claim_lost", err)
		}
		ch, ts, err := rd.api.PostMessageContext(ctx, channel, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
		if err == nil {
			msg = scheduler.SentMessage{Channel: ch, TS: ts}
		}
		return err
	})
	if err != nil {
		return scheduler.SentMessage{}, fmt.Errorf("post round message: %w", classify("chat.postMessage", err))
	}
	return msg, nil
}

// MarksPosting tells the scheduler that SendRound calls
// scheduler.BeforePost right before chat.postMessage, after its rate-limit
// wait (and after conversations.open, which posts nothing).
func (rd *Rounds) MarksPosting() {}

// askBlocks are the private "Did you meet?" with Met and Not yet, each
// carrying the ask's id.
func askBlocks(text string, id int64) []slack.Block {
	v := strconv.FormatInt(id, 10)
	met := slack.NewButtonBlockElement(actionMet, v, bot.Plain(labelMet))
	met.Style = slack.StylePrimary
	return []slack.Block{
		slack.NewSectionBlock(bot.Mrkdwn(text), nil, nil),
		slack.NewActionBlock(blockAsk, met, slack.NewButtonBlockElement(actionNotYet, v, bot.Plain(labelNotYet))),
	}
}

// joinNames says "A and B", "A, B and C".
func joinNames(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
