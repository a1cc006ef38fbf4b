package slackfake

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/blocks"
	"github.com/mentorbot/mentorbot/bot/slackfake/internal/socket"
	"github.com/mentorbot/mentorbot/bot/slackfake/internal/webapi"
)

// Envelope types, as in Socket Mode's "type" field.
const (
	TypeSlashCommands = socket.TypeSlashCommands
	TypeInteractive   = socket.TypeInteractive
	TypeEventsAPI     = socket.TypeEventsAPI
)

// Envelope is one delivery of a Socket Mode envelope to the bot.
type Envelope = socket.Envelope

// Ack is the bot's answer to an envelope.
type Ack = socket.Ack

// Connections is the number of open Socket Mode connections that take
// envelopes (hello sent, not told to disconnect).
func (s *Server) Connections() int { return s.socket.Connections() }

// ConnectCount is the number of Socket Mode connections established so far
// (apps.connections.open, dial and hello all done).
func (s *Server) ConnectCount() int { return s.socket.ConnectCount() }

// WaitConnected waits until at least n connections take envelopes.
func (s *Server) WaitConnected(ctx context.Context, n int) error {
	return s.Wait(ctx, func() bool { return s.Connections() >= n })
}

// Disconnect sends {"type":"disconnect","reason":reason} on every open
// socket, stops routing envelopes to them and closes each after
// Options.DisconnectGrace unless the client closes first (slack-go closes
// and reconnects at once). Reasons Slack uses: "warning",
// "refresh_requested", "link_disabled", "too_many_websockets".
func (s *Server) Disconnect(reason string) { s.socket.Disconnect(reason) }

// DropConnections closes every socket's TCP connection abruptly (no
// disconnect message, no close frame), like a network failure.
func (s *Server) DropConnections() { s.socket.DropConnections() }

// Deliveries returns every envelope written to a socket so far, oldest
// first, redeliveries included. With Envelope.Acked a test can check that
// the bot acked everything, and in time (Ack.Late).
func (s *Server) Deliveries() []*Envelope { return s.socket.Deliveries() }

// IgnoredAcks counts acks Slack would ignore: unknown or already-acked
// envelope IDs, unparsable frames and frames of 20 KB or more.
func (s *Server) IgnoredAcks() int { return s.socket.IgnoredAcks() }

// Redeliver sends an envelope's payload again, as Slack does when an ack is
// late or missing: retry_attempt goes up by one (retry_reason "timeout"),
// and the envelope_id is kept unless newEnvelopeID is set.
func (s *Server) Redeliver(ctx context.Context, e *Envelope, newEnvelopeID bool) (*Envelope, error) {
	return s.socket.Redeliver(ctx, e, newEnvelopeID)
}

// appsConnectionsOpen serves apps.connections.open.
func (s *Server) appsConnectionsOpen(*webapi.Request) (map[string]any, error) {
	return map[string]any{"url": s.socket.OpenLocked()}, nil
}

// ackEffect says what Slack does with the ack payload of an envelope.
type ackEffect struct {
	kind    string // "slash", "view_submission" or ""
	user    string
	channel string
	viewID  string
	respURL string // slash commands: their response_url id, for replace_original
}

// applyAckLocked does what Slack does with an ack payload: a slash command
// reply becomes a message, a view_submission response_action changes the
// modal stack. It returns why Slack would refuse the payload, if it would.
func (s *Server) applyAckLocked(effect any, payload json.RawMessage) string {
	eff, _ := effect.(ackEffect)
	switch eff.kind {
	case "slash":
		return s.applySlashAckLocked(eff, payload)
	case "view_submission":
		return s.applySubmissionAckLocked(eff, payload)
	}
	return ""
}

func (s *Server) applySlashAckLocked(eff ackEffect, payload json.RawMessage) string {
	if payload == nil {
		return ""
	}
	req, err := webapi.JSONRequest(payload)
	if err != nil {
		return "slash command reply is not a JSON object"
	}
	c, err := s.requestContentLocked(req)
	if err != nil {
		return "slash command reply refused: " + webapi.ErrText(err)
	}
	if !c.hasAnyVisibleContent {
		return ""
	}
	var m *Message
	if req.Get("response_type") == "in_channel" {
		m = s.postLocked(eff.channel, c, "slash_ack")
	} else {
		m = s.postEphemeralLocked(eff.channel, eff.user, c, "slash_ack")
	}
	if rec := s.responseURLs[eff.respURL]; rec != nil {
		rec.last = refOf(m)
	}
	return ""
}

// applySubmissionAckLocked applies a view_submission ack: no payload closes
// the view; "errors" keeps it open; "update" replaces it; "push" stacks a
// new one; "clear" closes the whole stack.
func (s *Server) applySubmissionAckLocked(eff ackEffect, payload json.RawMessage) string {
	v := s.views[eff.viewID]
	if v == nil || !v.open {
		return "view is no longer open"
	}
	var r struct {
		ResponseAction string            `json:"response_action"`
		View           json.RawMessage   `json:"view"`
		Errors         map[string]string `json:"errors"`
	}
	if payload != nil {
		if err := json.Unmarshal(payload, &r); err != nil {
			return "view_submission ack payload is not a response_action object"
		}
	}
	switch r.ResponseAction {
	case "":
		s.closeViewLocked(eff.user, eff.viewID)
	case "errors":
		if len(r.Errors) == 0 {
			return "response_action errors without errors"
		}
		inputs := map[string]bool{}
		for _, b := range blocks.Inputs(v.fields["blocks"]) {
			inputs[b.BlockID] = true
		}
		for blockID := range r.Errors {
			if !inputs[blockID] {
				return fmt.Sprintf("errors names block_id %q, which is not an input block of view %s", blockID, v.id)
			}
		}
	case "update":
		fields, err := s.parseViewLocked(r.View, "modal")
		if err != nil {
			return "response_action update refused: " + webapi.ErrText(err)
		}
		if err := s.replaceViewLocked(v, fields); err != nil {
			return "response_action update refused: " + webapi.ErrText(err)
		}
	case "push":
		fields, err := s.parseViewLocked(r.View, "modal")
		if err != nil {
			return "response_action push refused: " + webapi.ErrText(err)
		}
		if _, err := s.pushViewLocked(eff.user, fields); err != nil {
			return "response_action push refused: " + webapi.ErrText(err)
		}
	case "clear":
		s.closeStackLocked(eff.user)
	default:
		return fmt.Sprintf("unknown response_action %q", r.ResponseAction)
	}
	return ""
}
