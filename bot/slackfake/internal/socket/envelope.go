package socket

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/hub"
)

// Envelope types, as in Socket Mode's "type" field.
const (
	TypeSlashCommands = "slash_commands"
	TypeInteractive   = "interactive"
	TypeEventsAPI     = "events_api"
)

const (
	// ackDeadline is how long Slack waits for an envelope ack before it
	// considers the delivery failed (and would retry).
	ackDeadline = 3 * time.Second
	// maxAckFrame: Slack drops Socket Mode responses of 20 KB or more
	// (slack-go socketmode.maxResponseSize).
	maxAckFrame = 20 * 1024
)

// Ack is the bot's answer to an envelope.
type Ack struct {
	Payload json.RawMessage // the ack's "payload" (nil when it had none)
	Latency time.Duration   // from writing the envelope to reading the ack (real time)
	Late    bool            // Latency over 3 s: Slack would have retried
	// Problem is set when Slack would refuse the ack payload, e.g. a
	// response_action naming a block_id the view does not have.
	Problem string
}

// Envelope is one delivery of a Socket Mode envelope to the bot.
type Envelope struct {
	id              string
	typ             string
	payload         json.RawMessage
	acceptsResponse bool
	retryAttempt    int
	retryReason     string
	effect          any // what the ack payload does: the facade's business

	acked chan struct{} // closed when the ack arrives

	// guarded by the hub
	m      *Mode
	sentAt time.Time
	ack    Ack
}

// ID is the envelope_id.
func (e *Envelope) ID() string { return e.id }

// Type is the envelope type (TypeSlashCommands, TypeInteractive, TypeEventsAPI).
func (e *Envelope) Type() string { return e.typ }

// Payload is a copy of the payload sent.
func (e *Envelope) Payload() json.RawMessage { return slices.Clone(e.payload) }

// RetryAttempt is retry_attempt (0 for a first delivery).
func (e *Envelope) RetryAttempt() int { return e.retryAttempt }

// WaitAck waits for the bot's ack of this delivery (an ack carrying its
// envelope_id).
func (e *Envelope) WaitAck(ctx context.Context) (Ack, error) {
	if e == nil {
		return Ack{}, errors.New("slackfake: no envelope was sent")
	}
	select {
	case <-e.acked:
		return e.ackCopy(), nil
	default:
	}
	select {
	case <-e.acked:
		return e.ackCopy(), nil
	case <-ctx.Done():
		return Ack{}, fmt.Errorf("slackfake: waiting for ack of %s envelope %s: %w", e.typ, e.id, ctx.Err())
	case <-e.m.hub.Done():
		return Ack{}, hub.ErrClosed
	}
}

// Acked reports whether the ack arrived, without waiting.
func (e *Envelope) Acked() (Ack, bool) {
	select {
	case <-e.acked:
		return e.ackCopy(), true
	default:
		return Ack{}, false
	}
}

func (e *Envelope) ackCopy() Ack {
	e.m.hub.Lock()
	defer e.m.hub.Unlock()
	a := e.ack
	a.Payload = slices.Clone(a.Payload)
	return a
}

// wireEnvelope is an envelope as written on the socket.
type wireEnvelope struct {
	EnvelopeID             string          `json:"envelope_id"`
	Type                   string          `json:"type"`
	Payload                json.RawMessage `json:"payload"`
	AcceptsResponsePayload bool            `json:"accepts_response_payload"`
	RetryAttempt           *int            `json:"retry_attempt,omitempty"`
	RetryReason            *string         `json:"retry_reason,omitempty"`
}

func (s *Mode) newEnvelope(typ string, payload json.RawMessage, accepts bool, effect any) *Envelope {
	return &Envelope{
		id: newEnvelopeID(), typ: typ, payload: payload, acceptsResponse: accepts,
		effect: effect, acked: make(chan struct{}), m: s,
	}
}

// Send writes a new envelope to exactly one socket that takes envelopes,
// waiting for one if none is up. effect is handed to ApplyAckLocked with
// the ack's payload.
func (s *Mode) Send(ctx context.Context, typ string, payload json.RawMessage, accepts bool, effect any) (*Envelope, error) {
	return s.deliver(ctx, s.newEnvelope(typ, payload, accepts, effect))
}

// deliver writes e to exactly one socket that takes envelopes, waiting for
// one if none is up.
func (s *Mode) deliver(ctx context.Context, e *Envelope) (*Envelope, error) {
	w := wireEnvelope{EnvelopeID: e.id, Type: e.typ, Payload: e.payload, AcceptsResponsePayload: e.acceptsResponse}
	if e.typ == TypeEventsAPI {
		w.RetryAttempt, w.RetryReason = &e.retryAttempt, &e.retryReason
	}
	frame, err := json.Marshal(w)
	if err != nil {
		return nil, fmt.Errorf("slackfake: encode envelope: %w", err)
	}
	s.hub.Lock()
	s.envelopes[e.id] = append(s.envelopes[e.id], e)
	hold := s.hold
	if hold != nil {
		hold.held++
		s.hub.NotifyLocked()
	}
	s.hub.Unlock()
	if hold != nil {
		select {
		case <-hold.release:
		case <-ctx.Done():
			return nil, fmt.Errorf("slackfake: %s envelope held: %w", e.typ, ctx.Err())
		}
	}
	for {
		sock, changed, err := s.pickSocket()
		if err != nil {
			return nil, err
		}
		if sock == nil {
			select {
			case <-changed:
				continue
			case <-ctx.Done():
				return nil, fmt.Errorf("slackfake: no socket mode connection for %s envelope: %w", e.typ, ctx.Err())
			}
		}
		// The latency starts when this envelope's turn to be written
		// comes, not while it queues behind other writers.
		stamp := func() {
			s.hub.Lock()
			e.sentAt = time.Now()
			s.hub.Unlock()
		}
		if err := sock.writeFrame(frame, stamp); err != nil {
			s.hub.Lock()
			sock.disconnecting = true // dead: never pick it again
			s.hub.Unlock()
			sock.closeNow()
			continue
		}
		s.hub.Lock()
		s.delivered = append(s.delivered, e)
		s.hub.NotifyLocked()
		s.hub.Unlock()
		s.cfg.Logger.Debug("envelope sent", "type", e.typ, "envelope_id", e.id, "socket", sock.id, "retry_attempt", e.retryAttempt)
		return e, nil
	}
}

// pickSocket chooses the next socket that takes envelopes (round robin),
// or returns the change channel to wait on when there is none.
func (s *Mode) pickSocket() (*socket, chan struct{}, error) {
	s.hub.Lock()
	defer s.hub.Unlock()
	if s.hub.ClosedLocked() {
		return nil, nil, hub.ErrClosed
	}
	var live []*socket
	for sock := range s.sockets {
		if !sock.disconnecting {
			live = append(live, sock)
		}
	}
	if len(live) == 0 {
		return nil, s.hub.ChangedLocked(), nil
	}
	slices.SortFunc(live, func(a, b *socket) int { return a.id - b.id })
	s.rr++
	return live[s.rr%len(live)], nil, nil
}

// Deliveries returns every envelope written to a socket so far, oldest
// first, redeliveries included. With Envelope.Acked a test can check that
// the bot acked everything, and in time (Ack.Late).
func (s *Mode) Deliveries() []*Envelope {
	s.hub.Lock()
	defer s.hub.Unlock()
	return slices.Clone(s.delivered)
}

// IgnoredAcks counts acks Slack would ignore: unknown or already-acked
// envelope IDs, unparsable frames and frames of 20 KB or more.
func (s *Mode) IgnoredAcks() int {
	s.hub.Lock()
	defer s.hub.Unlock()
	return s.ignoredAcks
}

// handleAck matches an ack frame, read at now, to its envelope and applies
// what Slack does with the payload.
func (s *Mode) handleAck(sock *socket, frame []byte, now time.Time) {
	s.hub.Lock()
	defer s.hub.Unlock()
	if len(frame) >= maxAckFrame {
		s.ignoredAcks++
		s.cfg.Logger.Warn("ack dropped: 20 KB or more", "bytes", len(frame), "socket", sock.id)
		s.hub.NotifyLocked()
		return
	}
	var a struct {
		EnvelopeID string          `json:"envelope_id"`
		Payload    json.RawMessage `json:"payload"`
	}
	if err := json.Unmarshal(frame, &a); err != nil || a.EnvelopeID == "" {
		s.ignoredAcks++
		s.cfg.Logger.Warn("unparsable socket message ignored", "socket", sock.id)
		s.hub.NotifyLocked()
		return
	}
	var pending []*Envelope
	for _, e := range s.envelopes[a.EnvelopeID] {
		select {
		case <-e.acked:
		default:
			if !e.sentAt.IsZero() {
				pending = append(pending, e)
			}
		}
	}
	if len(pending) == 0 {
		s.ignoredAcks++
		s.cfg.Logger.Warn("ack for unknown or already acked envelope ignored", "envelope_id", a.EnvelopeID)
		s.hub.NotifyLocked()
		return
	}
	if string(a.Payload) == "null" || len(a.Payload) == 0 {
		a.Payload = nil
	}
	problem := s.cfg.ApplyAckLocked(pending[0].effect, a.Payload)
	for _, e := range pending {
		lat := now.Sub(e.sentAt)
		e.ack = Ack{Payload: a.Payload, Latency: lat, Late: lat > ackDeadline, Problem: problem}
		close(e.acked)
		if e.ack.Late {
			s.cfg.Logger.Warn("late ack", "type", e.typ, "envelope_id", e.id, "latency", lat)
		}
	}
	s.hub.NotifyLocked()
}

// Redeliver sends an envelope's payload again, as Slack does when an ack is
// late or missing: retry_attempt goes up by one (retry_reason "timeout"),
// and the envelope_id is kept unless newEnvelopeID is set.
func (s *Mode) Redeliver(ctx context.Context, e *Envelope, newEnvelopeID bool) (*Envelope, error) {
	if e == nil {
		return nil, errors.New("slackfake: redeliver: nil envelope")
	}
	again := s.newEnvelope(e.typ, e.payload, e.acceptsResponse, e.effect)
	if !newEnvelopeID {
		again.id = e.id
	}
	again.retryAttempt = e.retryAttempt + 1
	again.retryReason = "timeout"
	return s.deliver(ctx, again)
}

// newEnvelopeID returns a UUID-shaped envelope ID like Slack's
// "1d3c79ab-0ffb-41f3-a080-d19e85f53649".
func newEnvelopeID() string {
	h := hub.RandHex(16)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
