// Package bot is mentorbot's Slack side: it reads Socket Mode envelopes,
// acknowledges them at once, routes each command, button and form to its
// handler, and talks back through the Web API.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/mentorbot/mentorbot/bot/encoded"
	"github.com/mentorbot/mentorbot/bot/reading"
	"github.com/mentorbot/mentorbot/bot/recent"
	"github.com/mentorbot/mentorbot/bot/responseurl"
	"github.com/mentorbot/mentorbot/bot/slackapi"
	"github.com/mentorbot/mentorbot/bot/slackerr"
	"github.com/mentorbot/mentorbot/bot/workers"
	"github.com/mentorbot/mentorbot/bot/workslot"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// ackDeadline is how long a handler may take to produce its ack payload
// (form validation errors) before the bot acks empty. Slack redelivers
// after 3 s.
const ackDeadline = 2 * time.Second

// handlerTimeout bounds the slow work done after an ack.
const handlerTimeout = 60 * time.Second

// Config is what the bot needs besides its collaborators.
type Config struct {
	// Admins are the Slack user IDs with program-admin rights.
	Admins []string
	// Logger defaults to slog.Default().
	Logger *slog.Logger
	// Clock defaults to time.Now.
	Clock func() time.Time
	// OnPairingEnded, when set, runs after a pairing ends (the scheduler
	// sends the end-of-pairing feedback prompt).
	OnPairingEnded func(ctx context.Context, p store.Pairing)
	// DrainTimeout bounds how long Run waits for in-flight handlers on
	// shutdown (default 20 s).
	DrainTimeout time.Duration
	// ResponseOrigin is the one origin (scheme://host[:port]) the bot
	// POSTs a payload's response_url to: Slack's (responseurl.SlackOrigin,
	// the default) or a Slack emulator's (responseurl.OriginFor). A response_url
	// anywhere else is dropped and logged.
	ResponseOrigin string
	// Status, when set, tells help who the caller is (signed up, in which
	// role, paused, paired), so that it lists only the commands they can
	// use (CommandSpec.For).
	Status StatusLookup
	// StatusNow, when set with VersionNow, lets help answer from the read
	// loop (now.go).
	StatusNow StatusNow
	// VersionNow reads the store's version at once, or says it cannot: the
	// read loop's answers (CommandSpec.Now) are from that version.
	VersionNow func() (version uint64, ok bool)
}

// Bot handles Slack traffic for mentorbot.
type Bot struct {
	api      SlackAPI
	store    Store
	admins   map[string]bool
	adminIDs []string
	log      *slog.Logger
	now      func() time.Time
	drainFor time.Duration
	// dms remembers each person's DM channel (user → channel ID):
	// conversations.open is tier 3, so it is opened once per process.
	dms            sync.Map
	lim            atomic.Pointer[scheduler.Limiter] // set once by NewSender
	answeredNow    atomic.Uint64                     // commands answered, forms checked, in the read loop (now.go)
	onPairingEnded func(ctx context.Context, p store.Pairing)
	changeFns      []func(ctx context.Context) // OnProgramChange
	router         *router
	recent         recent.Keys           // dedupe of answer-only commands (dedupe.go)
	helps          encoded.Cache[Caller] // help's answers (help.go)
	work           workslot.Slots        // post-ack work
	unacked        workslot.Acks         // envelopes received, not acked: work waits for them
	responses      *responseurl.Poster
	handlers       *workers.Pool   // the goroutines handlers run on, and their count
	later          *workslot.Later // handlers started once a burst's acks are out
	health         health          // Socket Mode state and the Observer (health.go)
	status         StatusLookup
	statusNow      StatusNow
	versionNow     func() (uint64, bool)
	reading        reading.Loop // the read loop's version reading (now.go)
	home           interface {
		PublishHome(ctx context.Context, user string)
	}
}

// New builds a bot over a Slack Web API client and a store.
func New(api SlackAPI, st Store, cfg Config) *Bot {
	b := &Bot{
		api:            slackapi.AckFirst{API: api},
		store:          st,
		admins:         map[string]bool{},
		log:            cfg.Logger,
		now:            cfg.Clock,
		drainFor:       cfg.DrainTimeout,
		onPairingEnded: cfg.OnPairingEnded,
		status:         cfg.Status,
		statusNow:      cfg.StatusNow,
		versionNow:     cfg.VersionNow,
		work:           workslot.New(),
		handlers:       workers.New(time.Minute),
	}
	b.later = workslot.NewLater(&b.unacked, b.handlers.Go)
	for _, a := range cfg.Admins {
		if !b.admins[a] {
			b.admins[a] = true
			b.adminIDs = append(b.adminIDs, a)
		}
	}
	if b.log == nil {
		b.log = slog.Default()
	}
	if b.now == nil {
		b.now = time.Now
	}
	if b.drainFor == 0 {
		b.drainFor = 20 * time.Second
	}
	var ok bool
	if b.responses, ok = responseurl.New(cfg.ResponseOrigin, b.log); !ok {
		b.log.Error("invalid response origin: replies will not use response_url", "origin", cfg.ResponseOrigin)
	}
	b.router = newRouter(b)
	help := helpCommand
	help.Now = b.helpNow
	b.Register(OnCommand(help, Self(), b.cmdHelp))
	return b
}

// IsAdmin tells whether the user is a program admin (MENTORBOT_ADMINS only;
// Slack's workspace-admin flag does not count).
func (b *Bot) IsAdmin(user string) bool { return b.admins[user] }

// Admins returns the admin user IDs in configuration order.
func (b *Bot) Admins() []string { return append([]string(nil), b.adminIDs...) }

// Now is the bot's clock (Config.Clock).
func (b *Bot) Now() time.Time { return b.now() }

// Logger is the bot's logger.
func (b *Bot) Logger() *slog.Logger { return b.log }

// Slack is the Web API client, for calls the helpers do not cover.
func (b *Bot) Slack() SlackAPI { return b.api }

// PairingEnded runs what follows the end of a pairing (Config.OnPairingEnded:
// the scheduler's closing feedback prompt), when it is wired.
func (b *Bot) PairingEnded(ctx context.Context, p store.Pairing) {
	b.pairingEnded(ctx, p)
}

// ErrAuth means Slack refused our tokens: retrying cannot help.
var ErrAuth = errors.New("slack refused the tokens (invalid_auth, token_revoked or account_inactive): check SLACK_BOT_TOKEN and SLACK_APP_TOKEN")

// Run reads envelopes from the Socket Mode client until ctx ends or the
// connection fails for good, then waits for in-flight handlers.
func (b *Bot) Run(ctx context.Context, sm *socketmode.Client) error {
	b.warmHelp()
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	runErr := make(chan error, 1)
	go func() { runErr <- sm.RunContext(runCtx) }()
	var err error
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case err = <-runErr:
			break loop
		case evt := <-sm.Events:
			b.reading.Next()
			if e := b.handleEvent(runCtx, sm, evt); e != nil {
				err = e
				break loop
			}
		}
	}
	cancel()
	b.setConnected(false, false)
	if !b.handlers.Drain(b.drainFor) {
		b.log.Warn("shutdown: handlers still running after drain timeout", "timeout", b.drainFor)
	}
	if ctx.Err() != nil {
		return nil
	}
	if err != nil && isAuthError(err) {
		return ErrAuth
	}
	if err != nil {
		return fmt.Errorf("socket mode: %w", err)
	}
	return nil
}

func isAuthError(err error) bool {
	switch slackerr.Code(err) {
	case "invalid_auth", "not_authed", "token_revoked", "account_inactive":
		return true
	}
	return false
}

// WaitIdle waits until the handlers in flight have finished. Tests call it
// once an envelope's ack has arrived.
func (b *Bot) WaitIdle() { b.handlers.WaitIdle() }

// AcksOut waits until no envelope awaits its ack and none arrived for a
// moment (at most 200 ms, bot/workslot): background work that can wait,
// like rebuilding the store's in-memory model, waits for it so it does
// not take the cores from a burst's acks.
func (b *Bot) AcksOut(ctx context.Context) { b.unacked.Wait(ctx) }

// handleEvent routes one socketmode event. Returning an error stops Run.
func (b *Bot) handleEvent(ctx context.Context, sm *socketmode.Client, evt socketmode.Event) error {
	b.noteEvent(evt.Type)
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		b.log.Debug("socket mode connecting")
	case socketmode.EventTypeConnected:
		b.log.Info("socket mode connected")
	case socketmode.EventTypeHello:
		b.log.Debug("socket mode hello")
	case socketmode.EventTypeDisconnect:
		b.log.Info("socket mode disconnect requested; reconnecting")
	case socketmode.EventTypeConnectionError, socketmode.EventTypeIncomingError, socketmode.EventTypeErrorBadMessage, socketmode.EventTypeErrorWriteFailed:
		b.log.Warn("socket mode problem", "type", evt.Type, "err", fmt.Sprint(evt.Data))
	case socketmode.EventTypeInvalidAuth:
		return ErrAuth
	case socketmode.EventTypeSlashCommand, socketmode.EventTypeInteractive, socketmode.EventTypeEventsAPI:
		if evt.Request == nil || evt.Request.EnvelopeID == "" {
			return nil
		}
		b.dispatch(ctx, sm, evt)
	}
	return nil
}

// dispatch starts the envelope's handler on a goroutine of its own (maybe
// an idle one kept from an earlier envelope: bot/workers) with an ack that
// fires exactly once: at once for a click or an event (ackedOnArrival, empty)
// and for a form checked in the read loop (checkFormNow, with its errors),
// else by the handler with its payload, or empty at the ack deadline.
func (b *Bot) dispatch(ctx context.Context, sm *socketmode.Client, evt socketmode.Event) {
	if b.answerNow(sm, evt) {
		return
	}
	formAck, form, formNow := b.checkFormNow(sm, evt)
	// The ack needs the envelope's ID only: the request's raw payload is
	// not kept while the handler waits for a work slot.
	req := socketmode.Request{EnvelopeID: evt.Request.EnvelopeID}
	var once sync.Once
	acked, ackedAll := b.noteEnvelope(string(evt.Type)), b.unacked.Arrived()
	// ack reports whether this call sent payload: false when the envelope
	// was acked already, or the payload was refused (an ack of 20 KB or
	// more), in which case it acks empty and the caller answers otherwise.
	ack := func(payload any) (sent bool) {
		once.Do(func() {
			var err error
			if payload != nil {
				if err = sm.Ack(req, payload); err == nil {
					sent = true
				}
			}
			if payload == nil || err != nil {
				err = sm.Ack(req)
			}
			if err != nil {
				b.log.Warn("ack failed", "envelope", req.EnvelopeID, "err", err)
			}
			acked()
			ackedAll()
		})
		return sent
	}
	// Counted busy before any ack: whoever sees the ack and then waits
	// for idle handlers (WaitIdle, the drain) waits for this one too.
	done := b.handlers.Busy()
	onArrival := formNow || ackedOnArrival(evt)
	// The handler takes the event out of box, so that nothing keeps the
	// parsed envelope (a form: tens of KB) once its handler is done with
	// it; a queued click or checked form keeps less still.
	evt = kept(evt)
	if formNow {
		evt.Data = form
	}
	typ, box := evt.Type, &evt
	handler := func() {
		e := *box
		*box = socketmode.Event{}
		defer done()
		timer := time.AfterFunc(ackDeadline, func() { ack(nil) })
		defer timer.Stop()
		// Handlers outlive a shutdown request so in-flight work finishes.
		hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), handlerTimeout)
		defer cancel()
		// Once acked, the handler works in a work slot (bot/workslot); a
		// call to Slack acks first and lends the slot (slackapi.AckFirst).
		slot := b.work.For(&b.unacked)
		defer slot.Done()
		hctx = workslot.With(hctx, func() { ack(nil) }, slot)
		defer func() {
			if r := recover(); r != nil {
				b.log.Error("handler panic", "type", typ, "panic", fmt.Sprint(r))
				ack(nil)
			}
		}()
		b.route(hctx, e, func(payload any, answerOnly bool) bool {
			sent := ack(payload)
			if !sent || !answerOnly {
				// Work follows (an answer-only command whose answer went
				// in the ack has none).
				slot.Take(hctx)
			}
			return sent
		})
		ack(nil)
	}
	if onArrival {
		// Its ack is empty whatever the handler does: sent from this loop,
		// so no goroutine's start stands between the envelope and its ack;
		// the handler starts once the burst's acks are out (its work waits
		// for that anyway).
		ack(formAck)
		if formNow && form.after == nil {
			done() // a form refused: nothing to do
			return
		}
		b.later.Go(ctx, handler)
		return
	}
	b.handlers.Go(handler)
}

// ackedOnArrival tells the envelopes whose ack is always empty: a click
// (block_actions: its answer goes through response_url or the Web API) and
// an Events API event. A slash command's ack may carry its answer, a form's
// its errors.
func ackedOnArrival(evt socketmode.Event) bool {
	switch data := evt.Data.(type) {
	case slackevents.EventsAPIEvent:
		return true
	case slack.InteractionCallback:
		return data.Type == slack.InteractionTypeBlockActions
	}
	return false
}

// kept is what an envelope's handler reads of it: not the raw payload
// (parsed already), and of a click only what routing reads (click).
func kept(evt socketmode.Event) socketmode.Event {
	evt.Request = &socketmode.Request{Type: evt.Request.Type, EnvelopeID: evt.Request.EnvelopeID}
	if cb, ok := evt.Data.(slack.InteractionCallback); ok && cb.Type == slack.InteractionTypeBlockActions {
		evt.Data = clickOf(&cb)
	}
	return evt
}

// route hands the envelope to its handler. ack sends the envelope's ack
// (answerOnly: nothing follows it).
func (b *Bot) route(ctx context.Context, evt socketmode.Event, ack func(payload any, answerOnly bool) bool) {
	work := func(payload any) bool { return ack(payload, false) }
	switch data := evt.Data.(type) {
	case slack.SlashCommand:
		// The first reply of a quick command travels in the ack itself;
		// anything later, or slower than the ack deadline, goes through the
		// command's response_url.
		answerOnly := b.answerOnly(data.Text)
		if !b.firstCommand(ctx, data, evt.Request.EnvelopeID, answerOnly) {
			ack(nil, true) // a redelivery: nothing to do
			return
		}
		b.router.command(ctx, data, func(payload any) bool { return ack(payload, answerOnly) })
	case click:
		b.router.click(ctx, data, work)
	case formWork:
		work(nil) // acked from the read loop; this takes the work slot
		if data.after != nil && b.firstTime(ctx, data.key, "") {
			data.after(ctx)
		}
	case slack.InteractionCallback:
		b.router.interaction(ctx, data, work)
	case slackevents.EventsAPIEvent:
		work(nil)
		eventID := ""
		if cb, ok := data.Data.(*slackevents.EventsAPICallbackEvent); ok {
			eventID = cb.EventID
		}
		if !b.firstTime(ctx, "event:"+eventID, evt.Request.EnvelopeID) {
			return
		}
		b.router.event(ctx, data)
	default:
		ack(nil, true)
		b.log.Warn("unexpected envelope payload", "type", evt.Type)
	}
}
