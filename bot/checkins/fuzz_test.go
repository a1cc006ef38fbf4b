package checkins

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/blockcheck"
	"github.com/mentorbot/mentorbot/store"
	"github.com/slack-go/slack"
)

// state builds a view state as Slack sends it: one element per input block.
func state(values map[string]slack.BlockAction) *slack.ViewState {
	st := &slack.ViewState{Values: map[string]map[string]slack.BlockAction{}}
	for k, a := range values {
		st.Values[k] = map[string]slack.BlockAction{bot.InputAction: a}
	}
	return st
}

// FuzzDeliveryMessages: whatever people put in their profile, the
// scheduler's messages built from it are inert.
func FuzzDeliveryMessages(f *testing.F) {
	f.Add("Go, Kubernetes", "", "Share what I know <!channel> & more", "Platform", "Spring", "Ann <Both> & Co")
	f.Add("", "Rust; <@U123>\n&lt;x&gt;", "goal\n>quoted\n<!here>", "R&D <team>", "", "*bold* _x_")
	f.Fuzz(func(t *testing.T, teaches, learns, goals, dept, program, name string) {
		for _, kind := range []string{store.KindCheckin, store.KindReminder, store.KindFeedback, store.KindFeedbackEnd, store.KindRematchOffer, store.KindPauseOffer} {
			text, blocks, err := deliveryMessage(store.Delivery{ID: 1, Kind: kind, PairingID: 7, RecipientSlack: "UOTHER", OtherSlack: "UME", OtherName: name, ProgramName: program, CheckinID: 3})
			if err != nil {
				t.Fatalf("%s: %v", kind, err)
			}
			blockcheck.MrkdwnText(t, kind+" text", text)
			blockcheck.Mrkdwn(t, kind, blocks)
		}
	})
}

func FuzzFeedbackForm(f *testing.F) {
	f.Add(`{"p":7,"s":1793664000}`, "", "4", "went <!channel> well & fine", "more", "progress")
	f.Add(`{"p":0,"s":1793664000,"d":3}`, "12", "9", "", "", "")
	f.Add(`{"s":-1}`, "x", "", "a", "b", "c")
	ck := New(bot.New(nil, nil, bot.Config{}), nil, Config{})
	f.Fuzz(func(t *testing.T, meta, pairing, rating, wentWell, toChange, progress string) {
		cb := slack.InteractionCallback{View: slack.View{PrivateMetadata: meta, State: state(map[string]slack.BlockAction{
			blockFeedbackPairing: {SelectedOption: slack.OptionBlockObject{Value: pairing}},
			blockRating:          {SelectedOption: slack.OptionBlockObject{Value: rating}},
			blockWentWell:        {Value: wentWell},
			blockToChange:        {Value: toChange},
			blockProgress:        {Value: progress},
		})}}
		ack, after := ck.viewFeedback(context.Background(), bot.Request{UserID: "UME"}, cb)
		if ack == nil {
			if after == nil {
				t.Fatal("accepted feedback with nothing to save it")
			}
			var m feedbackMeta
			if json.Unmarshal([]byte(meta), &m) != nil || m.Slot <= 0 {
				t.Fatalf("accepted feedback with metadata %q", meta)
			}
			return
		}
		if after != nil {
			t.Fatal("refused feedback would still be saved")
		}
		raw, err := json.Marshal(ack)
		if err != nil {
			t.Fatal(err)
		}
		var resp struct {
			ResponseAction string            `json:"response_action"`
			Errors         map[string]string `json:"errors"`
		}
		if err := json.Unmarshal(raw, &resp); err != nil || resp.ResponseAction != "errors" || len(resp.Errors) == 0 {
			t.Fatalf("refusal is not response_action errors: %s", raw)
		}
		inputs := map[string]bool{blockFeedbackPairing: true, blockRating: true, blockWentWell: true, blockToChange: true, blockProgress: true}
		for id, msg := range resp.Errors {
			if !inputs[id] {
				t.Fatalf("error on %q, which is not an input block", id)
			}
			// Feedback is confidential: an error never quotes it.
			for _, typed := range []string{wentWell, toChange, progress} {
				if len(typed) >= 4 && strings.Contains(msg, typed) {
					t.Fatalf("error message %q repeats the feedback text", msg)
				}
			}
		}
	})
}
