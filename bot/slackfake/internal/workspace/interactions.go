package workspace

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/blocks"
	"github.com/mentorbot/mentorbot/bot/slackfake/internal/socket"
)

// ErrNoSuchButton is returned by ClickButton when the message or view has
// no button with that action_id (and value).
var ErrNoSuchButton = errors.New("slackfake: no such button")

// verificationToken is the deprecated "token" field every payload carries.
const verificationToken = "fake-verification-token"

// Location is where a button is: a message (Channel and TS; ephemeral
// messages included) or a view (ViewID: an open modal or a Home tab).
type Location struct {
	Channel string
	TS      string
	ViewID  string
}

// activeUserLocked returns a user who can act in Slack.
func (ws *Workspace) activeUserLocked(userID string) (User, error) {
	u, ok := ws.users[userID]
	if !ok {
		return User{}, fmt.Errorf("slackfake: unknown user %q (AddUser first)", userID)
	}
	if u.Deleted {
		return User{}, fmt.Errorf("slackfake: user %q is deactivated", userID)
	}
	return u, nil
}

func (ws *Workspace) userObject(u User) map[string]any {
	return map[string]any{"id": u.ID, "username": u.Name, "name": u.Name, "team_id": ws.opts.TeamID}
}

func (ws *Workspace) teamObject() map[string]any {
	return map[string]any{"id": ws.opts.TeamID, "domain": "fake"}
}

// actionTSLocked is an action_ts: the clock, in Slack's "s.micros" form.
func (ws *Workspace) actionTSLocked() string {
	now := ws.opts.Now()
	return fmt.Sprintf("%d.%06d", now.Unix(), now.Nanosecond()/1000)
}

// interactionBase is what every interactive payload carries.
func (ws *Workspace) interactionBaseLocked(typ string, u User) map[string]any {
	return map[string]any{
		"type":                  typ,
		"user":                  ws.userObject(u),
		"api_app_id":            ws.appID,
		"token":                 verificationToken,
		"team":                  ws.teamObject(),
		"enterprise":            nil,
		"is_enterprise_install": false,
	}
}

// SlashCommand types a slash command in a given conversation. The
// payload is a slack.SlashCommand with a fresh trigger_id and response_url;
// the ack payload, if it has text or blocks, is shown like Slack shows it
// (ephemeral to the user, or in the channel for response_type in_channel).
func (ws *Workspace) SlashCommand(userID, channelID, command, text string) (*Delivery, error) {
	ws.hub.Lock()
	u, err := ws.activeUserLocked(userID)
	if err != nil {
		ws.hub.Unlock()
		return nil, err
	}
	ch, ok := ws.channels[channelID]
	if !ok || !ch.hasMember(userID) {
		ws.hub.Unlock()
		return nil, fmt.Errorf("slackfake: user %s is not in channel %q", userID, channelID)
	}
	respID, respURL := ws.newResponseURLLocked(userID, channelID, nil)
	cmd := slack.SlashCommand{
		Token:       verificationToken,
		TeamID:      ws.opts.TeamID,
		TeamDomain:  "fake",
		ChannelID:   channelID,
		ChannelName: slashChannelName(ch),
		UserID:      userID,
		UserName:    u.Name,
		Command:     command,
		Text:        text,
		ResponseURL: respURL,
		TriggerID:   ws.newTriggerLocked(userID),
		APIAppID:    ws.appID,
	}
	ws.hub.Unlock()
	payload, err := json.Marshal(cmd)
	if err != nil {
		return nil, fmt.Errorf("slackfake: encode slash command: %w", err)
	}
	return &Delivery{Type: socket.TypeSlashCommands, Payload: payload, Accepts: true,
		Effect: AckEffect{kind: "slash", user: userID, channel: channelID, respURL: respID}}, nil
}

// ClickButton clicks a button, found by action_id (and value, if not
// empty), in a message or a view, and sends the block_actions payload. It
// fails with ErrNoSuchButton when there is no such button.
func (ws *Workspace) ClickButton(userID string, where Location, actionID, value string) (*Delivery, error) {
	ws.hub.Lock()
	payload, err := ws.blockActionsLocked(userID, where, actionID, value)
	ws.hub.Unlock()
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("slackfake: encode block_actions: %w", err)
	}
	return &Delivery{Type: socket.TypeInteractive, Payload: raw}, nil
}

func (ws *Workspace) blockActionsLocked(userID string, where Location, actionID, value string) (map[string]any, error) {
	u, err := ws.activeUserLocked(userID)
	if err != nil {
		return nil, err
	}
	p := ws.interactionBaseLocked("block_actions", u)
	p["trigger_id"] = ws.newTriggerLocked(userID)
	p["state"] = json.RawMessage(`{"values":{}}`)

	var list json.RawMessage // the blocks the button is in
	if where.ViewID != "" {
		v, ok := ws.views[where.ViewID]
		switch {
		case !ok:
			return nil, fmt.Errorf("slackfake: no view %q", where.ViewID)
		case v.user != userID:
			return nil, fmt.Errorf("slackfake: view %s is shown to %s, not %s", v.id, v.user, userID)
		case !v.open:
			return nil, fmt.Errorf("slackfake: view %s is closed", v.id)
		case v.typ == "modal" && ws.topModalLocked(userID) != v.id:
			return nil, fmt.Errorf("slackfake: view %s is under view %s; only the top modal can be clicked", v.id, ws.topModalLocked(userID))
		}
		list = v.fields["blocks"]
		p["container"] = map[string]any{"type": "view", "view_id": v.id}
		p["view"] = ws.viewObject(v)
		if v.state != nil {
			p["state"] = v.state
		}
	} else {
		m, ephemeral := ws.messageForClickLocked(userID, where)
		if m == nil {
			return nil, fmt.Errorf("slackfake: user %s sees no message %s in %s", userID, where.TS, where.Channel)
		}
		list = m.Blocks
		p["container"] = map[string]any{
			"type": "message", "message_ts": m.TS, "channel_id": m.Channel, "is_ephemeral": ephemeral,
		}
		p["channel"] = map[string]any{"id": m.Channel, "name": slashChannelName(ws.channels[m.Channel])}
		if !ephemeral {
			p["message"] = ws.messageObject(m)
		}
		_, p["response_url"] = ws.newResponseURLLocked(userID, m.Channel, refOf(m))
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
		"action_ts": ws.actionTSLocked(),
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
func (ws *Workspace) messageForClickLocked(userID string, where Location) (*Message, bool) {
	if ch, ok := ws.channels[where.Channel]; ok && ch.hasMember(userID) {
		if _, m := ws.findMessageLocked(where.Channel, where.TS); m != nil {
			return m, false
		}
	}
	if m, _ := ws.findRefLocked(&msgRef{channel: where.Channel, ts: where.TS, ephemeralFor: userID}); m != nil {
		return m, true
	}
	return nil, false
}

// SubmitView submits the user's top modal with the values entered
// (block_id → action_id → Value) and sends the view_submission payload with
// view.state.values shaped per element type. The ack decides what happens
// next, as on Slack: no payload closes the view, response_action "errors"
// keeps it open, "update" / "push" / "clear" change the stack.
func (ws *Workspace) SubmitView(userID, viewID string, values map[string]map[string]blocks.Value) (*Delivery, error) {
	ws.hub.Lock()
	payload, err := ws.viewSubmissionLocked(userID, viewID, values)
	ws.hub.Unlock()
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("slackfake: encode view_submission: %w", err)
	}
	return &Delivery{Type: socket.TypeInteractive, Payload: raw, Accepts: true,
		Effect: AckEffect{kind: "view_submission", user: userID, viewID: viewID}}, nil
}

func (ws *Workspace) viewSubmissionLocked(userID, viewID string, values map[string]map[string]blocks.Value) (map[string]any, error) {
	u, err := ws.activeUserLocked(userID)
	if err != nil {
		return nil, err
	}
	v, err := ws.openModalLocked(userID, viewID)
	if err != nil {
		return nil, err
	}
	if top := ws.topModalLocked(userID); top != viewID {
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
	p := ws.interactionBaseLocked("view_submission", u)
	p["trigger_id"] = ws.newTriggerLocked(userID)
	p["view"] = ws.viewObject(v)
	p["response_urls"] = []any{}
	return p, nil
}

// topModalLocked is the modal the user sees, "" if none.
func (ws *Workspace) topModalLocked(userID string) string {
	stack := ws.modalStacks[userID]
	if len(stack) == 0 {
		return ""
	}
	return stack[len(stack)-1]
}

func (ws *Workspace) openModalLocked(userID, viewID string) (*viewRec, error) {
	v, ok := ws.views[viewID]
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
// notify_on_close; otherwise CloseView returns a nil Delivery and no error.
func (ws *Workspace) CloseView(userID, viewID string) (*Delivery, error) {
	ws.hub.Lock()
	u, err := ws.activeUserLocked(userID)
	if err != nil {
		ws.hub.Unlock()
		return nil, err
	}
	v, err := ws.openModalLocked(userID, viewID)
	if err != nil {
		ws.hub.Unlock()
		return nil, err
	}
	cleared := v.boolField("clear_on_close")
	p := ws.interactionBaseLocked("view_closed", u)
	p["view"] = ws.viewObject(v)
	p["is_cleared"] = cleared
	if cleared {
		ws.closeStackLocked(userID)
	} else {
		ws.closeViewLocked(userID, viewID)
	}
	notify := v.boolField("notify_on_close")
	ws.hub.NotifyLocked()
	ws.hub.Unlock()
	if !notify {
		return nil, nil
	}
	raw, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("slackfake: encode view_closed: %w", err)
	}
	return &Delivery{Type: socket.TypeInteractive, Payload: raw}, nil
}

// OpenHome opens the app's Home tab: an events_api envelope carrying an
// event_callback with app_home_opened (tab "home", a fresh event_id, and
// the published Home view if there is one).
func (ws *Workspace) OpenHome(userID string) (*Delivery, error) {
	ws.hub.Lock()
	if _, err := ws.activeUserLocked(userID); err != nil {
		ws.hub.Unlock()
		return nil, err
	}
	dm, _ := ws.openDMLocked(userID) // the App Home's messages tab is the app's DM
	inner, err := json.Marshal(slackevents.AppHomeOpenedEvent{
		Type:           "app_home_opened",
		User:           userID,
		Channel:        dm,
		EventTimeStamp: ws.nextTSLocked(),
		Tab:            "home",
	})
	if err == nil {
		if id, ok := ws.homeByUser[userID]; ok {
			inner, err = withField(inner, "view", ws.viewObject(ws.views[id]))
		}
	}
	now := ws.opts.Now()
	outer := ws.eventCallbackLocked(inner, now)
	ws.hub.NotifyLocked()
	ws.hub.Unlock()
	if err != nil {
		return nil, fmt.Errorf("slackfake: encode app_home_opened: %w", err)
	}
	return eventDelivery(outer)
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
