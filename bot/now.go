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
	b.unacked.Arrived()()
	b.answeredNow.Add(1)
	return true
}

// AnsweredNow counts the commands answered from the read loop.
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
