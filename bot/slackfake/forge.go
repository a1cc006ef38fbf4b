package slackfake

import (
	"context"
	"encoding/json"
	"fmt"
)

// Forged payloads. Slack sends interactive payloads only for real clicks
// and submissions, but what a payload carries (a button's value, the
// clicked message's channel and ts, a view's private_metadata and values)
// is visible to the person and can be altered by a modified client. These
// helpers let a test send such a payload as it is, with a trigger_id and a
// response_url Slack would really have issued to that person.

// IssueTrigger issues a trigger_id for userID, as any click does.
func (s *Server) IssueTrigger(userID string) string {
	s.hub.Lock()
	defer s.hub.Unlock()
	return s.newTriggerLocked(userID)
}

// IssueResponseURL issues a response_url for userID in channelID, tied to
// no message (ephemeral answers land in channelID for userID).
func (s *Server) IssueResponseURL(userID, channelID string) string {
	s.hub.Lock()
	defer s.hub.Unlock()
	_, u := s.newResponseURLLocked(userID, channelID, nil)
	return u
}

// SendInteractive delivers an interactive payload (block_actions,
// view_submission, ...) exactly as given. A view_submission's ack acts on
// the view its view.id names, when userID has it open, as on Slack.
func (s *Server) SendInteractive(ctx context.Context, userID string, payload json.RawMessage) (*Envelope, error) {
	var head struct {
		Type string `json:"type"`
		View struct {
			ID string `json:"id"`
		} `json:"view"`
	}
	if err := json.Unmarshal(payload, &head); err != nil {
		return nil, fmt.Errorf("slackfake: interactive payload: %w", err)
	}
	var eff ackEffect
	accepts := head.Type == "view_submission"
	if accepts {
		eff = ackEffect{kind: "view_submission", user: userID, viewID: head.View.ID}
	}
	return s.socket.Send(ctx, TypeInteractive, payload, accepts, eff)
}
