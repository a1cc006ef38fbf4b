package bot

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
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
	b.unacked.ArrivedAcked()
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

// formWork is a form checked in the read loop (checkFormNow) as its
// handler gets it: its delivery key and its work.
type formWork struct {
	key   string
	after func(ctx context.Context)
}

// checkFormNow checks a form submission in the read loop, as answerNow
// answers a command, when its route allows it (Route.CheckedNow) and the
// store's model is current at the loop's version reading: ack is the form's
// errors or nil. dispatch then acks it from the loop and queues its work
// for once the burst's acks are out, as a click's: in a burst of sign-ups
// no handler starts, or parks holding its stack, between one form's ack
// and the next. ok false sends the form to a handler.
func (b *Bot) checkFormNow(sm *socketmode.Client, evt socketmode.Event) (ack any, work formWork, ok bool) {
	cb, isForm := evt.Data.(slack.InteractionCallback)
	if !isForm || cb.Type != slack.InteractionTypeViewSubmission || b.versionNow == nil {
		return nil, formWork{}, false
	}
	rt := b.router.byKind[RouteView][cb.View.CallbackID]
	if rt.viewNow == nil {
		return nil, formWork{}, false // no version reading for a form the loop never checks
	}
	version, current := b.reading.Get(b.versionNow, len(sm.Events))
	if !current {
		return nil, formWork{}, false
	}
	req, in := b.router.form(&cb)
	if _, _, passed := b.router.authorize(context.Background(), rt, in, string(rt.Rule.Refers)); !passed {
		return nil, formWork{}, false // Self passes everyone; a refusal is the handler's to give
	}
	defer func() {
		if p := recover(); p != nil {
			b.log.Error("form check panic", "panic", fmt.Sprint(p))
			ack, work, ok = nil, formWork{}, false
		}
	}()
	ack, work.after, ok = rt.viewNow(req, &cb, version)
	if ok {
		b.answeredNow.Add(1)
	}
	work.key = formKey(&cb)
	return ack, work, ok
}
