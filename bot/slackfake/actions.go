package slackfake

import (
	"context"
	"encoding/json"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/blocks"
	"github.com/mentorbot/mentorbot/bot/slackfake/internal/workspace"
)

// What people do: each action builds the payload Slack would send from the
// workspace's state and delivers it over Socket Mode.

// ErrNoSuchButton is returned by ClickButton when the message or view has
// no button with that action_id (and value).
var ErrNoSuchButton = workspace.ErrNoSuchButton

// Location is where a button is: a message (Channel and TS; ephemeral
// messages included) or a view (ViewID: an open modal or a Home tab).
type Location = workspace.Location

// Value is what a person entered in one input element of a modal. Set the
// field that fits the element; Type may be left empty (it is taken from the
// view, and checked when set). Options are named by their value; the fake
// sends the option object exactly as the view defines it.
type Value = blocks.Value

// send delivers what an action built; a nil delivery sends nothing.
func (s *Server) send(ctx context.Context, d *workspace.Delivery, err error) (*Envelope, error) {
	if err != nil || d == nil {
		return nil, err
	}
	return s.socket.Send(ctx, d.Type, d.Payload, d.Accepts, d.Effect)
}

// SlashCommand types command (e.g. "/mentor") with text in #general.
func (s *Server) SlashCommand(ctx context.Context, userID, command, text string) (*Envelope, error) {
	return s.SlashCommandIn(ctx, userID, s.ws.DefaultChannel(), command, text)
}

// SlashCommandIn types a slash command in a given conversation. The
// payload is a slack.SlashCommand with a fresh trigger_id and response_url;
// the ack payload, if it has text or blocks, is shown like Slack shows it
// (ephemeral to the user, or in the channel for response_type in_channel).
func (s *Server) SlashCommandIn(ctx context.Context, userID, channelID, command, text string) (*Envelope, error) {
	d, err := s.ws.SlashCommand(userID, channelID, command, text)
	return s.send(ctx, d, err)
}

// ClickButton clicks a button, found by action_id (and value, if not
// empty), in a message or a view, and sends the block_actions payload. It
// fails with ErrNoSuchButton when there is no such button.
func (s *Server) ClickButton(ctx context.Context, userID string, where Location, actionID, value string) (*Envelope, error) {
	d, err := s.ws.ClickButton(userID, where, actionID, value)
	return s.send(ctx, d, err)
}

// SubmitView submits the user's top modal with the values entered
// (block_id → action_id → Value) and sends the view_submission payload with
// view.state.values shaped per element type. The ack decides what happens
// next, as on Slack: no payload closes the view, response_action "errors"
// keeps it open, "update" / "push" / "clear" change the stack.
func (s *Server) SubmitView(ctx context.Context, userID, viewID string, values map[string]map[string]Value) (*Envelope, error) {
	d, err := s.ws.SubmitView(userID, viewID, values)
	return s.send(ctx, d, err)
}

// CloseView closes a modal the way the user's Close/Cancel button does: the
// view (and anything pushed above it) goes, or the whole stack when it has
// clear_on_close. Slack sends view_closed only to views with
// notify_on_close; otherwise CloseView returns a nil Envelope and no error.
func (s *Server) CloseView(ctx context.Context, userID, viewID string) (*Envelope, error) {
	d, err := s.ws.CloseView(userID, viewID)
	return s.send(ctx, d, err)
}

// OpenHome opens the app's Home tab: an events_api envelope carrying an
// event_callback with app_home_opened (tab "home", a fresh event_id, and
// the published Home view if there is one).
func (s *Server) OpenHome(ctx context.Context, userID string) (*Envelope, error) {
	d, err := s.ws.OpenHome(userID)
	return s.send(ctx, d, err)
}

// Forged payloads. Slack sends interactive payloads only for real clicks
// and submissions, but what a payload carries (a button's value, the
// clicked message's channel and ts, a view's private_metadata and values)
// is visible to the person and can be altered by a modified client.
// SendInteractive, with IssueTrigger and IssueResponseURL, lets a test send
// such a payload as it is, with a trigger_id and a response_url Slack would
// really have issued to that person.

// SendInteractive delivers an interactive payload (block_actions,
// view_submission, ...) exactly as given. A view_submission's ack acts on
// the view its view.id names, when userID has it open, as on Slack.
func (s *Server) SendInteractive(ctx context.Context, userID string, payload json.RawMessage) (*Envelope, error) {
	d, err := s.ws.Interactive(userID, payload)
	return s.send(ctx, d, err)
}
