package slackfake

import (
	"log/slog"
	"time"
)

// Options configure a fake Slack. The zero value is usable.
type Options struct {
	BotToken string // expected xoxb- token; "xoxb-test" when empty
	AppToken string // expected xapp- token; "xapp-test" when empty
	TeamID   string // "T0001" when empty

	// PingInterval is how often the server sends WebSocket PINGs on every
	// Socket Mode connection (Slack sends them every few seconds; slack-go
	// reconnects when none arrives for 30 s). 5 s when zero.
	PingInterval time.Duration

	// TriggerTTL is how long a trigger_id can be exchanged for a modal
	// (Slack: about 3 s). 3 s when zero. Measured on the Now clock.
	TriggerTTL time.Duration

	// DisconnectGrace is how long a socket stays open after the server sent
	// it a "disconnect" message, unless the client closes it first. 1 s when zero.
	DisconnectGrace time.Duration

	// Now is the clock for message timestamps, event times, trigger and
	// response_url expiry and rate-limit windows. time.Now when nil.
	// Ack latency is always measured on the real monotonic clock.
	Now func() time.Time

	// Logger receives debug/info/warn lines about what the fake does.
	// Tokens are never logged. Discarded when nil.
	Logger *slog.Logger

	// CheckMessage, when set, checks every message payload the bot sends
	// (chat.postMessage, chat.postEphemeral, chat.update, response_url posts,
	// slash-command acks) as a JSON object {"text":…,"blocks":[…],…}. A
	// non-nil error is answered the way Slack answers broken Block Kit
	// (invalid_blocks). bot/blockcheck.CheckMessage fits here.
	CheckMessage func(payload []byte) error

	// AllowForeignOrigins turns off the guard against web pages (guard.go):
	// by default the fake answers only requests naming its own address as
	// Host, with no Origin but its own (and slack-go's on the Socket Mode
	// WebSocket), and none a browser marks cross-site.
	AllowForeignOrigins bool

	// ApplyAcksAfterQuiet, when set, holds the acks read off a socket and
	// applies them (records the answers they carry, closes their
	// envelopes' WaitAck) only once no ack has come for that long. Each
	// ack's latency is stamped when it is read either way; this keeps the
	// fake's own work on the acks (decoding a Block Kit answer, storing
	// it: what Slack does on its servers) off the CPU while a benchmark's
	// burst is still being acked (cmd/mentorbot BenchmarkAckBurst).
	ApplyAcksAfterQuiet time.Duration

	// CheckView, when set, checks every view the bot sends (views.open,
	// views.push, views.update, views.publish, response_action update/push).
	// A non-nil error is answered with invalid_arguments.
	// bot/blockcheck.CheckView fits here.
	CheckView func(view []byte) error
}

const (
	defaultBotToken        = "xoxb-test"
	defaultAppToken        = "xapp-test"
	defaultTeamID          = "T0001"
	defaultPingInterval    = 5 * time.Second
	defaultTriggerTTL      = 3 * time.Second
	defaultDisconnectGrace = time.Second
)

func (o Options) withDefaults() Options {
	if o.BotToken == "" {
		o.BotToken = defaultBotToken
	}
	if o.AppToken == "" {
		o.AppToken = defaultAppToken
	}
	if o.TeamID == "" {
		o.TeamID = defaultTeamID
	}
	if o.PingInterval <= 0 {
		o.PingInterval = defaultPingInterval
	}
	if o.TriggerTTL <= 0 {
		o.TriggerTTL = defaultTriggerTTL
	}
	if o.DisconnectGrace <= 0 {
		o.DisconnectGrace = defaultDisconnectGrace
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}
