// Package socket is the fake Slack's Socket Mode surface:
// apps.connections.open tickets, the WebSocket with its hello, PINGs and
// disconnect messages, envelopes written round robin to open connections,
// and acks matched to them with their latency. What an ack payload does
// (a reply, a modal change) is decided by the facade's ApplyAckLocked.
package socket

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/hub"
)

// socket is one Socket Mode WebSocket connection.
type socket struct {
	id   int
	conn *websocket.Conn
	wmu  sync.Mutex    // gorilla allows one concurrent writer (WriteControl excepted)
	gone chan struct{} // closed once the connection is closed

	closeOnce sync.Once

	// guarded by the hub
	disconnecting bool
	grace         *time.Timer
}

// closeNow closes the TCP connection (no close frame).
func (sock *socket) closeNow() {
	sock.closeOnce.Do(func() {
		close(sock.gone)
		_ = sock.conn.NetConn().Close()
	})
}

// writeText writes one text frame.
func (sock *socket) writeText(b []byte) error { return sock.writeFrame(b, nil) }

// writeFrame writes one text frame; before, with the socket's writer lock
// held, it calls stamp if set. Never called with the hub's lock held.
func (sock *socket) writeFrame(b []byte, stamp func()) error {
	sock.wmu.Lock()
	defer sock.wmu.Unlock()
	if stamp != nil {
		stamp()
	}
	_ = sock.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return sock.conn.WriteMessage(websocket.TextMessage, b)
}

// Config is what Socket Mode needs from the facade.
type Config struct {
	AppID           string
	Base            string // http://127.0.0.1:PORT, where /link/ is served
	PingInterval    time.Duration
	DisconnectGrace time.Duration
	Logger          *slog.Logger
	// ApplyAckLocked does what Slack does with an ack payload, given the
	// effect the envelope was sent with; it returns why Slack would refuse
	// the payload, if it would. It runs with the hub's lock held.
	ApplyAckLocked func(effect any, payload json.RawMessage) string
	// ApplyAfterQuiet, when set, holds acks until none has come for that
	// long (slackfake.Options.ApplyAcksAfterQuiet).
	ApplyAfterQuiet time.Duration
}

// Mode is the Socket Mode side of the fake.
type Mode struct {
	cfg      Config
	hub      *hub.Hub
	upgrader websocket.Upgrader

	// guarded by the hub
	tickets      map[string]bool // apps.connections.open ticket -> used
	sockets      map[*socket]struct{}
	nextSocket   int
	rr           int
	connectCount int
	envelopes    map[string][]*Envelope // envelope id -> deliveries awaiting or holding an ack
	delivered    []*Envelope            // every envelope written, in order
	ignoredAcks  int
	hold         *Hold // envelopes wait here, encoded, until released; nil: none
}

// New returns Socket Mode sharing h's lock.
func New(h *hub.Hub, cfg Config) *Mode {
	return &Mode{
		cfg: cfg, hub: h,
		// slack-go dials with Origin: https://api.slack.com; Slack accepts it,
		// so must we. Any other foreign origin was refused by the guard already.
		upgrader:  websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }},
		tickets:   map[string]bool{},
		sockets:   map[*socket]struct{}{},
		envelopes: map[string][]*Envelope{},
	}
}

// OpenLocked serves apps.connections.open: a single-use WebSocket URL with
// a fresh ticket, as Slack hands out one per connection.
func (s *Mode) OpenLocked() string {
	ticket := newEnvelopeID()
	s.tickets[ticket] = false
	return strings.Replace(s.cfg.Base, "http://", "ws://", 1) + "/link/?ticket=" + ticket + "&app_id=" + s.cfg.AppID
}

// ServeHTTP upgrades a ticketed request (GET /link/) to a Socket Mode
// connection, sends hello, pings every PingInterval and reads acks until
// the connection ends.
func (s *Mode) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ticket := r.URL.Query().Get("ticket")
	s.hub.Lock()
	used, ok := s.tickets[ticket]
	if ok && !used {
		s.tickets[ticket] = true
	}
	s.hub.Unlock()
	if !ok || used {
		http.Error(w, "invalid or used ticket", http.StatusUnauthorized)
		return
	}
	conn, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		s.cfg.Logger.Warn("websocket upgrade failed", "error", err)
		return
	}
	conn.SetReadLimit(1 << 20) // acks over 20 KB are dropped, not fatal

	sock := &socket{conn: conn, gone: make(chan struct{})}
	s.hub.Lock()
	if s.hub.ClosedLocked() {
		s.hub.Unlock()
		sock.closeNow()
		return
	}
	s.nextSocket++
	sock.id = s.nextSocket
	hello, _ := json.Marshal(map[string]any{
		"type":            "hello",
		"num_connections": s.liveSocketsLocked() + 1,
		"debug_info": map[string]any{
			"host":                        fmt.Sprintf("applink-fake-%d", sock.id),
			"build_number":                1,
			"approximate_connection_time": 18060,
		},
		"connection_info": map[string]any{"app_id": s.cfg.AppID},
	})
	s.hub.Unlock()

	if err := sock.writeText(hello); err != nil {
		sock.closeNow()
		return
	}
	s.hub.Lock()
	if s.hub.ClosedLocked() {
		s.hub.Unlock()
		sock.closeNow()
		return
	}
	s.sockets[sock] = struct{}{}
	s.connectCount++
	s.hub.AddLocked() // the handler holds wg, so this Add cannot race Close's Wait
	s.hub.NotifyLocked()
	s.hub.Unlock()
	s.cfg.Logger.Info("socket mode connection opened", "socket", sock.id)

	go func() {
		defer s.hub.GoDone()
		s.pingLoop(sock)
	}()
	s.readLoop(sock)

	s.hub.Lock()
	delete(s.sockets, sock)
	if sock.grace != nil {
		sock.grace.Stop()
	}
	s.hub.NotifyLocked()
	s.hub.Unlock()
	sock.closeNow()
	s.cfg.Logger.Info("socket mode connection closed", "socket", sock.id)
}

// pingLoop sends a WebSocket PING every PingInterval, as Slack does; the
// client's dead-man timer reconnects when they stop.
func (s *Mode) pingLoop(sock *socket) {
	t := time.NewTicker(s.cfg.PingInterval)
	defer t.Stop()
	for {
		select {
		case <-sock.gone:
			return
		case <-s.hub.Done():
			return
		case <-t.C:
			if err := sock.conn.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(5*time.Second)); err != nil {
				sock.closeNow()
				return
			}
		}
	}
}

// readLoop reads acks until the connection fails. Control frames (pongs,
// close) are handled by gorilla inside ReadMessage. Each frame is stamped
// as it is read and handled in order by another goroutine, so an ack's
// latency ends when it arrives, not when the fake is done with the acks
// before it (a burst of acks carrying Block Kit takes a while to apply).
func (s *Mode) readLoop(sock *socket) {
	frames := make(chan ackFrame, 64)
	handled := make(chan struct{})
	go func() {
		defer close(handled)
		s.applyAcks(sock, frames)
	}()
	// The loop ends only once every ack read is handled (Close waits for it).
	defer func() {
		close(frames)
		<-handled
	}()
	for {
		typ, data, err := sock.conn.ReadMessage()
		if err != nil {
			return
		}
		if typ != websocket.TextMessage {
			continue
		}
		frames <- ackFrame{data: data, at: time.Now()}
	}
}

// applyAcks handles the acks in order as they come, or, with
// ApplyAfterQuiet, each run of them once none has come for that long.
func (s *Mode) applyAcks(sock *socket, frames <-chan ackFrame) {
	var held []ackFrame
	apply := func() {
		for _, f := range held {
			s.handleAck(sock, f.data, f.at)
		}
		held = held[:0]
	}
	defer apply()
	for {
		var quiet <-chan time.Time
		if len(held) > 0 {
			quiet = time.After(s.cfg.ApplyAfterQuiet)
		}
		select {
		case f, ok := <-frames:
			if !ok {
				return
			}
			held = append(held, f)
			if s.cfg.ApplyAfterQuiet <= 0 {
				apply()
			}
		case <-quiet:
			apply()
		}
	}
}

// ackFrame is an ack as read, with the time it was read.
type ackFrame struct {
	data []byte
	at   time.Time
}

// liveSocketsLocked counts sockets that take envelopes.
func (s *Mode) liveSocketsLocked() int {
	n := 0
	for sock := range s.sockets {
		if !sock.disconnecting {
			n++
		}
	}
	return n
}

// Connections is the number of open Socket Mode connections that take
// envelopes (hello sent, not told to disconnect).
func (s *Mode) Connections() int {
	s.hub.Lock()
	defer s.hub.Unlock()
	return s.liveSocketsLocked()
}

// ConnectCount is the number of Socket Mode connections established so far
// (apps.connections.open, dial and hello all done).
func (s *Mode) ConnectCount() int {
	s.hub.Lock()
	defer s.hub.Unlock()
	return s.connectCount
}

// Disconnect sends {"type":"disconnect","reason":reason} on every open
// socket, stops routing envelopes to them and closes each after
// Options.DisconnectGrace unless the client closes first (slack-go closes
// and reconnects at once). Reasons Slack uses: "warning",
// "refresh_requested", "link_disabled", "too_many_websockets".
func (s *Mode) Disconnect(reason string) {
	msg, _ := json.Marshal(map[string]any{
		"type":       "disconnect",
		"reason":     reason,
		"debug_info": map[string]any{"host": "applink-fake"},
	})
	s.hub.Lock()
	var socks []*socket
	for sock := range s.sockets {
		if sock.disconnecting {
			continue
		}
		sock.disconnecting = true
		sock.grace = time.AfterFunc(s.cfg.DisconnectGrace, sock.closeNow)
		socks = append(socks, sock)
	}
	s.hub.NotifyLocked()
	s.hub.Unlock()
	for _, sock := range socks {
		if err := sock.writeText(msg); err != nil {
			sock.closeNow()
		}
	}
	s.cfg.Logger.Info("sent disconnect", "reason", reason, "sockets", len(socks))
}

// DropConnections closes every socket's TCP connection abruptly (no
// disconnect message, no close frame), like a network failure.
func (s *Mode) DropConnections() {
	s.hub.Lock()
	var socks []*socket
	for sock := range s.sockets {
		socks = append(socks, sock)
	}
	s.hub.Unlock()
	for _, sock := range socks {
		sock.closeNow()
	}
}
