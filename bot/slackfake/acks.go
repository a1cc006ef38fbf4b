package slackfake

import (
	"context"

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

// Hold keeps envelopes, built and encoded, until it is released
// (HoldEnvelopes).
type Hold = socket.Hold

// HoldEnvelopes holds every envelope sent from now on until the Hold's
// Release, so a test can build a burst first and then write all of it at
// once, as Slack would send it: building payloads on the machine's cores
// while the app reads the first envelopes would slow the app by the fake's
// work. Latency still counts from each envelope's write.
func (s *Server) HoldEnvelopes() *Hold { return s.socket.HoldEnvelopes() }
