package slackfake_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// TestPrivateChannels: conversations.create makes a private channel the
// bot is in, conversations.invite adds people, each with Slack's errors.
func TestPrivateChannels(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	s.AddUser(slackfake.User{ID: "U3", Name: "gone", Deleted: true})
	api, ctx := newAPI(s), testCtx(t)
	ch, err := api.CreateConversationContext(ctx, slack.CreateConversationParams{ChannelName: "circle-leaders", IsPrivate: true})
	if err != nil {
		t.Fatal(err)
	}
	if !ch.IsPrivate || ch.Name != "circle-leaders" || ch.ID == "" {
		t.Fatalf("created %+v", ch)
	}
	for _, tc := range []struct{ name, want string }{
		{"circle-leaders", "name_taken"},
		{"general", "name_taken"},
		{"", "invalid_name_required"},
		{"Has Caps", "invalid_name_specials"},
		{"--", "invalid_name_punctuation"},
		{strings.Repeat("a", 81), "invalid_name_maxlength"},
	} {
		_, err := api.CreateConversationContext(ctx, slack.CreateConversationParams{ChannelName: tc.name, IsPrivate: true})
		if got := slackError(err); got != tc.want {
			t.Errorf("create %q: %q, want %q", tc.name, got, tc.want)
		}
	}
	if _, err := api.InviteUsersToConversationContext(ctx, ch.ID, "U1", "U2"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		channel string
		users   []string
		want    string
	}{
		{ch.ID, []string{"U1"}, "already_in_channel"},
		{ch.ID, []string{"UNOPE"}, "user_not_found"},
		{ch.ID, []string{"U3"}, "user_is_deactivated"},
		{"CNOPE", []string{"U1"}, "channel_not_found"},
		{ch.ID, []string{""}, "no_user"},
	} {
		_, err := api.InviteUsersToConversationContext(ctx, tc.channel, tc.users...)
		if got := slackError(err); got != tc.want {
			t.Errorf("invite %v to %s: %q, want %q", tc.users, tc.channel, got, tc.want)
		}
	}
	var found bool
	for _, c := range s.ConversationsOf("U2") {
		if c.ID == ch.ID {
			found = c.Kind == slackfake.KindPrivate && slices.Equal(c.Members, []string{"U1", "U2"})
		}
	}
	if !found {
		t.Errorf("U2's sidebar lacks the private channel: %+v", s.ConversationsOf("U2"))
	}
	if _, _, err := api.PostMessageContext(ctx, ch.ID, slack.MsgOptionText("hello", false)); err != nil {
		t.Fatal(err)
	}
	if ms := s.Messages(ch.ID); len(ms) != 1 {
		t.Errorf("messages in the private channel: %+v", ms)
	}
	// A group DM takes invitations from nobody.
	g, _, _, err := api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{"U1", "U2"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.InviteUsersToConversationContext(ctx, g.ID, "U1"); slackError(err) != "method_not_supported_for_channel_type" {
		t.Errorf("invite into a group DM: %v", err)
	}
}
