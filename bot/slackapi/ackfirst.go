package slackapi

import (
	"context"
	"errors"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot/workslot"
)

// Ack first: a Web API call can take seconds (a 429's Retry-After, a slow
// Slack), and an envelope not acked within 3 s is an error to the person
// and a redelivery. So a handler that calls Slack while its envelope is
// still unacknowledged acks it (empty) first: AckFirst does so before
// every Web API call, paced and retrying before they may wait on the rate
// limiter or a Retry-After. A reply the handler meant to put in the ack
// then goes through response_url (bot.Reply, which posts there only once the
// ack is gone). A handler that wants its answer in the ack gives it before
// calling Slack.

// AckFirst is the bot's API: every call acks first (workslot.BeforeSlack
// acks the envelope ctx serves, if it is not acked yet, and lends its work
// slot for the call).
type AckFirst struct{ API API }

func (a AckFirst) AuthTestContext(ctx context.Context) (*slack.AuthTestResponse, error) {
	defer workslot.BeforeSlack(ctx)()
	return a.API.AuthTestContext(ctx)
}

func (a AckFirst) GetUserInfoContext(ctx context.Context, user string, options ...slack.GetUserInfoOption) (*slack.User, error) {
	defer workslot.BeforeSlack(ctx)()
	return a.API.GetUserInfoContext(ctx, user, options...)
}

func (a AckFirst) OpenConversationContext(ctx context.Context, params *slack.OpenConversationParameters) (*slack.Channel, bool, bool, error) {
	defer workslot.BeforeSlack(ctx)()
	return a.API.OpenConversationContext(ctx, params)
}

func (a AckFirst) PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error) {
	defer workslot.BeforeSlack(ctx)()
	return a.API.PostMessageContext(ctx, channelID, options...)
}

func (a AckFirst) PostEphemeralContext(ctx context.Context, channelID, userID string, options ...slack.MsgOption) (string, error) {
	defer workslot.BeforeSlack(ctx)()
	return a.API.PostEphemeralContext(ctx, channelID, userID, options...)
}

func (a AckFirst) UpdateMessageContext(ctx context.Context, channelID, timestamp string, options ...slack.MsgOption) (string, string, string, error) {
	defer workslot.BeforeSlack(ctx)()
	return a.API.UpdateMessageContext(ctx, channelID, timestamp, options...)
}

func (a AckFirst) OpenViewContext(ctx context.Context, triggerID string, view slack.ModalViewRequest) (*slack.ViewResponse, error) {
	defer workslot.BeforeSlack(ctx)()
	return a.API.OpenViewContext(ctx, triggerID, view)
}

func (a AckFirst) UpdateViewContext(ctx context.Context, view slack.ModalViewRequest, externalID, hash, viewID string) (*slack.ViewResponse, error) {
	defer workslot.BeforeSlack(ctx)()
	return a.API.UpdateViewContext(ctx, view, externalID, hash, viewID)
}

func (a AckFirst) PublishViewContext(ctx context.Context, req slack.PublishViewContextRequest) (*slack.ViewResponse, error) {
	defer workslot.BeforeSlack(ctx)()
	return a.API.PublishViewContext(ctx, req)
}

func (a AckFirst) UploadFileContext(ctx context.Context, params slack.UploadFileParameters) (*slack.FileSummary, error) {
	defer workslot.BeforeSlack(ctx)()
	return a.API.UploadFileContext(ctx, params)
}

func (a AckFirst) GetUsersInConversationContext(ctx context.Context, params *slack.GetUsersInConversationParameters) ([]string, string, error) {
	defer workslot.BeforeSlack(ctx)()
	return a.API.GetUsersInConversationContext(ctx, params)
}

// privateChannels is what a Slack client needs for private channels (the
// circles too big for a group DM); *slack.Client has it.
type privateChannels interface {
	CreateConversationContext(ctx context.Context, params slack.CreateConversationParams) (*slack.Channel, error)
	InviteUsersToConversationContext(ctx context.Context, channelID string, users ...string) (*slack.Channel, error)
}

func (a AckFirst) CreateConversationContext(ctx context.Context, params slack.CreateConversationParams) (*slack.Channel, error) {
	pc, ok := a.API.(privateChannels)
	if !ok {
		return nil, errors.New("slackapi: this Slack client cannot create channels")
	}
	defer workslot.BeforeSlack(ctx)()
	return pc.CreateConversationContext(ctx, params)
}

func (a AckFirst) InviteUsersToConversationContext(ctx context.Context, channelID string, users ...string) (*slack.Channel, error) {
	pc, ok := a.API.(privateChannels)
	if !ok {
		return nil, errors.New("slackapi: this Slack client cannot invite to channels")
	}
	defer workslot.BeforeSlack(ctx)()
	return pc.InviteUsersToConversationContext(ctx, channelID, users...)
}
