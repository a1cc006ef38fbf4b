package bot

import (
	"sync"
	"time"

	"github.com/slack-go/slack/socketmode"
)

// Observer hears what the bot's Socket Mode loop does, for metrics.
// cmd/mentorbot turns it into Prometheus series; the bot itself imports no
// metrics library. Calls come from many goroutines and must be cheap.
type Observer interface {
	// EnvelopeReceived: an envelope of this type (slash_commands,
	// interactive, events_api) arrived.
	EnvelopeReceived(kind string)
	// EnvelopeAcked: its ack was written, latency after it arrived.
	EnvelopeAcked(kind string, latency time.Duration)
	// SocketConnected: a Socket Mode connection is up; reconnect is false
	// for the first one of the process.
	SocketConnected(reconnect bool)
	// SocketDisconnected: the connection went down (Slack asked, the
	// network failed, or the bot stopped).
	SocketDisconnected()
}

// health tracks the Socket Mode connection from the client's events, so
// /readyz can say whether Slack can reach the bot.
type health struct {
	mu        sync.Mutex
	connected bool
	connects  int
	obs       Observer
}

// SetObserver installs o. Call it before Run.
func (b *Bot) SetObserver(o Observer) {
	b.health.mu.Lock()
	defer b.health.mu.Unlock()
	b.health.obs = o
}

// Connected reports whether a Socket Mode connection is up right now.
func (b *Bot) Connected() bool {
	b.health.mu.Lock()
	defer b.health.mu.Unlock()
	return b.health.connected
}

// ConnectCount is how many Socket Mode connections this bot has made.
func (b *Bot) ConnectCount() int {
	b.health.mu.Lock()
	defer b.health.mu.Unlock()
	return b.health.connects
}

// observer returns the installed Observer, or nil.
func (b *Bot) observer() Observer {
	b.health.mu.Lock()
	defer b.health.mu.Unlock()
	return b.health.obs
}

// noteEvent follows the connection state through socketmode's events:
// Connected (and hello) mean up; Connecting, a disconnect request, a
// connection or read error and invalid auth mean down until the next
// Connected.
func (b *Bot) noteEvent(t socketmode.EventType) {
	switch t {
	case socketmode.EventTypeConnected, socketmode.EventTypeHello:
		b.setConnected(true, t == socketmode.EventTypeConnected)
	case socketmode.EventTypeConnecting, socketmode.EventTypeDisconnect, socketmode.EventTypeConnectionError,
		socketmode.EventTypeIncomingError, socketmode.EventTypeInvalidAuth:
		b.setConnected(false, false)
	}
}

// setConnected records the state; newConn counts a new connection.
func (b *Bot) setConnected(up, newConn bool) {
	b.health.mu.Lock()
	was := b.health.connected
	b.health.connected = up
	reconnect := b.health.connects > 0
	if newConn {
		b.health.connects++
	}
	obs := b.health.obs
	b.health.mu.Unlock()
	if obs == nil {
		return
	}
	switch {
	case newConn:
		obs.SocketConnected(reconnect)
	case was && !up:
		obs.SocketDisconnected()
	}
}

// noteEnvelope reports an arrived envelope and returns the function that
// reports its ack.
func (b *Bot) noteEnvelope(kind string) func() {
	obs := b.observer()
	if obs == nil {
		return func() {}
	}
	obs.EnvelopeReceived(kind)
	// Ack latency is a real duration: measured on the monotonic clock,
	// not the injected one.
	start := time.Now()
	return func() { obs.EnvelopeAcked(kind, time.Since(start)) }
}
