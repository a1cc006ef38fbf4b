package checkins

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/blockcheck"
	"github.com/mentorbot/mentorbot/store"
)

func TestDeliveryMessagesPassBlockKitAndEscapeNames(t *testing.T) {
	base := store.Delivery{ID: 42, PairingID: 7, CheckinID: 9, RecipientSlack: "UA", OtherSlack: "UB",
		OtherName: "Eve <!channel> & *Co*", ProgramName: "Spring <2026>", Slot: time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)}
	for _, kind := range []string{store.KindCheckin, store.KindReminder, store.KindFeedback, store.KindFeedbackEnd, store.KindRematchOffer, store.KindPauseOffer} {
		d := base
		d.Kind = kind
		text, blocks, err := deliveryMessage(d)
		if err != nil {
			t.Fatal(err)
		}
		blockcheck.Record(t, "message", "scheduler-"+kind, slack.Msg{Text: text, Blocks: slack.Blocks{BlockSet: blocks}})
		all := text + fmt.Sprint(blocks)
		if strings.Contains(all, "<!channel>") || strings.Contains(all, "<2026>") {
			t.Errorf("%s: user text not escaped: %s", kind, text)
		}
	}
	// Check-in and reminder carry the same three buttons, naming the check-in.
	for _, kind := range []string{store.KindCheckin, store.KindReminder} {
		d := base
		d.Kind = kind
		_, blocks, _ := deliveryMessage(d)
		actions := blocks[len(blocks)-1].(*slack.ActionBlock)
		var got []string
		for _, e := range actions.Elements.ElementSet {
			btn := e.(*slack.ButtonBlockElement)
			got = append(got, btn.Text.Text+"="+btn.ActionID+":"+btn.Value)
		}
		want := "[Met=checkin_met:9 Not yet=checkin_not_yet:9 Need help=checkin_need_help:9]"
		if fmt.Sprint(got) != want {
			t.Errorf("%s buttons %v", kind, got)
		}
	}
	d := base
	d.Kind = "spam"
	if _, _, err := deliveryMessage(d); err == nil {
		t.Error("unknown kind rendered")
	}
	d.OtherName = ""
	if got := bot.PersonName(d.OtherName, d.OtherSlack); got != "<@UB>" {
		t.Errorf("name fallback %q", got)
	}
}

func TestFeedbackModalPassesBlockKit(t *testing.T) {
	ps := []store.Pairing{{ID: 1, MentorSlack: "UA", MenteeSlack: "UB", MenteeName: "Bob"}, {ID: 2, MentorSlack: "UA", MenteeSlack: "UC", MenteeName: strings.Repeat("x", 200)}}
	blockcheck.Record(t, "modal", "feedback-choose", feedbackModal(feedbackMeta{Slot: 1}, "", ps, "UA"))
	blockcheck.Record(t, "modal", "feedback-one", feedbackModal(feedbackMeta{PairingID: 1, Slot: 1, DeliveryID: 3}, "Bob", nil, "UA"))
	text, blocks := answeredBlocks("Bob", store.AnswerNeedHelp)
	blockcheck.Record(t, "message", "checkin-answered", slack.Msg{Text: text, Blocks: slack.Blocks{BlockSet: blocks}})
}

func feedbackCallback(meta string, values map[string]map[string]slack.BlockAction) slack.InteractionCallback {
	var cb slack.InteractionCallback
	cb.View.PrivateMetadata = meta
	cb.View.State = &slack.ViewState{Values: values}
	return cb
}

func input(v slack.BlockAction) map[string]slack.BlockAction {
	return map[string]slack.BlockAction{bot.InputAction: v}
}

func TestViewFeedbackValidates(t *testing.T) {
	ck := New(bot.New(nil, nil, bot.Config{}), nil, Config{})
	rating := func(v string) slack.BlockAction {
		return slack.BlockAction{SelectedOption: slack.OptionBlockObject{Value: v}}
	}
	// The pairing comes from the gate's Target (feedbackForm), which
	// TestFeedbackFormRule covers; metadata is no longer read here.
	mine := bot.Target{ID: 1}
	cases := []struct {
		name   string
		target bot.Target
		values map[string]map[string]slack.BlockAction
		errs   []string
	}{
		{"valid", mine, map[string]map[string]slack.BlockAction{blockRating: input(rating("4"))}, nil},
		{"valid prompt", bot.Target{ID: 5, Delivery: store.Delivery{ID: 5, PairingID: 1, Slot: time.Unix(100, 0)}}, map[string]map[string]slack.BlockAction{blockRating: input(rating("4"))}, nil},
		{"no rating", mine, nil, []string{blockRating}},
		{"rating out of range", mine, map[string]map[string]slack.BlockAction{blockRating: input(rating("9"))}, []string{blockRating}},
		{"text too long", mine, map[string]map[string]slack.BlockAction{blockRating: input(rating("3")),
			blockProgress: input(slack.BlockAction{Value: strings.Repeat("ü", store.MaxFeedbackText+1)})}, []string{blockProgress}},
		{"pairing not chosen", bot.Target{}, map[string]map[string]slack.BlockAction{blockRating: input(rating("3"))}, []string{blockFeedbackPairing}},
	}
	for _, c := range cases {
		ack, after := ck.viewFeedback(context.Background(), bot.Request{UserID: "UA", Target: c.target}, feedbackCallback(`{"s":100}`, c.values))
		if c.errs == nil {
			if ack != nil || after == nil {
				t.Errorf("%s: ack %v", c.name, ack)
			}
			continue
		}
		resp, ok := ack.(*slack.ViewSubmissionResponse)
		if !ok || after != nil {
			t.Errorf("%s: ack %#v", c.name, ack)
			continue
		}
		for _, id := range c.errs {
			if resp.Errors[id] == "" {
				t.Errorf("%s: no error on %s: %v", c.name, id, resp.Errors)
			}
		}
	}
}
