package workspace

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/socket"
)

// ChangeUser replaces a member's record, as an admin or the person would
// change it (deactivate, reactivate, move timezone), and returns the
// user_change event Slack sends every app subscribed to it: an
// event_callback whose event carries the whole user object as users.info
// shows it (deleted true for a deactivated account), with cache_ts and
// event_ts (the shape of slackevents.UserChangeEvent).
func (ws *Workspace) ChangeUser(u User) (*Delivery, error) {
	ws.hub.Lock()
	if _, ok := ws.users[u.ID]; !ok {
		ws.hub.Unlock()
		return nil, fmt.Errorf("slackfake: no user %s", u.ID)
	}
	if u.TZ == "" {
		u.TZ = "UTC"
	}
	if u.Name == "" {
		u.Name = u.ID
	}
	ws.users[u.ID] = u
	now := ws.opts.Now()
	inner, err := json.Marshal(struct {
		Type    string     `json:"type"`
		User    slack.User `json:"user"`
		CacheTS int64      `json:"cache_ts"`
		EventTS string     `json:"event_ts"`
	}{Type: "user_change", User: ws.slackUser(u), CacheTS: now.Unix(), EventTS: ws.nextTSLocked()})
	outer := ws.eventCallbackLocked(inner, now)
	ws.hub.NotifyLocked()
	ws.hub.Unlock()
	if err != nil {
		return nil, fmt.Errorf("slackfake: encode user_change: %w", err)
	}
	return eventDelivery(outer)
}

// User returns one member.
func (ws *Workspace) User(id string) (User, bool) {
	ws.hub.Lock()
	defer ws.hub.Unlock()
	u, ok := ws.users[id]
	return u, ok
}

// eventCallbackLocked wraps an inner event in Slack's event_callback
// envelope (Events API), as Slack sends every subscribed event.
func (ws *Workspace) eventCallbackLocked(inner []byte, now time.Time) map[string]any {
	eventID := newEventID()
	return map[string]any{
		"token":      verificationToken,
		"team_id":    ws.opts.TeamID,
		"api_app_id": ws.appID,
		"event":      json.RawMessage(inner),
		"type":       "event_callback",
		"event_id":   eventID,
		"event_time": now.Unix(),
		"authorizations": []slack.EventAuthorization{
			{TeamID: ws.opts.TeamID, UserID: ws.botUserID, IsBot: true},
		},
		"is_ext_shared_channel": false,
		"event_context":         "4-" + eventID,
	}
}

// eventDelivery is an event_callback ready for the Socket Mode envelope.
func eventDelivery(outer map[string]any) (*Delivery, error) {
	raw, err := json.Marshal(outer)
	if err != nil {
		return nil, fmt.Errorf("slackfake: encode event_callback: %w", err)
	}
	return &Delivery{Type: socket.TypeEventsAPI, Payload: raw}, nil
}
