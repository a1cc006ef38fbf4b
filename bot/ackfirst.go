package bot

import (
	"context"
	"errors"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot/workslot"
)

// Ack first: a Web API call can take seconds (a 429's Retry-After, a slow
// Slack), and an envelope not acked within 3 s is an error to the person
// and a redelivery. So a handler that calls Slack while its envelope is
// still unacknowledged acks it (empty) first: ackFirstAPI does so before
// every Web API call, paced and retrying before they may wait on the rate
// limiter or a Retry-After. A reply the handler meant to put in the ack
// then goes through response_url (reply, which posts there only once the
// ack is gone). A handler that wants its answer in the ack gives it before
// calling Slack.

// ackBeforeSlack acks the envelope ctx serves, if it is not acked yet, and
// lends its work slot for the Slack call (bot/workslot); call the result
// when the call is over.
var ackBeforeSlack = workslot.BeforeSlack

// ackFirstAPI is the bot's SlackAPI: every call acks first.
type ackFirstAPI struct{ api SlackAPI }

func (a ackFirstAPI) AuthTestContext(ctx context.Context) (*slack.AuthTestResponse, error) {
	defer ackBeforeSlack(ctx)()
	return a.api.AuthTestContext(ctx)
}

func (a ackFirstAPI) GetUserInfoContext(ctx context.Context, user string, options ...slack.GetUserInfoOption) (*slack.User, error) {
	defer ackBeforeSlack(ctx)()
	return a.api.GetUserInfoContext(ctx, user, options...)
}

func (a ackFirstAPI) OpenConversationContext(ctx context.Context, params *slack.OpenConversationParameters) (*slack.Channel, bool, bool, error) {
	defer ackBeforeSlack(ctx)()
	return a.api.OpenConversationContext(ctx, params)
}

func (a ackFirstAPI) PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error) {
	defer ackBeforeSlack(ctx)()
	return a.api.PostMessageContext(ctx, channelID, options...)
}

func (a ackFirstAPI) PostEphemeralContext(ctx context.Context, channelID, userID string, options ...slack.MsgOption) (string, error) {
	defer ackBeforeSlack(ctx)()
	return a.api.PostEphemeralContext(ctx, channelID, userID, options...)
}

func (a ackFirstAPI) UpdateMessageContext(ctx context.Context, channelID, timestamp string, options ...slack.MsgOption) (string, string, string, error) {
	defer ackBeforeSlack(ctx)()
	return a.api.UpdateMessageContext(ctx, channelID, timestamp, options...)
}

func (a ackFirstAPI) OpenViewContext(ctx context.Context, triggerID string, view slack.ModalViewRequest) (*slack.ViewResponse, error) {
	defer ackBeforeSlack(ctx)()
	return a.api.OpenViewContext(ctx, triggerID, view)
}

func (a ackFirstAPI) UpdateViewContext(ctx context.Context, view slack.ModalViewRequest, externalID, hash, viewID string) (*slack.ViewResponse, error) {
	defer ackBeforeSlack(ctx)()
	return a.api.UpdateViewContext(ctx, view, externalID, hash, viewID)
}

func (a ackFirstAPI) PublishViewContext(ctx context.Context, req slack.PublishViewContextRequest) (*slack.ViewResponse, error) {
	defer ackBeforeSlack(ctx)()
	return a.api.PublishViewContext(ctx, req)
}

func (a ackFirstAPI) UploadFileContext(ctx context.Context, params slack.UploadFileParameters) (*slack.FileSummary, error) {
	defer ackBeforeSlack(ctx)()
	return a.api.UploadFileContext(ctx, params)
}

func (a ackFirstAPI) GetUsersInConversationContext(ctx context.Context, params *slack.GetUsersInConversationParameters) ([]string, string, error) {
	defer ackBeforeSlack(ctx)()
	return a.api.GetUsersInConversationContext(ctx, params)
}

// privateChannels is what a Slack client needs for private channels (the
// circles too big for a group DM); *slack.Client has it.
type privateChannels interface {
	CreateConversationContext(ctx context.Context, params slack.CreateConversationParams) (*slack.Channel, error)
	InviteUsersToConversationContext(ctx context.Context, channelID string, users ...string) (*slack.Channel, error)
}

func (a ackFirstAPI) CreateConversationContext(ctx context.Context, params slack.CreateConversationParams) (*slack.Channel, error) {
	pc, ok := a.api.(privateChannels)
	if !ok {
		return nil, errors.New("bot: this Slack client cannot create channels")
	}
	defer ackBeforeSlack(ctx)()
	return pc.CreateConversationContext(ctx, params)
}

func (a ackFirstAPI) InviteUsersToConversationContext(ctx context.Context, channelID string, users ...string) (*slack.Channel, error) {
	pc, ok := a.api.(privateChannels)
	if !ok {
		return nil, errors.New("bot: this Slack client cannot invite to channels")
	}
	defer ackBeforeSlack(ctx)()
	return pc.InviteUsersToConversationContext(ctx, channelID, users...)
}
