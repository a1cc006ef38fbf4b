package checkins

import (
	"context"
	"encoding/json"
	"errors"
	"slices"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/store"
)

// The bot's rules (see gate.go): each resolves one kind of record from the
// store and names who may act on it.

// feedbackKinds are the outbox rows a feedback prompt is.
var feedbackKinds = []string{store.KindFeedback, store.KindFeedbackEnd}

// checkinKinds are the outbox rows a check-in's messages are: the check-in
// and its reminder.
var checkinKinds = []string{store.KindCheckin, store.KindReminder}

// ownCheckin: the button's value is a check-in id; its participant may
// act. The message to rewrite is that check-in's DM (or its reminder's).
func (ck *Checkins) ownCheckin() bot.Rule {
	kinds := checkinKinds
	return bot.Rule{Refers: bot.RefersCheckin, Kinds: kinds, Resolve: func(ctx context.Context, in bot.Input) (bot.Target, error) {
		id, err := bot.ParseRef(bot.RefersCheckin, in.Value)
		if err != nil {
			return bot.Target{}, err
		}
		c, err := ck.store.CheckinByID(ctx, id)
		if err != nil {
			return bot.Target{}, bot.LookupFailed(bot.RefersCheckin, id, err)
		}
		if c.ParticipantSlack != in.UserID {
			return bot.Target{}, bot.NotTheirs(bot.RefersCheckin, id)
		}
		sent, err := ck.store.SentMessages(ctx, store.SentFilter{RecipientSlack: in.UserID, Kinds: kinds, PairingID: c.PairingID, Slot: c.Slot})
		if err != nil {
			return bot.Target{}, err
		}
		t := bot.PickMessage(sent, in)
		t.ID = id
		return t, nil
	}}
}

// ownDelivery: the button's value is an outbox row id of one of kinds; its
// recipient may act.
func (ck *Checkins) ownDelivery(kinds ...string) bot.Rule {
	return bot.Rule{Refers: bot.RefersDelivery, Kinds: kinds, Resolve: func(ctx context.Context, in bot.Input) (bot.Target, error) {
		id, err := bot.ParseRef(bot.RefersDelivery, in.Value)
		if err != nil {
			return bot.Target{}, err
		}
		return ck.resolveDelivery(ctx, in.UserID, id, kinds)
	}}
}

func (ck *Checkins) resolveDelivery(ctx context.Context, user string, id int64, kinds []string) (bot.Target, error) {
	d, err := ck.store.DeliveryByID(ctx, id)
	if err != nil {
		return bot.Target{}, bot.LookupFailed(bot.RefersDelivery, id, err)
	}
	if d.RecipientSlack != user {
		return bot.Target{}, bot.NotTheirs(bot.RefersDelivery, id)
	}
	if !slices.Contains(kinds, d.Kind) {
		return bot.Target{}, &bot.Refusal{Target: bot.RefName(bot.RefersDelivery, id), Detail: "a " + d.Kind + " delivery", Text: bot.MsgStaleButton}
	}
	t := bot.Target{ID: id, Delivery: d}
	if d.State == store.DeliverySent && d.ChannelID != "" && d.MessageTS != "" {
		t.Message = bot.SentMessage{Channel: d.ChannelID, TS: d.MessageTS}
	}
	return t, nil
}

// offeredPairing: the button's value is a pairing id; only a person of that
// pairing whom the bot sent an offer of kind about it may act. The message
// to rewrite is that offer.
func (ck *Checkins) offeredPairing(kind string) bot.Rule { return bot.OfferedPairing(ck.store, kind) }

// pairingMember resolves a pairing the user is in (feedback from
// /mentor feedback names one).
func (ck *Checkins) pairingMember(ctx context.Context, user string, id int64) (bot.Target, error) {
	p, err := ck.store.PairingByID(ctx, id)
	if err != nil {
		return bot.Target{}, bot.LookupFailed(bot.RefersPairing, id, err)
	}
	if p.MentorSlack != user && p.MenteeSlack != user {
		return bot.Target{}, bot.NotTheirs(bot.RefersPairing, id)
	}
	return bot.Target{ID: id}, nil
}

// myMessage: the clicked message must be an outbox message of one of kinds
// that the bot sent the user.
func (ck *Checkins) myMessage(kinds ...string) bot.Rule {
	return bot.Rule{Refers: bot.RefersMessage, Kinds: kinds, Resolve: func(ctx context.Context, in bot.Input) (bot.Target, error) {
		if in.Channel != "" && in.TS != "" {
			sent, err := ck.store.SentMessages(ctx, store.SentFilter{RecipientSlack: in.UserID, Kinds: kinds})
			if err != nil {
				return bot.Target{}, err
			}
			for _, d := range sent {
				if d.ChannelID == in.Channel && d.MessageTS == in.TS {
					return bot.Target{ID: d.ID, Delivery: d, Message: bot.SentMessage{Channel: d.ChannelID, TS: d.MessageTS}}, nil
				}
			}
		}
		return bot.Target{}, &bot.Refusal{Target: string(bot.RefersMessage), Detail: "not a message the bot sent them", Text: bot.MsgNotYours}
	}}
}

// feedbackForm: the feedback modal names a prompt (its delivery, which must
// have gone to the user) or, from /mentor feedback, a pairing the user is
// in (in its metadata, or picked in the form). Nothing picked yet resolves
// to no pairing: the form's validation asks for one.
func (ck *Checkins) feedbackForm() bot.Rule {
	return bot.Rule{Refers: bot.RefersDelivery, Kinds: feedbackKinds, Resolve: func(ctx context.Context, in bot.Input) (bot.Target, error) {
		var meta feedbackMeta
		if err := json.Unmarshal([]byte(in.Metadata), &meta); err != nil {
			return bot.Target{}, &bot.Refusal{Target: "feedback form", Detail: "unreadable metadata", Text: bot.MsgFormNotYours}
		}
		var t bot.Target
		var err error
		switch {
		case meta.DeliveryID != 0:
			t, err = ck.resolveDelivery(ctx, in.UserID, meta.DeliveryID, feedbackKinds)
			if err == nil && t.Delivery.PairingID == 0 {
				err = &bot.Refusal{Target: bot.RefName(bot.RefersDelivery, meta.DeliveryID), Detail: "no pairing", Text: bot.MsgStaleButton}
			}
		case meta.PairingID != 0:
			t, err = ck.pairingMember(ctx, in.UserID, meta.PairingID)
		default:
			v, _ := bot.StateValue(in.State, blockFeedbackPairing)
			if v.SelectedOption.Value == "" {
				return bot.Target{}, nil
			}
			var id int64
			if id, err = bot.ParseRef(bot.RefersPairing, v.SelectedOption.Value); err == nil {
				t, err = ck.pairingMember(ctx, in.UserID, id)
			}
		}
		var no *bot.Refusal
		if errors.As(err, &no) && no.Text == bot.MsgNotYours {
			no.Text = bot.MsgFormNotYours
		}
		return t, err
	}}
}
