package slackfake_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// rawConn is a bare WebSocket client, to check the wire format byte by byte.
type rawConn struct {
	conn   *websocket.Conn
	frames chan []byte
	pings  chan struct{}
}

func dialRaw(t *testing.T, s *slackfake.Server) (*rawConn, string) {
	t.Helper()
	ctx := testCtx(t)
	_, wsURL, err := newAPI(s).StartSocketModeContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	conn, _, err := websocket.DefaultDialer.DialContext(ctx, wsURL, http.Header{"Origin": {"https://api.slack.com"}})
	if err != nil {
		t.Fatal(err)
	}
	rc := &rawConn{conn: conn, frames: make(chan []byte, 16), pings: make(chan struct{}, 16)}
	conn.SetPingHandler(func(data string) error {
		select {
		case rc.pings <- struct{}{}:
		default:
		}
		return conn.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(time.Second))
	})
	done, stop := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for {
			_, b, err := conn.ReadMessage()
			if err != nil {
				return
			}
			select {
			case rc.frames <- b:
			case <-stop:
				return
			}
		}
	}()
	t.Cleanup(func() {
		close(stop)
		_ = conn.Close()
		<-done
	})
	return rc, wsURL
}

func (rc *rawConn) frame(t *testing.T) map[string]json.RawMessage {
	t.Helper()
	select {
	case b := <-rc.frames:
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("frame %s: %v", b, err)
		}
		return m
	case <-time.After(5 * time.Second):
		t.Fatal("no frame within 5s")
	}
	return nil
}

func TestWireProtocol(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{PingInterval: 20 * time.Millisecond})
	ctx := testCtx(t)
	rc, wsURL := dialRaw(t, s)

	hello := rc.frame(t)
	if string(hello["type"]) != `"hello"` || string(hello["num_connections"]) != "1" ||
		!strings.Contains(string(hello["connection_info"]), s.AppID()) || hello["debug_info"] == nil {
		t.Fatalf("first frame = %v", hello)
	}
	select {
	case <-rc.pings:
	case <-time.After(5 * time.Second):
		t.Fatal("no WebSocket PING")
	}
	if _, _, err := websocket.DefaultDialer.DialContext(ctx, wsURL, nil); err == nil {
		t.Error("a used ticket was accepted again")
	}
	if err := s.WaitConnected(ctx, 1); err != nil {
		t.Fatal(err)
	}

	env, err := s.SlashCommand(ctx, "U1", "/mentor", "help")
	if err != nil {
		t.Fatal(err)
	}
	f := rc.frame(t)
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	if len(f) != 4 || string(f["type"]) != `"slash_commands"` || string(f["accepts_response_payload"]) != "true" ||
		string(f["envelope_id"]) != `"`+env.ID()+`"` || f["payload"] == nil {
		t.Fatalf("slash envelope keys %v: %v", keys, f)
	}

	send := func(v any) {
		if err := rc.conn.WriteJSON(v); err != nil {
			t.Fatal(err)
		}
	}
	// Ignored: an ack of 20 KB or more, and an ack for an unknown envelope.
	send(map[string]any{"envelope_id": env.ID(), "payload": map[string]string{"text": strings.Repeat("x", 20*1024)}})
	send(map[string]any{"envelope_id": "no-such-envelope"})
	if err := s.Wait(ctx, func() bool { return s.IgnoredAcks() == 2 }); err != nil {
		t.Fatalf("ignored acks = %d: %v", s.IgnoredAcks(), err)
	}
	if _, ok := env.Acked(); ok {
		t.Fatal("an oversized ack counted")
	}
	send(map[string]any{"envelope_id": env.ID()})
	if _, err := env.WaitAck(ctx); err != nil {
		t.Fatal(err)
	}
	send(map[string]any{"envelope_id": env.ID()})
	if err := s.Wait(ctx, func() bool { return s.IgnoredAcks() == 3 }); err != nil {
		t.Errorf("a second ack of the same envelope was not ignored: %v", err)
	}

	// events_api envelopes carry retry_attempt and retry_reason.
	if _, err := s.OpenHome(ctx, "U1"); err != nil {
		t.Fatal(err)
	}
	f = rc.frame(t)
	if string(f["type"]) != `"events_api"` || string(f["retry_attempt"]) != "0" || string(f["retry_reason"]) != `""` ||
		string(f["accepts_response_payload"]) != "false" {
		t.Fatalf("events_api envelope = %v", f)
	}

	s.Disconnect("warning")
	f = rc.frame(t)
	if string(f["type"]) != `"disconnect"` || string(f["reason"]) != `"warning"` {
		t.Fatalf("disconnect frame = %v", f)
	}
	if n := s.Connections(); n != 0 {
		t.Errorf("Connections after disconnect = %d", n)
	}
}

func TestEnvelopesSpreadOverConnections(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	ctx := testCtx(t)
	a, _ := dialRaw(t, s)
	a.frame(t) // hello
	if err := s.WaitConnected(ctx, 1); err != nil {
		t.Fatal(err)
	}
	b, _ := dialRaw(t, s)
	if h := b.frame(t); string(h["num_connections"]) != "2" {
		t.Errorf("second hello num_connections = %s", h["num_connections"])
	}
	if err := s.WaitConnected(ctx, 2); err != nil {
		t.Fatal(err)
	}
	for range 4 {
		if _, err := s.SlashCommand(ctx, "U1", "/mentor", ""); err != nil {
			t.Fatal(err)
		}
	}
	got := map[string]int{}
	for range 4 {
		select {
		case <-a.frames:
			got["a"]++
		case <-b.frames:
			got["b"]++
		case <-time.After(5 * time.Second):
			t.Fatalf("only %v envelopes arrived", got)
		}
	}
	if got["a"] != 2 || got["b"] != 2 {
		t.Errorf("envelopes per connection = %v, want 2 and 2", got)
	}
}
