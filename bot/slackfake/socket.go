package slackfake

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/webapi"
)

// socket is one Socket Mode WebSocket connection.
type socket struct {
	id   int
	conn *websocket.Conn
	wmu  sync.Mutex    // gorilla allows one concurrent writer (WriteControl excepted)
	gone chan struct{} // closed once the connection is closed

	closeOnce sync.Once

	// guarded by Server.mu
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
func (sock *socket) writeText(b []byte) error {
	sock.wmu.Lock()
	defer sock.wmu.Unlock()
	_ = sock.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return sock.conn.WriteMessage(websocket.TextMessage, b)
}

// appsConnectionsOpen serves apps.connections.open: a single-use WebSocket
// URL with a fresh ticket, as Slack hands out one per connection.
func (s *Server) appsConnectionsOpen(*webapi.Request) (map[string]any, error) {
	ticket := newEnvelopeID()
	s.tickets[ticket] = false
	u := strings.Replace(s.base, "http://", "ws://", 1) + "/link/?ticket=" + ticket + "&app_id=" + s.appID
	return map[string]any{"url": u}, nil
}

// handleLink upgrades a ticketed request to a Socket Mode connection,
// sends hello, pings every PingInterval and reads acks until the
// connection ends.
func (s *Server) handleLink(w http.ResponseWriter, r *http.Request) {
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
		s.log.Warn("websocket upgrade failed", "error", err)
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
		"connection_info": map[string]any{"app_id": s.appID},
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
	s.log.Info("socket mode connection opened", "socket", sock.id)

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
	s.log.Info("socket mode connection closed", "socket", sock.id)
}

// pingLoop sends a WebSocket PING every PingInterval, as Slack does; the
// client's dead-man timer reconnects when they stop.
func (s *Server) pingLoop(sock *socket) {
	t := time.NewTicker(s.opts.PingInterval)
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
// close) are handled by gorilla inside ReadMessage.
func (s *Server) readLoop(sock *socket) {
	for {
		typ, data, err := sock.conn.ReadMessage()
		if err != nil {
			return
		}
		if typ != websocket.TextMessage {
			continue
		}
		s.handleAck(sock, data)
	}
}

// liveSocketsLocked counts sockets that take envelopes.
func (s *Server) liveSocketsLocked() int {
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
func (s *Server) Connections() int {
	s.hub.Lock()
	defer s.hub.Unlock()
	return s.liveSocketsLocked()
}

// ConnectCount is the number of Socket Mode connections established so far
// (apps.connections.open, dial and hello all done).
func (s *Server) ConnectCount() int {
	s.hub.Lock()
	defer s.hub.Unlock()
	return s.connectCount
}

// WaitConnected waits until at least n connections take envelopes.
func (s *Server) WaitConnected(ctx context.Context, n int) error {
	return s.Wait(ctx, func() bool { return s.Connections() >= n })
}

// Disconnect sends {"type":"disconnect","reason":reason} on every open
// socket, stops routing envelopes to them and closes each after
// Options.DisconnectGrace unless the client closes first (slack-go closes
// and reconnects at once). Reasons Slack uses: "warning",
// "refresh_requested", "link_disabled", "too_many_websockets".
func (s *Server) Disconnect(reason string) {
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
		sock.grace = time.AfterFunc(s.opts.DisconnectGrace, sock.closeNow)
		socks = append(socks, sock)
	}
	s.hub.NotifyLocked()
	s.hub.Unlock()
	for _, sock := range socks {
		if err := sock.writeText(msg); err != nil {
			sock.closeNow()
		}
	}
	s.log.Info("sent disconnect", "reason", reason, "sockets", len(socks))
}

// DropConnections closes every socket's TCP connection abruptly (no
// disconnect message, no close frame), like a network failure.
func (s *Server) DropConnections() {
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
