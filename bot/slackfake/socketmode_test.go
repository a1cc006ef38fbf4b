package slackfake_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack/socketmode"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

func TestDisconnectAndDropMakeSlackGoReconnect(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{PingInterval: 50 * time.Millisecond})
	b := startBot(t, s)
	ctx := testCtx(t)
	if err := s.WaitConnected(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if n := s.ConnectCount(); n != 1 {
		t.Fatalf("ConnectCount = %d", n)
	}

	s.Disconnect("refresh_requested")
	if err := s.Wait(ctx, func() bool { return s.ConnectCount() == 2 && s.Connections() == 1 }); err != nil {
		t.Fatalf("no reconnect after disconnect: %v (count %d)", err, s.ConnectCount())
	}

	s.DropConnections()
	if err := s.Wait(ctx, func() bool { return s.ConnectCount() == 3 && s.Connections() == 1 }); err != nil {
		t.Fatalf("no reconnect after drop: %v (count %d)", err, s.ConnectCount())
	}

	// Envelopes flow on the new connection.
	env, err := s.SlashCommand(ctx, "U2", "/mentor", "help")
	if err != nil {
		t.Fatal(err)
	}
	ev := b.next(t, socketmode.EventTypeSlashCommand)
	_ = b.sm.Ack(*ev.Request)
	if _, err := env.WaitAck(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(s.Calls("apps.connections.open")); n != 3 {
		t.Errorf("apps.connections.open calls = %d, want 3", n)
	}
}

func TestEnvelopeWaitsForAConnection(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	ctx := testCtx(t)
	got := make(chan *slackfake.Envelope, 1)
	go func() {
		env, _ := s.SlashCommand(ctx, "U1", "/mentor", "")
		got <- env
	}()
	b := startBot(t, s)
	ev := b.next(t, socketmode.EventTypeSlashCommand)
	env := <-got
	if env == nil || ev.Request.EnvelopeID != env.ID() {
		t.Fatalf("envelope %v, request %q", env, ev.Request.EnvelopeID)
	}
}

func TestCloseLeavesNoServerGoroutines(t *testing.T) {
	s := slackfake.New(slackfake.Options{PingInterval: 20 * time.Millisecond})
	s.AddUser(slackfake.User{ID: "U1", Name: "ada"})
	b := startBot(t, s)
	ctx := testCtx(t)
	if err := s.WaitConnected(ctx, 1); err != nil {
		t.Fatal(err)
	}
	// A Web API call held back by a Delay fault is in flight during Close.
	s.FailNext("users.info", 1, slackfake.Fault{Delay: time.Hour})
	callDone := make(chan error, 1)
	go func() {
		_, err := b.api.GetUserInfoContext(ctx, "U1")
		callDone <- err
	}()
	if err := s.Wait(ctx, func() bool { return strings.Contains(allStacks(), "webapi.(*API).ServeFault") }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if g := slackfakeGoroutines(); len(g) > 0 {
		t.Fatalf("goroutines left after Close:\n%s", strings.Join(g, "\n\n"))
	}
	if err := <-callDone; err == nil {
		t.Error("delayed call succeeded after Close")
	}
	if _, err := s.SlashCommand(ctx, "U1", "/mentor", ""); !errors.Is(err, slackfake.ErrClosed) {
		t.Errorf("SlashCommand after Close: %v", err)
	}
	s.Close() // idempotent
}

func TestEnvelopeJSONIsSlacksShape(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	b := startBot(t, s)
	ctx := testCtx(t)
	if _, err := s.OpenHome(ctx, "U1"); err != nil {
		t.Fatal(err)
	}
	ev := b.next(t, socketmode.EventTypeEventsAPI)
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(ev.Request.Payload, &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"token", "team_id", "api_app_id", "event", "type", "event_id", "event_time", "authorizations", "event_context"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("event_callback lacks %q", k)
		}
	}
}

func TestHeldEnvelopesAreWrittenOnRelease(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	b := startBot(t, s)
	ctx := testCtx(t)
	if err := s.WaitConnected(ctx, 1); err != nil {
		t.Fatal(err)
	}
	hold := s.HoldEnvelopes()
	const n = 3
	sent := make(chan *slackfake.Envelope, n)
	for range n {
		go func() {
			env, err := s.SlashCommand(ctx, "U1", "/mentor", "help")
			if err != nil {
				t.Error(err)
			}
			sent <- env
		}()
	}
	if err := s.Wait(ctx, func() bool { return hold.Held() == n }); err != nil {
		t.Fatalf("held %d of %d: %v", hold.Held(), n, err)
	}
	if d := s.Deliveries(); len(d) != 0 {
		t.Fatalf("%d envelopes written while held", len(d))
	}
	hold.Release()
	hold.Release() // a second release does nothing
	for range n {
		ev := b.next(t, socketmode.EventTypeSlashCommand)
		_ = b.sm.Ack(*ev.Request)
	}
	for range n {
		env := <-sent
		if env == nil {
			t.Fatal("a held envelope was never sent")
		}
		if _, err := env.WaitAck(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// Released: the next envelope goes out at once.
	if _, err := s.SlashCommand(ctx, "U1", "/mentor", "help"); err != nil {
		t.Fatal(err)
	}
	_ = b.next(t, socketmode.EventTypeSlashCommand)
	if d := s.Deliveries(); len(d) != n+1 {
		t.Fatalf("%d envelopes written, want %d", len(d), n+1)
	}
}
