package slackfake_test

import (
	"slices"
	"testing"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// conversations.members lists a conversation's members (the bot when it is
// in), paged; chat.postMessage to a channel the bot was never invited to
// is not_in_channel until /invite.
func TestConversationsMembersAndNotInChannel(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	ctx := testCtx(t)
	api := newAPI(s)
	for _, id := range []string{"U1", "U2", "U3"} {
		s.AddUser(slackfake.User{ID: id, Name: id})
	}
	quiet := s.AddChannelWithoutBot("quiet", "U1", "U2", "U3")
	if _, _, err := api.PostMessageContext(ctx, quiet, slack.MsgOptionText("hi", false)); slackError(err) != "not_in_channel" {
		t.Errorf("post where the bot is not: %v", err)
	}
	var all []string
	cursor := ""
	for pages := 0; ; pages++ {
		members, next, err := api.GetUsersInConversationContext(ctx, &slack.GetUsersInConversationParameters{ChannelID: quiet, Cursor: cursor, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, members...)
		if cursor = next; cursor == "" {
			if pages != 1 {
				t.Errorf("%d pages of 2 for 3 members", pages+1)
			}
			break
		}
	}
	if !slices.Equal(all, []string{"U1", "U2", "U3"}) {
		t.Errorf("members %v", all)
	}
	s.InviteBot(quiet)
	s.JoinChannel(quiet, "U4")
	members, _, err := api.GetUsersInConversationContext(ctx, &slack.GetUsersInConversationParameters{ChannelID: quiet})
	if err != nil || len(members) != 5 || members[0] != s.BotUserID() || members[4] != "U4" {
		t.Errorf("after /invite and a join: %v %v", members, err)
	}
	if _, _, err := api.PostMessageContext(ctx, quiet, slack.MsgOptionText("hi", false)); err != nil {
		t.Errorf("post after /invite: %v", err)
	}
	for _, tc := range []struct {
		p    slack.GetUsersInConversationParameters
		want string
	}{
		{slack.GetUsersInConversationParameters{ChannelID: "CNOPE"}, "channel_not_found"},
		{slack.GetUsersInConversationParameters{ChannelID: quiet, Cursor: "garbage"}, "invalid_cursor"},
		{slack.GetUsersInConversationParameters{ChannelID: quiet, Limit: 1001}, "invalid_limit"},
	} {
		if _, _, err := api.GetUsersInConversationContext(ctx, &tc.p); slackError(err) != tc.want {
			t.Errorf("%+v: %v, want %s", tc.p, err, tc.want)
		}
	}
}
