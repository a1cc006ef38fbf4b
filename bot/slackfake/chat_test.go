package slackfake_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

func TestConversationsOpen(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	ctx := testCtx(t)
	api := newAPI(s)
	s.AddUser(slackfake.User{ID: "U3", Name: "grace"})
	s.AddUser(slackfake.User{ID: "U9", Name: "gone", Deleted: true})

	open := func(users ...string) (string, bool, error) {
		ch, noOp, _, err := api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: users})
		if err != nil {
			return "", false, err
		}
		return ch.ID, noOp, nil
	}
	dm, noOp, err := open("U1")
	if err != nil || !strings.HasPrefix(dm, "D") || noOp {
		t.Fatalf("open U1 = %q %v %v", dm, noOp, err)
	}
	if again, noOp, _ := open("U1"); again != dm || !noOp {
		t.Errorf("reopen = %q no_op %v", again, noOp)
	}
	if s.DMChannel("U1") != dm || s.DMChannel("U2") != "" {
		t.Errorf("DMChannel U1 %q U2 %q", s.DMChannel("U1"), s.DMChannel("U2"))
	}
	g, _, err := open("U1", "U2", "U3")
	if err != nil || !strings.HasPrefix(g, "G") {
		t.Fatalf("group = %q %v", g, err)
	}
	if again, _, _ := open("U3", "U1", "U2"); again != g {
		t.Errorf("same members in another order gave %q, want %q", again, g)
	}
	if other, _, _ := open("U1", "U2"); other == g {
		t.Error("different member set gave the same group")
	}
	if s.Conversation("U2", "U3", "U1") != g || s.Conversation("U1", "U3") != "" {
		t.Errorf("Conversation lookup wrong")
	}

	errs := []struct {
		users []string
		want  string
	}{
		{[]string{"U404"}, "user_not_found"},
		{[]string{"U9"}, "user_disabled"},
		{[]string{"U1", "U9"}, "user_disabled"},
		{[]string{s.BotUserID()}, "cannot_dm_bot"},
		{[]string{"U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U10"}, "too_many_users"},
	}
	for _, tc := range errs {
		if _, _, err := open(tc.users...); slackError(err) != tc.want {
			t.Errorf("open %v: %v, want %s", tc.users, err, tc.want)
		}
	}
}

func TestChatMethods(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{CheckMessage: func(p []byte) error {
		if strings.Contains(string(p), "@channel") {
			return errors.New("no @channel please")
		}
		return nil
	}})
	ctx := testCtx(t)
	api := newAPI(s)

	ch, ts, err := api.PostMessageContext(ctx, "U1", slack.MsgOptionText("first", false))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := api.UpdateMessageContext(ctx, ch, ts, slack.MsgOptionText("edited", false)); err != nil {
		t.Fatal(err)
	}
	msgs := s.Messages(ch)
	if len(msgs) != 1 || msgs[0].Text != "edited" || !msgs[0].Updated || msgs[0].User != s.BotUserID() {
		t.Fatalf("after update: %+v", msgs)
	}
	blocks := make([]slack.Block, 51)
	for i := range blocks {
		blocks[i] = slack.NewDividerBlock()
	}

	errs := []struct {
		name string
		call func() error
		want string
	}{
		{"unknown channel", func() error {
			_, _, err := api.PostMessageContext(ctx, "C404", slack.MsgOptionText("x", false))
			return err
		}, "channel_not_found"},
		{"no text", func() error {
			_, _, err := api.PostMessageContext(ctx, "U1")
			return err
		}, "no_text"},
		{"51 blocks", func() error {
			_, _, err := api.PostMessageContext(ctx, "U1", slack.MsgOptionBlocks(blocks...))
			return err
		}, "invalid_blocks"},
		{"CheckMessage refuses", func() error {
			_, _, err := api.PostMessageContext(ctx, "U1", slack.MsgOptionText("hey @channel", false))
			return err
		}, "invalid_blocks"},
		{"ephemeral to someone not in the DM", func() error {
			_, err := api.PostEphemeralContext(ctx, ch, "U2", slack.MsgOptionText("x", false))
			return err
		}, "user_not_in_channel"},
		{"update unknown ts", func() error {
			_, _, _, err := api.UpdateMessageContext(ctx, ch, "1.000001", slack.MsgOptionText("x", false))
			return err
		}, "message_not_found"},
		{"DM a deactivated user", func() error {
			s.AddUser(slackfake.User{ID: "U9", Name: "gone", Deleted: true})
			_, _, err := api.PostMessageContext(ctx, "U9", slack.MsgOptionText("x", false))
			return err
		}, "is_archived"},
	}
	for _, tc := range errs {
		if got := slackError(tc.call()); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}

	if _, err := api.PostEphemeralContext(ctx, s.DefaultChannel(), "U2", slack.MsgOptionText("psst", false)); err != nil {
		t.Fatal(err)
	}
	if eph := s.Ephemerals("U2"); len(eph) != 1 || eph[0].Text != "psst" || eph[0].Recipient != "U2" {
		t.Errorf("ephemerals = %+v", eph)
	}
	if _, _, err := api.DeleteMessageContext(ctx, ch, ts); err != nil {
		t.Fatal(err)
	}
	if msgs := s.Messages(ch); len(msgs) != 0 {
		t.Errorf("after delete: %+v", msgs)
	}
}
