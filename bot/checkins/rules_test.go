package checkins

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/store"
	"github.com/slack-go/slack"
)

// gateStore answers the gate's lookups from maps.
type gateStore struct {
	Store
	deliveries map[int64]store.Delivery
	pairings   map[int64]store.Pairing
}

func (s gateStore) DeliveryByID(_ context.Context, id int64) (store.Delivery, error) {
	if d, ok := s.deliveries[id]; ok {
		return d, nil
	}
	return store.Delivery{}, fmt.Errorf("delivery %d: %w", id, store.ErrNotFound)
}

func (s gateStore) PairingByID(_ context.Context, id int64) (store.Pairing, error) {
	if p, ok := s.pairings[id]; ok {
		return p, nil
	}
	return store.Pairing{}, fmt.Errorf("pairing %d: %w", id, store.ErrNotFound)
}

// TestFeedbackFormRule: the feedback form's pairing and prompt come from
// the bot's records, checked against the submitter, whatever the form's
// metadata or selection claims.
func TestFeedbackFormRule(t *testing.T) {
	slot := time.Date(2026, 1, 5, 14, 0, 0, 0, time.UTC)
	st := gateStore{
		deliveries: map[int64]store.Delivery{
			10: {ID: 10, Kind: store.KindFeedback, RecipientSlack: "UA", PairingID: 1, Slot: slot, State: store.DeliverySent, ChannelID: "DA", MessageTS: "1.1"},
			11: {ID: 11, Kind: store.KindFeedback, RecipientSlack: "UB", PairingID: 1, Slot: slot, State: store.DeliverySent, ChannelID: "DB", MessageTS: "1.2"},
			12: {ID: 12, Kind: store.KindCheckin, RecipientSlack: "UA", PairingID: 1, Slot: slot},
		},
		pairings: map[int64]store.Pairing{1: {ID: 1, MentorSlack: "UA", MenteeSlack: "UB"}, 2: {ID: 2, MentorSlack: "UC", MenteeSlack: "UD"}},
	}
	ck := New(bot.New(nil, nil, bot.Config{}), st, Config{})
	pick := func(v string) *slack.ViewState {
		return &slack.ViewState{Values: map[string]map[string]slack.BlockAction{blockFeedbackPairing: {bot.InputAction: {SelectedOption: slack.OptionBlockObject{Value: v}}}}}
	}
	cases := []struct {
		name    string
		meta    string
		state   *slack.ViewState
		pairing int64  // the resolved pairing (target ID), when allowed
		message string // the message the bot may rewrite
		refusal string // the refusal's text, when refused
	}{
		{"own prompt", `{"p":1,"s":5,"d":10}`, nil, 10, "DA/1.1", ""},
		{"own prompt, other pairing claimed", `{"p":2,"s":5,"d":10}`, nil, 10, "DA/1.1", ""},
		{"partner's prompt", `{"p":1,"s":5,"d":11}`, nil, 0, "", bot.MsgFormNotYours},
		{"a check-in is no prompt", `{"p":1,"s":5,"d":12}`, nil, 0, "", bot.MsgStaleButton},
		{"no such prompt", `{"p":1,"s":5,"d":99}`, nil, 0, "", bot.MsgStaleButton},
		{"own pairing", `{"p":1,"s":5}`, nil, 1, "", ""},
		{"someone else's pairing", `{"p":2,"s":5}`, nil, 0, "", bot.MsgFormNotYours},
		{"own pairing picked", `{"s":5}`, pick("1"), 1, "", ""},
		{"someone else's pairing picked", `{"s":5}`, pick("2"), 0, "", bot.MsgFormNotYours},
		{"garbage picked", `{"s":5}`, pick("1 OR 1=1"), 0, "", bot.MsgStaleButton},
		{"nothing picked yet", `{"s":5}`, nil, 0, "", ""},
		{"unreadable metadata", `{"p":1`, nil, 0, "", bot.MsgFormNotYours},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tg, err := ck.feedbackForm().Resolve(context.Background(), bot.Input{Kind: bot.RouteView, Name: callbackFeedback, UserID: "UA", Metadata: c.meta, State: c.state})
			var no *bot.Refusal
			if c.refusal != "" {
				if !errors.As(err, &no) || no.Text != c.refusal {
					t.Fatalf("want refusal %q, got %v", c.refusal, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tg.ID != c.pairing {
				t.Errorf("target %d, want %d", tg.ID, c.pairing)
			}
			if got := tg.Message.Channel + "/" + tg.Message.TS; c.message != "" && got != c.message {
				t.Errorf("message %s, want %s", got, c.message)
			}
		})
	}
}
