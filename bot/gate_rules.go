package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/mentorbot/mentorbot/store"
)

// The bot's rules (see gate.go): each resolves one kind of record from the
// store and names who may act on it.

// feedbackKinds are the outbox rows a feedback prompt is.
var feedbackKinds = []string{store.KindFeedback, store.KindFeedbackEnd}

// ownCheckin: the button's value is a check-in id; its participant may
// act. The message to rewrite is that check-in's DM (or its reminder's).
func (b *Bot) ownCheckin() Rule {
	kinds := []string{store.KindCheckin, store.KindReminder}
	return Rule{Refers: RefersCheckin, Kinds: kinds, Resolve: func(ctx context.Context, in Input) (Target, error) {
		id, err := ParseRef(RefersCheckin, in.Value)
		if err != nil {
			return Target{}, err
		}
		c, err := b.store.CheckinByID(ctx, id)
		if err != nil {
			return Target{}, LookupFailed(RefersCheckin, id, err)
		}
		if c.ParticipantSlack != in.UserID {
			return Target{}, NotTheirs(RefersCheckin, id)
		}
		sent, err := b.store.SentMessages(ctx, store.SentFilter{RecipientSlack: in.UserID, Kinds: kinds, PairingID: c.PairingID, Slot: c.Slot})
		if err != nil {
			return Target{}, err
		}
		t := PickMessage(sent, in)
		t.ID = id
		return t, nil
	}}
}

// ownDelivery: the button's value is an outbox row id of one of kinds; its
// recipient may act.
func (b *Bot) ownDelivery(kinds ...string) Rule {
	return Rule{Refers: RefersDelivery, Kinds: kinds, Resolve: func(ctx context.Context, in Input) (Target, error) {
		id, err := ParseRef(RefersDelivery, in.Value)
		if err != nil {
			return Target{}, err
		}
		return b.resolveDelivery(ctx, in.UserID, id, kinds)
	}}
}

func (b *Bot) resolveDelivery(ctx context.Context, user string, id int64, kinds []string) (Target, error) {
	d, err := b.store.DeliveryByID(ctx, id)
	if err != nil {
		return Target{}, LookupFailed(RefersDelivery, id, err)
	}
	if d.RecipientSlack != user {
		return Target{}, NotTheirs(RefersDelivery, id)
	}
	if !slices.Contains(kinds, d.Kind) {
		return Target{}, &Refusal{Target: RefName(RefersDelivery, id), Detail: "a " + d.Kind + " delivery", Text: MsgStaleButton}
	}
	t := Target{ID: id, Delivery: d}
	if d.State == store.DeliverySent && d.ChannelID != "" && d.MessageTS != "" {
		t.Message = SentMessage{Channel: d.ChannelID, TS: d.MessageTS}
	}
	return t, nil
}

// offeredPairing: the button's value is a pairing id; only a person of that
// pairing whom the bot sent an offer of kind about it may act. The message
// to rewrite is that offer.
func (b *Bot) offeredPairing(kind string) Rule {
	return Rule{Refers: RefersPairing, Kinds: []string{kind}, Resolve: func(ctx context.Context, in Input) (Target, error) {
		id, err := ParseRef(RefersPairing, in.Value)
		if err != nil {
			return Target{}, err
		}
		p, err := b.store.PairingByID(ctx, id)
		if err != nil {
			return Target{}, LookupFailed(RefersPairing, id, err)
		}
		if p.MentorSlack != in.UserID && p.MenteeSlack != in.UserID {
			return Target{}, NotTheirs(RefersPairing, id)
		}
		sent, err := b.store.SentMessages(ctx, store.SentFilter{RecipientSlack: in.UserID, Kinds: []string{kind}, PairingID: id})
		if err != nil {
			return Target{}, err
		}
		if len(sent) == 0 {
			return Target{}, &Refusal{Target: RefName(RefersPairing, id), Detail: "no " + kind + " sent to them", Text: MsgNotYours}
		}
		t := PickMessage(sent, in)
		t.ID = id
		return t, nil
	}}
}

// pairingMember resolves a pairing the user is in (feedback from
// /mentor feedback names one).
func (b *Bot) pairingMember(ctx context.Context, user string, id int64) (Target, error) {
	p, err := b.store.PairingByID(ctx, id)
	if err != nil {
		return Target{}, LookupFailed(RefersPairing, id, err)
	}
	if p.MentorSlack != user && p.MenteeSlack != user {
		return Target{}, NotTheirs(RefersPairing, id)
	}
	return Target{ID: id}, nil
}

// myMessage: the clicked message must be an outbox message of one of kinds
// that the bot sent the user.
func (b *Bot) myMessage(kinds ...string) Rule {
	return Rule{Refers: RefersMessage, Kinds: kinds, Resolve: func(ctx context.Context, in Input) (Target, error) {
		if in.Channel != "" && in.TS != "" {
			sent, err := b.store.SentMessages(ctx, store.SentFilter{RecipientSlack: in.UserID, Kinds: kinds})
			if err != nil {
				return Target{}, err
			}
			for _, d := range sent {
				if d.ChannelID == in.Channel && d.MessageTS == in.TS {
					return Target{ID: d.ID, Delivery: d, Message: SentMessage{Channel: d.ChannelID, TS: d.MessageTS}}, nil
				}
			}
		}
		return Target{}, &Refusal{Target: string(RefersMessage), Detail: "not a message the bot sent them", Text: MsgNotYours}
	}}
}

// feedbackForm: the feedback modal names a prompt (its delivery, which must
// have gone to the user) or, from /mentor feedback, a pairing the user is
// in (in its metadata, or picked in the form). Nothing picked yet resolves
// to no pairing: the form's validation asks for one.
func (b *Bot) feedbackForm() Rule {
	return Rule{Refers: RefersDelivery, Kinds: feedbackKinds, Resolve: func(ctx context.Context, in Input) (Target, error) {
		var meta feedbackMeta
		if err := json.Unmarshal([]byte(in.Metadata), &meta); err != nil {
			return Target{}, &Refusal{Target: "feedback form", Detail: "unreadable metadata", Text: MsgFormNotYours}
		}
		var t Target
		var err error
		switch {
		case meta.DeliveryID != 0:
			t, err = b.resolveDelivery(ctx, in.UserID, meta.DeliveryID, feedbackKinds)
			if err == nil && t.Delivery.PairingID == 0 {
				err = &Refusal{Target: RefName(RefersDelivery, meta.DeliveryID), Detail: "no pairing", Text: MsgStaleButton}
			}
		case meta.PairingID != 0:
			t, err = b.pairingMember(ctx, in.UserID, meta.PairingID)
		default:
			v, _ := StateValue(in.State, blockFeedbackPairing)
			if v.SelectedOption.Value == "" {
				return Target{}, nil
			}
			var id int64
			if id, err = ParseRef(RefersPairing, v.SelectedOption.Value); err == nil {
				t, err = b.pairingMember(ctx, in.UserID, id)
			}
		}
		var no *Refusal
		if errors.As(err, &no) && no.Text == MsgNotYours {
			no.Text = MsgFormNotYours
		}
		return t, err
	}}
}

// pickMessage is the sent message the click came from when it is one of
// sent (all the bot's own, to this user), else the newest of them.
func PickMessage(sent []store.Delivery, in Input) Target {
	if len(sent) == 0 {
		return Target{}
	}
	d := sent[0]
	for _, s := range sent {
		if s.ChannelID == in.Channel && s.MessageTS == in.TS {
			d = s
			break
		}
	}
	return Target{Delivery: d, Message: SentMessage{Channel: d.ChannelID, TS: d.MessageTS}}
}

// parseRef reads a record id from a payload; anything else is a stale or
// forged click.
func ParseRef(what Refers, s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, &Refusal{Target: string(what), Detail: "not an id", Text: MsgStaleButton}
	}
	return id, nil
}

func RefName(what Refers, id int64) string { return fmt.Sprintf("%s %d", what, id) }

func NotTheirs(what Refers, id int64) error {
	return &Refusal{Target: RefName(what, id), Detail: "not theirs", Text: MsgNotYours}
}

// lookupFailed turns a missing record into a refusal and passes other
// errors on.
func LookupFailed(what Refers, id int64, err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return &Refusal{Target: RefName(what, id), Detail: "no such " + string(what), Text: MsgStaleButton}
	}
	return err
}
