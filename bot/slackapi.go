package bot

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot/slackapi"
)

// SlackAPI is the part of slack-go's Web API client the bot uses.
// *slack.Client implements it.
type SlackAPI = slackapi.API

// OpenDM returns the DM channel with one person.
func (b *Bot) OpenDM(ctx context.Context, user string) (string, error) {
	if id, ok := b.dms.Load(user); ok {
		return id.(string), nil
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
	b.dms.Store(user, ch.ID)
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
func (b *Bot) RememberDM(user, channel string) { b.dms.Store(user, channel) }

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
