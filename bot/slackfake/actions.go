package slackfake

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/blocks"
)

// ErrNoSuchButton is returned by ClickButton when the message or view has
// no button with that action_id (and value).
var ErrNoSuchButton = errors.New("slackfake: no such button")

// verificationToken is the deprecated "token" field every payload carries.
const verificationToken = "fake-verification-token"

// Value is what a person entered in one input element of a modal. Set the
// field that fits the element; Type may be left empty (it is taken from the
// view, and checked when set). Options are named by their value; the fake
// sends the option object exactly as the view defines it.
type Value = blocks.Value

// Location is where a button is: a message (Channel and TS; ephemeral
// messages included) or a view (ViewID: an open modal or a Home tab).
type Location struct {
	Channel string
	TS      string
	ViewID  string
}

// activeUserLocked returns a user who can act in Slack.
func (s *Server) activeUserLocked(userID string) (User, error) {
	u, ok := s.users[userID]
	if !ok {
		return User{}, fmt.Errorf("slackfake: unknown user %q (AddUser first)", userID)
	}
	if u.Deleted {
		return User{}, fmt.Errorf("slackfake: user %q is deactivated", userID)
	}
	return u, nil
}

func (s *Server) userObject(u User) map[string]any {
	return map[string]any{"id": u.ID, "username": u.Name, "name": u.Name, "team_id": s.opts.TeamID}
}

func (s *Server) teamObject() map[string]any {
	return map[string]any{"id": s.opts.TeamID, "domain": "fake"}
}

// actionTSLocked is an action_ts: the clock, in Slack's "s.micros" form.
func (s *Server) actionTSLocked() string {
	now := s.opts.Now()
	return fmt.Sprintf("%d.%06d", now.Unix(), now.Nanosecond()/1000)
}

// interactionBase is what every interactive payload carries.
func (s *Server) interactionBaseLocked(typ string, u User) map[string]any {
	return map[string]any{
		"type":                  typ,
		"user":                  s.userObject(u),
		"api_app_id":            s.appID,
		"token":                 verificationToken,
		"team":                  s.teamObject(),
		"enterprise":            nil,
		"is_enterprise_install": false,
	}
}

// SlashCommand types command (e.g. "/mentor") with text in #general.
func (s *Server) SlashCommand(ctx context.Context, userID, command, text string) (*Envelope, error) {
	return s.SlashCommandIn(ctx, userID, s.generalID, command, text)
}

// SlashCommandIn types a slash command in a given conversation. The
// payload is a slack.SlashCommand with a fresh trigger_id and response_url;
// the ack payload, if it has text or blocks, is shown like Slack shows it
// (ephemeral to the user, or in the channel for response_type in_channel).
func (s *Server) SlashCommandIn(ctx context.Context, userID, channelID, command, text string) (*Envelope, error) {
	s.hub.Lock()
	u, err := s.activeUserLocked(userID)
	if err != nil {
		s.hub.Unlock()
		return nil, err
	}
	ch, ok := s.channels[channelID]
	if !ok || !ch.hasMember(userID) {
		s.hub.Unlock()
		return nil, fmt.Errorf("slackfake: user %s is not in channel %q", userID, channelID)
	}
	respID, respURL := s.newResponseURLLocked(userID, channelID, nil)
	cmd := slack.SlashCommand{
		Token:       verificationToken,
		TeamID:      s.opts.TeamID,
		TeamDomain:  "fake",
		ChannelID:   channelID,
		ChannelName: slashChannelName(ch),
		UserID:      userID,
		UserName:    u.Name,
		Command:     command,
		Text:        text,
		ResponseURL: respURL,
		TriggerID:   s.newTriggerLocked(userID),
		APIAppID:    s.appID,
	}
	s.hub.Unlock()
	payload, err := json.Marshal(cmd)
	if err != nil {
		return nil, fmt.Errorf("slackfake: encode slash command: %w", err)
	}
	return s.socket.Send(ctx, TypeSlashCommands, payload, true,
		ackEffect{kind: "slash", user: userID, channel: channelID, respURL: respID})
}

// ClickButton clicks a button, found by action_id (and value, if not
// empty), in a message or a view, and sends the block_actions payload. It
// fails with ErrNoSuchButton when there is no such button.
func (s *Server) ClickButton(ctx context.Context, userID string, where Location, actionID, value string) (*Envelope, error) {
	s.hub.Lock()
	payload, err := s.blockActionsLocked(userID, where, actionID, value)
	s.hub.Unlock()
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("slackfake: encode block_actions: %w", err)
	}
	return s.socket.Send(ctx, TypeInteractive, raw, false, ackEffect{})
}

func (s *Server) blockActionsLocked(userID string, where Location, actionID, value string) (map[string]any, error) {
	u, err := s.activeUserLocked(userID)
	if err != nil {
		return nil, err
	}
	p := s.interactionBaseLocked("block_actions", u)
	p["trigger_id"] = s.newTriggerLocked(userID)
	p["state"] = json.RawMessage(`{"values":{}}`)

	var list json.RawMessage // the blocks the button is in
	if where.ViewID != "" {
		v, ok := s.views[where.ViewID]
		switch {
		case !ok:
			return nil, fmt.Errorf("slackfake: no view %q", where.ViewID)
		case v.user != userID:
			return nil, fmt.Errorf("slackfake: view %s is shown to %s, not %s", v.id, v.user, userID)
		case !v.open:
			return nil, fmt.Errorf("slackfake: view %s is closed", v.id)
		case v.typ == "modal" && s.topModalLocked(userID) != v.id:
			return nil, fmt.Errorf("slackfake: view %s is under view %s; only the top modal can be clicked", v.id, s.topModalLocked(userID))
		}
		list = v.fields["blocks"]
		p["container"] = map[string]any{"type": "view", "view_id": v.id}
		p["view"] = s.viewObject(v)
		if v.state != nil {
			p["state"] = v.state
		}
	} else {
		m, ephemeral := s.messageForClickLocked(userID, where)
		if m == nil {
			return nil, fmt.Errorf("slackfake: user %s sees no message %s in %s", userID, where.TS, where.Channel)
		}
		list = m.Blocks
		p["container"] = map[string]any{
			"type": "message", "message_ts": m.TS, "channel_id": m.Channel, "is_ephemeral": ephemeral,
		}
		p["channel"] = map[string]any{"id": m.Channel, "name": slashChannelName(s.channels[m.Channel])}
		if !ephemeral {
			p["message"] = s.messageObject(m)
		}
		_, p["response_url"] = s.newResponseURLLocked(userID, m.Channel, refOf(m))
	}
	blockID, btn, ok := blocks.FindButton(list, actionID, value)
	if !ok {
		return nil, fmt.Errorf("%w: action_id %q value %q", ErrNoSuchButton, actionID, value)
	}
	action := map[string]any{
		"action_id": actionID,
		"block_id":  blockID,
		"text":      btn["text"],
		"type":      "button",
		"action_ts": s.actionTSLocked(),
	}
	if v, ok := btn["value"]; ok {
		action["value"] = v
	}
	if st, ok := btn["style"]; ok {
		action["style"] = st
	}
	p["actions"] = []any{action}
	return p, nil
}

// messageForClickLocked finds a message the user can see: a channel
// message in a conversation they are in, or one of their ephemerals.
func (s *Server) messageForClickLocked(userID string, where Location) (*Message, bool) {
	if ch, ok := s.channels[where.Channel]; ok && ch.hasMember(userID) {
		if _, m := s.findMessageLocked(where.Channel, where.TS); m != nil {
			return m, false
		}
	}
	if m, _ := s.findRefLocked(&msgRef{channel: where.Channel, ts: where.TS, ephemeralFor: userID}); m != nil {
		return m, true
	}
	return nil, false
}

// SubmitView submits the user's top modal with the values entered
// (block_id → action_id → Value) and sends the view_submission payload with
// view.state.values shaped per element type. The ack decides what happens
// next, as on Slack: no payload closes the view, response_action "errors"
// keeps it open, "update" / "push" / "clear" change the stack.
func (s *Server) SubmitView(ctx context.Context, userID, viewID string, values map[string]map[string]Value) (*Envelope, error) {
	s.hub.Lock()
	payload, err := s.viewSubmissionLocked(userID, viewID, values)
	s.hub.Unlock()
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("slackfake: encode view_submission: %w", err)
	}
	return s.socket.Send(ctx, TypeInteractive, raw, true, ackEffect{kind: "view_submission", user: userID, viewID: viewID})
}

func (s *Server) viewSubmissionLocked(userID, viewID string, values map[string]map[string]Value) (map[string]any, error) {
	u, err := s.activeUserLocked(userID)
	if err != nil {
		return nil, err
	}
	v, err := s.openModalLocked(userID, viewID)
	if err != nil {
		return nil, err
	}
	if top := s.topModalLocked(userID); top != viewID {
		return nil, fmt.Errorf("slackfake: view %s is under view %s; only the top modal can be submitted", viewID, top)
	}
	if _, ok := v.fields["submit"]; !ok {
		return nil, fmt.Errorf("slackfake: view %s has no submit button", viewID)
	}
	state, err := blocks.BuildState(v.id, v.fields["blocks"], values)
	if err != nil {
		return nil, err
	}
	v.state = state
	p := s.interactionBaseLocked("view_submission", u)
	p["trigger_id"] = s.newTriggerLocked(userID)
	p["view"] = s.viewObject(v)
	p["response_urls"] = []any{}
	return p, nil
}

// topModalLocked is the modal the user sees, "" if none.
func (s *Server) topModalLocked(userID string) string {
	stack := s.modalStacks[userID]
	if len(stack) == 0 {
		return ""
	}
	return stack[len(stack)-1]
}

func (s *Server) openModalLocked(userID, viewID string) (*viewRec, error) {
	v, ok := s.views[viewID]
	switch {
	case !ok:
		return nil, fmt.Errorf("slackfake: no view %q", viewID)
	case v.typ != "modal":
		return nil, fmt.Errorf("slackfake: view %s is a %s, not a modal", viewID, v.typ)
	case v.user != userID:
		return nil, fmt.Errorf("slackfake: view %s is shown to %s, not %s", viewID, v.user, userID)
	case !v.open:
		return nil, fmt.Errorf("slackfake: view %s is closed", viewID)
	}
	return v, nil
}

// CloseView closes a modal the way the user's Close/Cancel button does: the
// view (and anything pushed above it) goes, or the whole stack when it has
// clear_on_close. Slack sends view_closed only to views with
// notify_on_close; otherwise CloseView returns a nil Envelope and no error.
func (s *Server) CloseView(ctx context.Context, userID, viewID string) (*Envelope, error) {
	s.hub.Lock()
	u, err := s.activeUserLocked(userID)
	if err != nil {
		s.hub.Unlock()
		return nil, err
	}
	v, err := s.openModalLocked(userID, viewID)
	if err != nil {
		s.hub.Unlock()
		return nil, err
	}
	cleared := v.boolField("clear_on_close")
	p := s.interactionBaseLocked("view_closed", u)
	p["view"] = s.viewObject(v)
	p["is_cleared"] = cleared
	if cleared {
		s.closeStackLocked(userID)
	} else {
		s.closeViewLocked(userID, viewID)
	}
	notify := v.boolField("notify_on_close")
	s.hub.NotifyLocked()
	s.hub.Unlock()
	if !notify {
		return nil, nil
	}
	raw, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("slackfake: encode view_closed: %w", err)
	}
	return s.socket.Send(ctx, TypeInteractive, raw, false, ackEffect{})
}

// OpenHome opens the app's Home tab: an events_api envelope carrying an
// event_callback with app_home_opened (tab "home", a fresh event_id, and
// the published Home view if there is one).
func (s *Server) OpenHome(ctx context.Context, userID string) (*Envelope, error) {
	s.hub.Lock()
	if _, err := s.activeUserLocked(userID); err != nil {
		s.hub.Unlock()
		return nil, err
	}
	dm, _ := s.openDMLocked(userID) // the App Home's messages tab is the app's DM
	inner, err := json.Marshal(slackevents.AppHomeOpenedEvent{
		Type:           "app_home_opened",
		User:           userID,
		Channel:        dm,
		EventTimeStamp: s.nextTSLocked(),
		Tab:            "home",
	})
	if err == nil {
		if id, ok := s.homeByUser[userID]; ok {
			inner, err = withField(inner, "view", s.viewObject(s.views[id]))
		}
	}
	now := s.opts.Now()
	eventID := newEventID()
	outer := map[string]any{
		"token":      verificationToken,
		"team_id":    s.opts.TeamID,
		"api_app_id": s.appID,
		"event":      json.RawMessage(inner),
		"type":       "event_callback",
		"event_id":   eventID,
		"event_time": now.Unix(),
		"authorizations": []slack.EventAuthorization{
			{TeamID: s.opts.TeamID, UserID: s.botUserID, IsBot: true},
		},
		"is_ext_shared_channel": false,
		"event_context":         "4-" + eventID,
	}
	s.hub.NotifyLocked()
	s.hub.Unlock()
	if err != nil {
		return nil, fmt.Errorf("slackfake: encode app_home_opened: %w", err)
	}
	raw, err := json.Marshal(outer)
	if err != nil {
		return nil, fmt.Errorf("slackfake: encode event_callback: %w", err)
	}
	return s.socket.Send(ctx, TypeEventsAPI, raw, false, ackEffect{})
}

// withField adds a field to a JSON object.
func withField(obj json.RawMessage, name string, v any) (json.RawMessage, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(obj, &m); err != nil {
		return nil, err
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	m[name] = raw
	return json.Marshal(m)
}
