package bot

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/mentorbot/mentorbot/bot/workslot"
)

// answerNow answers from the read loop, as the thinnest Socket Mode app does
// (no goroutine, context or timer), a command that answers from memory at
// once (CommandSpec.Now); false, nothing acked, sends it to a handler.
func (b *Bot) answerNow(sm *socketmode.Client, evt socketmode.Event) bool {
	sc, ok := evt.Data.(slack.SlashCommand)
	if !ok {
		return false
	}
	cmd, err := ParseWith(b.router.commands, sc.Text)
	rt, ok := b.router.byKind[RouteCommand][cmd.Name]
	if err != nil || !ok || rt.Command.Now == nil || !rt.Command.AnswerOnly || rt.Rule.Refers != RefersSelf || b.versionNow == nil {
		return false
	}
	version, ok := b.reading.Get(b.versionNow, len(sm.Events))
	if !ok {
		return false
	}
	payload, ok := b.answerFrom(rt.Command.Now, sc.UserID, version)
	if !ok {
		return false
	}
	if !b.firstCommand(context.Background(), sc, evt.Request.EnvelopeID, true) {
		payload = nil // a redelivery: acked empty, as dispatch does
	}
	if err := sm.Ack(*evt.Request, payload); err != nil {
		// Refused (20 KB or more): a handler answers through response_url.
		b.recent.Forget(deliveryKey("trigger:"+sc.TriggerID, evt.Request.EnvelopeID))
		return false
	}
	b.noteEnvelope(string(evt.Type))()
	b.unacked.Arrived()()
	b.answeredNow.Add(1)
	return true
}

// AnsweredNow counts the commands answered, and forms checked, in the read loop.
func (b *Bot) AnsweredNow() uint64 { return b.answeredNow.Load() }

// answerFrom calls a command's Now; a panic is no answer (a handler then answers).
func (b *Bot) answerFrom(now func(string, uint64) (any, bool), user string, version uint64) (payload any, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("instant answer panic", "panic", fmt.Sprint(r))
			payload, ok = nil, false
		}
	}()
	return now(user, version)
}

// answerFormNow checks a form submission in the read loop when its route
// allows it (Route.CheckedNow) and the store's model is current, and acks
// with the form's errors or with nothing: in a burst of sign-ups no handler
// is started, or parks holding its stack, between one form's ack and the
// next. The form's work waits in b.later for the burst's acks to be out,
// as a click's does. false, nothing acked, sends it to a handler.
func (b *Bot) answerFormNow(ctx context.Context, sm *socketmode.Client, evt socketmode.Event) bool {
	cb, ok := evt.Data.(slack.InteractionCallback)
	if !ok || cb.Type != slack.InteractionTypeViewSubmission || b.versionNow == nil {
		return false
	}
	rt := b.router.byKind[RouteView][cb.View.CallbackID]
	if rt.viewNow == nil {
		return false
	}
	version, ok := b.reading.Get(b.versionNow, len(sm.Events))
	if !ok {
		return false
	}
	req := Request{UserID: cb.User.ID, ChannelID: cb.Channel.ID, ResponseURL: cb.ResponseURL, TriggerID: cb.TriggerID}
	in := Input{Kind: RouteView, Name: rt.Name, UserID: req.UserID, Admin: b.IsAdmin(req.UserID),
		Metadata: cb.View.PrivateMetadata, State: cb.View.State}
	if _, _, ok := b.router.authorize(context.Background(), rt, in, string(rt.Rule.Refers)); !ok {
		return false // Self passes everyone; a refusal is the handler's to give
	}
	payload, after, ok := b.checkFormNow(rt.viewNow, req, &cb, version)
	if !ok {
		return false
	}
	acked, ackedAll := b.noteEnvelope(string(evt.Type)), b.unacked.Arrived()
	// Counted busy before the ack, as dispatch does.
	done := b.handlers.Busy()
	if payload == nil || sm.Ack(*evt.Request, payload) != nil {
		// No errors, or an answer Slack would refuse (20 KB or more).
		if err := sm.Ack(*evt.Request); err != nil {
			b.log.Warn("ack failed", "envelope", evt.Request.EnvelopeID, "err", err)
		}
	}
	acked()
	ackedAll()
	b.answeredNow.Add(1)
	if after == nil {
		done()
		return true
	}
	// The key is taken now: the parsed form is not kept for the work.
	key, typ := "view:"+cb.View.ID+":"+cb.View.Hash, evt.Type
	b.later.Go(ctx, func() {
		defer done()
		hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), handlerTimeout)
		defer cancel()
		slot := b.work.For(&b.unacked)
		defer slot.Done()
		hctx = workslot.With(hctx, func() {}, slot) // acked already
		defer func() {
			if r := recover(); r != nil {
				b.log.Error("handler panic", "type", typ, "panic", fmt.Sprint(r))
			}
		}()
		slot.Take(hctx)
		if b.firstTime(hctx, key, "") {
			after(hctx)
		}
	})
	return true
}

// checkFormNow calls a form's ViewNowHandler; a panic is no answer (a
// handler then checks the form).
func (b *Bot) checkFormNow(now ViewNowHandler, r Request, cb *slack.InteractionCallback, version uint64) (payload any, after func(context.Context), ok bool) {
	defer func() {
		if p := recover(); p != nil {
			b.log.Error("form check panic", "panic", fmt.Sprint(p))
			payload, after, ok = nil, nil, false
		}
	}()
	return now(r, cb, version)
}
