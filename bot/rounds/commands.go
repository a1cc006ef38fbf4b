package rounds

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/slackerr"
	"github.com/mentorbot/mentorbot/store"
)

// channelRef is Slack's link to a channel.
func channelRef(id string) string { return "<#" + id + ">" }

// cantPost are chat.postMessage's answers that mean the bot cannot post
// in the channel (it is not in it, cannot see it, or it is archived).
var cantPost = map[string]bool{"not_in_channel": true, "channel_not_found": true, "is_archived": true}

// cmdStart posts the Join button in the channel and starts the series;
// if the bot cannot post there it says how to invite it and creates
// nothing.
func (rd *Rounds) cmdStart(ctx context.Context, r bot.Request, c bot.Command) {
	if _, err := rd.store.SeriesByChannel(ctx, c.Channel); err == nil {
		rd.core.ReplyText(ctx, r, sprintf(msgAlreadyRunning, channelRef(c.Channel), channelRef(c.Channel)))
		return
	} else if !errors.Is(err, store.ErrNotFound) {
		rd.core.Fail(ctx, r, "rounds start", err)
		return
	}
	text := sprintf(msgJoinPost, every(c.Weeks), c.Size)
	join := slack.NewButtonBlockElement(actionJoin, c.Channel, bot.Plain(labelJoin))
	join.Style = slack.StylePrimary
	blocks := []slack.Block{slack.NewSectionBlock(bot.Mrkdwn(text), nil, nil), slack.NewActionBlock(blockJoin, join)}
	err := rd.core.Retrying(ctx, "chat.postMessage", func(ctx context.Context) error {
		_, _, err := rd.api.PostMessageContext(ctx, c.Channel, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
		return err
	})
	if err != nil {
		if cantPost[slackerr.Code(err)] {
			rd.core.ReplyText(ctx, r, sprintf(msgNotInChannel, channelRef(c.Channel)))
			return
		}
		rd.core.Fail(ctx, r, "rounds start", err)
		return
	}
	now := rd.core.Now()
	_, err = rd.store.StartSeries(ctx, store.NewRoundSeries{ChannelID: c.Channel, EveryWeeks: c.Weeks, GroupSize: c.Size, Anchor: now, CreatedBy: r.UserID})
	if errors.Is(err, store.ErrConflict) {
		rd.core.ReplyText(ctx, r, sprintf(msgAlreadyRunning, channelRef(c.Channel), channelRef(c.Channel)))
		return
	}
	if err != nil {
		rd.core.Fail(ctx, r, "rounds start", err)
		return
	}
	rd.core.Audit(ctx, r.UserID, "rounds start", c.Channel, store.OutcomeOK, sprintf("every %d weeks, groups of %d", c.Weeks, c.Size))
	if first, ok := rd.firstRound(now); ok {
		rd.core.ReplyText(ctx, r, sprintf(msgStarted, channelRef(c.Channel), every(c.Weeks), c.Size, first.UTC().Format("Mon 2 Jan 2006 15:04")))
		return
	}
	rd.core.ReplyText(ctx, r, sprintf(msgStartedNoDate, channelRef(c.Channel), every(c.Weeks), c.Size))
}

func (rd *Rounds) cmdList(ctx context.Context, r bot.Request, _ bot.Command) {
	series, err := rd.store.ActiveSeries(ctx)
	if err != nil {
		rd.core.Fail(ctx, r, "rounds list", err)
		return
	}
	if len(series) == 0 {
		rd.core.ReplyText(ctx, r, msgListEmpty)
		return
	}
	lines := []string{msgListHead}
	for _, se := range series {
		lines = append(lines, sprintf(msgListLine, channelRef(se.ChannelID), every(se.EveryWeeks), se.GroupSize,
			count(se.Members, "member", "members"), count(se.Rounds, "round", "rounds")))
	}
	rd.core.ReplyText(ctx, r, strings.Join(lines, "\n"))
}

// count says "1 member", "3 members".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func (rd *Rounds) cmdStop(ctx context.Context, r bot.Request, c bot.Command) {
	stopped, err := rd.store.StopSeries(ctx, c.Channel)
	if err != nil {
		rd.core.Fail(ctx, r, "rounds stop", err)
		return
	}
	if !stopped {
		rd.core.ReplyText(ctx, r, sprintf(msgNoRounds, channelRef(c.Channel)))
		return
	}
	rd.core.Audit(ctx, r.UserID, "rounds stop", c.Channel, store.OutcomeOK, "")
	rd.core.ReplyText(ctx, r, sprintf(msgStopped, channelRef(c.Channel)))
}

func (rd *Rounds) cmdJoin(ctx context.Context, r bot.Request, c bot.Command) {
	rd.join(ctx, r, c.Channel)
}

// cmdLeave takes the caller (only them) out of the channel's rounds.
func (rd *Rounds) cmdLeave(ctx context.Context, r bot.Request, c bot.Command) {
	se, err := rd.store.SeriesByChannel(ctx, c.Channel)
	if errors.Is(err, store.ErrNotFound) {
		rd.core.ReplyText(ctx, r, sprintf(msgNoRounds, channelRef(c.Channel)))
		return
	}
	if err != nil {
		rd.core.Fail(ctx, r, "rounds leave", err)
		return
	}
	rd.leave(ctx, r, se, false)
}

// actJoin is the channel's *Join networking rounds* button; its value is
// the channel (the series is looked up, so a stale button joins nothing).
func (rd *Rounds) actJoin(ctx context.Context, r bot.Request, a *slack.BlockAction) {
	if _, ok := bot.ChannelMention("<#" + a.Value + ">"); !ok {
		rd.core.ReplyText(ctx, r, bot.MsgStaleButton)
		return
	}
	rd.join(ctx, r, a.Value)
}

// join opts the person in: the channel's rounds must be running and the
// person in the channel (checked with conversations.members); the
// confirmation carries *Leave rounds* and *Skip next round*.
func (rd *Rounds) join(ctx context.Context, r bot.Request, channel string) {
	se, err := rd.store.SeriesByChannel(ctx, channel)
	if errors.Is(err, store.ErrNotFound) {
		rd.core.ReplyText(ctx, r, sprintf(msgNoRounds, channelRef(channel)))
		return
	}
	if err != nil {
		rd.core.Fail(ctx, r, "rounds join", err)
		return
	}
	in, err := rd.inChannel(ctx, channel, r.UserID)
	if err != nil {
		rd.core.Fail(ctx, r, "rounds join", err)
		return
	}
	if !in {
		rd.core.ReplyText(ctx, r, sprintf(msgNotMember, channelRef(channel)))
		return
	}
	joined, err := rd.store.JoinRounds(ctx, se.ID, r.UserID, rd.timezone(ctx, r.UserID))
	if err != nil {
		rd.core.Fail(ctx, r, "rounds join", err)
		return
	}
	text := sprintf(msgAlreadyIn, channelRef(channel))
	if joined {
		partners := msgOnePartner
		if se.GroupSize == 3 {
			partners = msgTwoPartners
		}
		text = sprintf(msgJoined, channelRef(channel), every(se.EveryWeeks), partners)
		rd.core.Audit(ctx, r.UserID, "rounds join", channel, store.OutcomeOK, "")
	}
	rd.core.Reply(ctx, r, text, memberBlocks(text, se.ID))
}

// memberBlocks are a member's confirmation with Leave rounds and Skip next
// round, carrying the series id.
func memberBlocks(text string, seriesID int64) []slack.Block {
	v := strconv.FormatInt(seriesID, 10)
	return []slack.Block{
		slack.NewSectionBlock(bot.Mrkdwn(text), nil, nil),
		slack.NewActionBlock(blockMember,
			slack.NewButtonBlockElement(actionSkip, v, bot.Plain(labelSkip)),
			slack.NewButtonBlockElement(actionLeave, v, bot.Plain(labelLeave))),
	}
}

// inChannel asks Slack whether user is in channel (conversations.members,
// paged).
func (rd *Rounds) inChannel(ctx context.Context, channel, user string) (bool, error) {
	cursor := ""
	for page := 0; page < 100; page++ {
		var members []string
		err := rd.core.Retrying(ctx, "conversations.members", func(ctx context.Context) error {
			var err error
			members, cursor, err = rd.api.GetUsersInConversationContext(ctx, &slack.GetUsersInConversationParameters{ChannelID: channel, Cursor: cursor, Limit: 200})
			return err
		})
		if err != nil {
			if slackerr.Code(err) == "channel_not_found" {
				return false, nil
			}
			return false, err
		}
		for _, m := range members {
			if m == user {
				return true, nil
			}
		}
		if cursor == "" {
			return false, nil
		}
	}
	return false, nil
}

// timezone is what the rounds keep for a person's zone: nothing for a
// participant (their profile's is used), else Slack's users.info tz.
func (rd *Rounds) timezone(ctx context.Context, user string) string {
	if _, err := rd.store.Participant(ctx, user); err == nil {
		return ""
	}
	var u *slack.User
	err := rd.core.Retrying(ctx, "users.info", func(ctx context.Context) error {
		var err error
		u, err = rd.api.GetUserInfoContext(ctx, user)
		return err
	})
	if err != nil {
		rd.log.Warn("users.info for a rounds member", "user", user, "err", err)
		return ""
	}
	return u.TZ
}
