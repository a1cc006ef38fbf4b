package slackfake_test

import (
	"slices"
	"testing"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

func TestConversationsOfRevisionAndFile(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	s.AddUser(slackfake.User{ID: "U3", Name: "grace", RealName: "Grace Hopper"})
	api := newAPI(s)
	ctx := testCtx(t)

	names := func(user string) []string {
		var out []string
		for _, c := range s.ConversationsOf(user) {
			out = append(out, c.Kind+":"+c.ID)
		}
		return out
	}
	general := s.DefaultChannel()
	if got := names("U1"); !slices.Equal(got, []string{"channel:" + general}) {
		t.Fatalf("before any DM, U1 is in %v", got)
	}

	rev := s.Revision()
	if _, _, err := api.PostMessageContext(ctx, "U1", slack.MsgOptionText("hi", false)); err != nil {
		t.Fatal(err)
	}
	if s.Revision() == rev {
		t.Fatal("a posted message did not move the revision")
	}
	mpim, _, _, err := api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{"U1", "U2"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"channel:" + general, "im:" + s.DMChannel("U1"), "mpim:" + mpim.ID}
	if got := names("U1"); !slices.Equal(got, want) {
		t.Fatalf("U1 is in %v, want %v", got, want)
	}
	if got := names("U3"); !slices.Equal(got, []string{"channel:" + general}) {
		t.Fatalf("U3 sees others' conversations: %v", got)
	}
	for _, c := range s.ConversationsOf("U2") {
		if c.Kind == slackfake.KindMPIM && !slices.Equal(c.Members, []string{"U1", "U2"}) {
			t.Fatalf("group DM members = %v", c.Members)
		}
	}

	f, err := api.UploadFileContext(ctx, slack.UploadFileParameters{Filename: "me.json", FileSize: 2, Content: "{}", Channel: s.DMChannel("U1")})
	if err != nil {
		t.Fatal(err)
	}
	got, ok := s.File(f.ID)
	if !ok || got.Name != "me.json" || string(got.Content) != "{}" {
		t.Fatalf("File(%s) = %+v, %v", f.ID, got, ok)
	}
	if _, ok := s.File("F404"); ok {
		t.Fatal("File found a file that does not exist")
	}
}
