package bot

import (
	"context"
	"fmt"
	"sync"

	"github.com/slack-go/slack"
)

// SlackAPI is the part of slack-go's Web API client the bot uses.
// *slack.Client implements it.
type SlackAPI interface {
	AuthTestContext(ctx context.Context) (*slack.AuthTestResponse, error)
	GetUserInfoContext(ctx context.Context, user string, options ...slack.GetUserInfoOption) (*slack.User, error)
	OpenConversationContext(ctx context.Context, params *slack.OpenConversationParameters) (*slack.Channel, bool, bool, error)
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
	PostEphemeralContext(ctx context.Context, channelID, userID string, options ...slack.MsgOption) (string, error)
	UpdateMessageContext(ctx context.Context, channelID, timestamp string, options ...slack.MsgOption) (string, string, string, error)
	OpenViewContext(ctx context.Context, triggerID string, view slack.ModalViewRequest) (*slack.ViewResponse, error)
	UpdateViewContext(ctx context.Context, view slack.ModalViewRequest, externalID, hash, viewID string) (*slack.ViewResponse, error)
	PublishViewContext(ctx context.Context, req slack.PublishViewContextRequest) (*slack.ViewResponse, error)
	UploadFileContext(ctx context.Context, params slack.UploadFileParameters) (*slack.FileSummary, error)
	GetUsersInConversationContext(ctx context.Context, params *slack.GetUsersInConversationParameters) ([]string, string, error)
}

// dmCache remembers DM channel IDs: conversations.open is tier 3, so the
// bot opens each person's DM once per process.
type dmCache struct {
	mu  sync.Mutex
	ids map[string]string
}

func (c *dmCache) get(user string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	id, ok := c.ids[user]
	return id, ok
}

func (c *dmCache) put(user, channel string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ids == nil {
		c.ids = map[string]string{}
	}
	c.ids[user] = channel
}

// OpenDM returns the DM channel with one person.
func (b *Bot) OpenDM(ctx context.Context, user string) (string, error) {
	if id, ok := b.dms.get(user); ok {
		return id, nil
	}
	var ch *slack.Channel
	err := b.Retrying(ctx, "conversations.open", func(ctx context.Context) error {
		var err error
		ch, _, _, err = b.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{user}, ReturnIM: true})
		return err
	})
	if err != nil {
		return "", fmt.Errorf("open DM with %s: %w", user, err)
	}
	b.dms.put(user, ch.ID)
	return ch.ID, nil
}

// OpenGroupDM opens the group DM of the bot and these people.
func (b *Bot) OpenGroupDM(ctx context.Context, users ...string) (string, error) {
	ch, _, _, err := b.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: users})
	if err != nil {
		return "", fmt.Errorf("open group DM: %w", err)
	}
	return ch.ID, nil
}

// RememberDM records a person's DM channel learnt elsewhere (a post to
// their user ID answers with it), sparing a conversations.open.
func (b *Bot) RememberDM(user, channel string) { b.dms.put(user, channel) }

// DM sends a message to one person's DM.
func (b *Bot) DM(ctx context.Context, user string, opts ...slack.MsgOption) (channel, ts string, err error) {
	channel, err = b.OpenDM(ctx, user)
	if err != nil {
		return "", "", err
	}
	// A 429 is waited out and a 5xx retried, so a confirmation is not lost
	// to a passing Slack hiccup.
	err = b.Retrying(ctx, "chat.postMessage", func(ctx context.Context) error {
		var err error
		_, ts, err = b.api.PostMessageContext(ctx, channel, opts...)
		return err
	})
	if err != nil {
		return channel, "", fmt.Errorf("post DM to %s: %w", user, err)
	}
	return channel, ts, nil
}
