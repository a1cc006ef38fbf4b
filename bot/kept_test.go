package bot

import (
	"encoding/json"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// A click's handler waits for the burst's acks holding what routing reads
// (click), not the raw payload or the message the button sat on; any other
// envelope keeps its parsed payload, without the raw one.
func TestKeptHoldsWhatTheHandlerReads(t *testing.T) {
	raw := json.RawMessage(`{"type":"block_actions"}`)
	action := &slack.BlockAction{ActionID: "checkin_met", Value: "42"}
	cb := slack.InteractionCallback{
		Type: slack.InteractionTypeBlockActions, User: slack.User{ID: "UBOB"}, TriggerID: "T1", ResponseURL: "https://r",
		Container:      slack.Container{ChannelID: "D1", MessageTs: "1.2"},
		ActionCallback: slack.ActionCallbacks{BlockActions: []*slack.BlockAction{action, {ActionID: "second"}}},
	}
	cb.Channel.ID = "D1"
	cb.Message.Text = "Did you meet this week?"
	req := &socketmode.Request{Type: "interactive", EnvelopeID: "E1", Payload: raw}

	got := kept(socketmode.Event{Type: socketmode.EventTypeInteractive, Data: cb, Request: req})
	want := click{user: "UBOB", channel: "D1", responseURL: "https://r", triggerID: "T1", container: cb.Container, action: action}
	if c, ok := got.Data.(click); !ok || c != want {
		t.Errorf("a click kept %#v, want %#v", got.Data, want)
	}
	if got.Request.EnvelopeID != "E1" || got.Request.Payload != nil || got.Type != socketmode.EventTypeInteractive {
		t.Errorf("kept request %+v of type %s, want envelope E1 without its raw payload", got.Request, got.Type)
	}
	if req.Payload == nil {
		t.Error("kept changed the envelope it was given")
	}

	form := slack.InteractionCallback{Type: slack.InteractionTypeViewSubmission, View: slack.View{CallbackID: "signup"}}
	got = kept(socketmode.Event{Type: socketmode.EventTypeInteractive, Data: form, Request: req})
	if f, ok := got.Data.(slack.InteractionCallback); !ok || f.View.CallbackID != "signup" || got.Request.Payload != nil {
		t.Errorf("a form kept %T (raw payload %s), want the parsed form without its raw payload", got.Data, got.Request.Payload)
	}
}
