package slackapi

import (
	"context"
	"testing"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot/workslot"
)

// recordingAPI is an API that notes each call in a shared log.
type recordingAPI struct{ log *[]string }

func (a recordingAPI) note(m string) { *a.log = append(*a.log, m) }

func (a recordingAPI) AuthTestContext(context.Context) (*slack.AuthTestResponse, error) {
	a.note("auth.test")
	return nil, nil
}

func (a recordingAPI) GetUserInfoContext(context.Context, string, ...slack.GetUserInfoOption) (*slack.User, error) {
	a.note("users.info")
	return nil, nil
}

func (a recordingAPI) OpenConversationContext(context.Context, *slack.OpenConversationParameters) (*slack.Channel, bool, bool, error) {
	a.note("conversations.open")
	return nil, false, false, nil
}

func (a recordingAPI) PostMessageContext(context.Context, string, ...slack.MsgOption) (string, string, error) {
	a.note("chat.postMessage")
	return "", "", nil
}

func (a recordingAPI) PostEphemeralContext(context.Context, string, string, ...slack.MsgOption) (string, error) {
	a.note("chat.postEphemeral")
	return "", nil
}

func (a recordingAPI) UpdateMessageContext(context.Context, string, string, ...slack.MsgOption) (string, string, string, error) {
	a.note("chat.update")
	return "", "", "", nil
}

func (a recordingAPI) OpenViewContext(context.Context, string, slack.ModalViewRequest) (*slack.ViewResponse, error) {
	a.note("views.open")
	return nil, nil
}

func (a recordingAPI) UpdateViewContext(context.Context, slack.ModalViewRequest, string, string, string) (*slack.ViewResponse, error) {
	a.note("views.update")
	return nil, nil
}

func (a recordingAPI) PublishViewContext(context.Context, slack.PublishViewContextRequest) (*slack.ViewResponse, error) {
	a.note("views.publish")
	return nil, nil
}

func (a recordingAPI) UploadFileContext(context.Context, slack.UploadFileParameters) (*slack.FileSummary, error) {
	a.note("files.upload")
	return nil, nil
}

func (a recordingAPI) GetUsersInConversationContext(context.Context, *slack.GetUsersInConversationParameters) ([]string, string, error) {
	a.note("conversations.members")
	return nil, "", nil
}

// TestEveryWebAPICallAcksFirst: each method of AckFirst acks the
// envelope being served before it calls Slack, and a call outside an
// envelope (the scheduler's) acks nothing.
func TestEveryWebAPICallAcksFirst(t *testing.T) {
	calls := []struct {
		method string
		call   func(ctx context.Context, api API)
	}{
		{"auth.test", func(ctx context.Context, api API) { api.AuthTestContext(ctx) }},
		{"users.info", func(ctx context.Context, api API) { api.GetUserInfoContext(ctx, "U1") }},
		{"conversations.open", func(ctx context.Context, api API) {
			api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{"U1"}})
		}},
		{"chat.postMessage", func(ctx context.Context, api API) { api.PostMessageContext(ctx, "C1") }},
		{"chat.postEphemeral", func(ctx context.Context, api API) { api.PostEphemeralContext(ctx, "C1", "U1") }},
		{"chat.update", func(ctx context.Context, api API) { api.UpdateMessageContext(ctx, "C1", "1.2") }},
		{"views.open", func(ctx context.Context, api API) { api.OpenViewContext(ctx, "T1", slack.ModalViewRequest{}) }},
		{"views.update", func(ctx context.Context, api API) {
			api.UpdateViewContext(ctx, slack.ModalViewRequest{}, "", "", "V1")
		}},
		{"views.publish", func(ctx context.Context, api API) {
			api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U1"})
		}},
		{"files.upload", func(ctx context.Context, api API) { api.UploadFileContext(ctx, slack.UploadFileParameters{}) }},
		{"conversations.members", func(ctx context.Context, api API) {
			api.GetUsersInConversationContext(ctx, &slack.GetUsersInConversationParameters{ChannelID: "C1"})
		}},
	}
	for _, c := range calls {
		t.Run(c.method, func(t *testing.T) {
			var log []string
			api := AckFirst{API: recordingAPI{log: &log}}
			slots := make(workslot.Slots, 1)
			slot := slots.For(nil)
			ctx := workslot.With(context.Background(), func() { log = append(log, "ack") }, slot)
			c.call(ctx, api)
			if len(log) != 2 || log[0] != "ack" || log[1] != c.method {
				t.Errorf("in an envelope's handler: %v, want [ack %s]", log, c.method)
			}
			// Acked by the call, the handler works on in a work slot.
			if len(slots) != 1 {
				t.Errorf("after the call: %d tokens taken; want the slot held", len(slots))
			}
			slot.Done()
			log = nil
			c.call(context.Background(), api)
			if len(log) != 1 || log[0] != c.method {
				t.Errorf("outside an envelope: %v, want [%s]", log, c.method)
			}
		})
	}
}
