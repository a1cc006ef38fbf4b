package workspace

import (
	"encoding/json"
	"fmt"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/socket"
)

// Forged payloads. Slack sends interactive payloads only for real clicks
// and submissions, but what a payload carries (a button's value, the
// clicked message's channel and ts, a view's private_metadata and values)
// is visible to the person and can be altered by a modified client. These
// helpers let a test send such a payload as it is, with a trigger_id and a
// response_url Slack would really have issued to that person.

// IssueTrigger issues a trigger_id for userID, as any click does.
func (ws *Workspace) IssueTrigger(userID string) string {
	ws.hub.Lock()
	defer ws.hub.Unlock()
	return ws.newTriggerLocked(userID)
}

// IssueResponseURL issues a response_url for userID in channelID, tied to
// no message (ephemeral answers land in channelID for userID).
func (ws *Workspace) IssueResponseURL(userID, channelID string) string {
	ws.hub.Lock()
	defer ws.hub.Unlock()
	_, u := ws.newResponseURLLocked(userID, channelID, nil)
	return u
}

// Interactive is an interactive payload (block_actions, view_submission,
// ...) as given. A view_submission's ack acts on the view its view.id
// names, when userID has it open, as on Slack.
func (ws *Workspace) Interactive(userID string, payload json.RawMessage) (*Delivery, error) {
	var head struct {
		Type string `json:"type"`
		View struct {
			ID string `json:"id"`
		} `json:"view"`
	}
	if err := json.Unmarshal(payload, &head); err != nil {
		return nil, fmt.Errorf("slackfake: interactive payload: %w", err)
	}
	d := &Delivery{Type: socket.TypeInteractive, Payload: payload, Accepts: head.Type == "view_submission"}
	if d.Accepts {
		d.Effect = AckEffect{kind: "view_submission", user: userID, viewID: head.View.ID}
	}
	return d, nil
}
