package slackfake_test

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

func TestUploadFileLandsInChannel(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	ctx := testCtx(t)
	api := newAPI(s)
	ch, _, _, err := api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{"U1"}})
	if err != nil {
		t.Fatal(err)
	}
	content := `{"name":"Ada"}`
	sum, err := api.UploadFileContext(ctx, slack.UploadFileParameters{
		Channel: ch.ID, Filename: "export.json", Title: "Your data", Content: content, FileSize: len(content), InitialComment: "Here you go",
	})
	if err != nil {
		t.Fatal(err)
	}
	files := s.Files(ch.ID)
	if len(files) != 1 || files[0].ID != sum.ID || string(files[0].Content) != content || files[0].Name != "export.json" ||
		files[0].Title != "Your data" || files[0].InitialComment != "Here you go" {
		t.Fatalf("files = %+v", files)
	}
	msgs := s.Messages(ch.ID)
	if len(msgs) != 1 || len(msgs[0].Files) != 1 || msgs[0].Files[0] != sum.ID {
		t.Errorf("share message = %+v", msgs)
	}
	if _, err := api.UploadFileContext(ctx, slack.UploadFileParameters{Channel: "U1", Filename: "x.csv", Content: "a", FileSize: 1}); !strings.Contains(err.Error(), "invalid_channel") {
		t.Errorf("upload to a user ID: %v", err)
	}
	if n := len(s.Calls("file_upload")); n != 2 {
		t.Errorf("file_upload calls = %d", n)
	}
}
