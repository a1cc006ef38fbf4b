package circles

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/store"
)

// What circle payloads refer to (the gate's Refers kinds of this
// capability).
const (
	// RefersOpenCircle: a circle id; it must be open. Anyone may ask to
	// join: the joiner acts only for themself.
	RefersOpenCircle bot.Refers = "open circle"
	// RefersCircle: a circle id; only a current member may act (leave).
	RefersCircle bot.Refers = "circle"
	// RefersCircleCheckin: a circle check-in id; its person may act.
	RefersCircleCheckin bot.Refers = "circle check-in"
)

var feedbackKinds = []string{store.KindCircleFeedback, store.KindCircleFeedbackEnd}

// openCircle resolves the Join button's circle: it must exist and be open.
func (c *Circles) openCircle() bot.Rule {
	return bot.Rule{Refers: RefersOpenCircle, Resolve: func(ctx context.Context, in bot.Input) (bot.Target, error) {
		id, err := bot.ParseRef(RefersOpenCircle, in.Value)
		if err != nil {
			return bot.Target{}, err
		}
		ci, err := c.store.CircleByID(ctx, id)
		if err != nil {
			return bot.Target{}, bot.LookupFailed(RefersOpenCircle, id, err)
		}
		if ci.Status != store.CircleOpen {
			return bot.Target{}, &bot.Refusal{Target: bot.RefName(RefersOpenCircle, id), Detail: "circle closed", Text: msgJoinClosed}
		}
		return bot.Target{ID: id}, nil
	}}
}

// memberOf resolves the Leave button's circle: the clicker must be a
// current member of it.
func (c *Circles) memberOf() bot.Rule {
	return bot.Rule{Refers: RefersCircle, Resolve: func(ctx context.Context, in bot.Input) (bot.Target, error) {
		id, err := bot.ParseRef(RefersCircle, in.Value)
		if err != nil {
			return bot.Target{}, err
		}
		ok, err := c.store.IsCircleMember(ctx, id, in.UserID)
		if err != nil {
			return bot.Target{}, err
		}
		if !ok {
			return bot.Target{}, &bot.Refusal{Target: bot.RefName(RefersCircle, id), Detail: "not a member", Text: msgNotMember}
		}
		return bot.Target{ID: id}, nil
	}}
}

// ownCheckin: a circle check-in id; its person may act. The message to
// rewrite is that check-in's DM (or its reminder's).
func (c *Circles) ownCheckin() bot.Rule {
	return bot.Rule{Refers: RefersCircleCheckin, Kinds: circleCheckinKinds, Resolve: func(ctx context.Context, in bot.Input) (bot.Target, error) {
		id, err := bot.ParseRef(RefersCircleCheckin, in.Value)
		if err != nil {
			return bot.Target{}, err
		}
		ck, err := c.store.CircleCheckinByID(ctx, id)
		if err != nil {
			return bot.Target{}, bot.LookupFailed(RefersCircleCheckin, id, err)
		}
		if ck.SlackID != in.UserID {
			return bot.Target{}, bot.NotTheirs(RefersCircleCheckin, id)
		}
		sent, err := c.store.SentMessages(ctx, store.SentFilter{RecipientSlack: in.UserID, Kinds: circleCheckinKinds, PairingID: ck.CircleID, Slot: ck.Slot})
		if err != nil {
			return bot.Target{}, err
		}
		t := bot.PickMessage(sent, in)
		t.ID = id
		return t, nil
	}}
}

// ownPrompt: the button's value is a circle feedback prompt (outbox row)
// sent to the clicker.
func (c *Circles) ownPrompt() bot.Rule {
	return bot.Rule{Refers: bot.RefersDelivery, Kinds: feedbackKinds, Resolve: func(ctx context.Context, in bot.Input) (bot.Target, error) {
		id, err := bot.ParseRef(bot.RefersDelivery, in.Value)
		if err != nil {
			return bot.Target{}, err
		}
		return c.resolvePrompt(ctx, in.UserID, id)
	}}
}

// feedbackForm: the form's private_metadata names the prompt it answers;
// it must be the submitter's circle prompt.
func (c *Circles) feedbackForm() bot.Rule {
	return bot.Rule{Refers: bot.RefersDelivery, Kinds: feedbackKinds, Resolve: func(ctx context.Context, in bot.Input) (bot.Target, error) {
		var m feedbackMeta
		if err := json.Unmarshal([]byte(in.Metadata), &m); err != nil || m.Delivery <= 0 {
			return bot.Target{}, &bot.Refusal{Target: "circle feedback form", Detail: "no prompt named", Text: bot.MsgFormNotYours}
		}
		return c.resolvePrompt(ctx, in.UserID, m.Delivery)
	}}
}

func (c *Circles) resolvePrompt(ctx context.Context, user string, id int64) (bot.Target, error) {
	d, err := c.store.DeliveryByID(ctx, id)
	if err != nil {
		return bot.Target{}, bot.LookupFailed(bot.RefersDelivery, id, err)
	}
	if d.RecipientSlack != user {
		return bot.Target{}, bot.NotTheirs(bot.RefersDelivery, id)
	}
	if !slices.Contains(feedbackKinds, d.Kind) {
		return bot.Target{}, &bot.Refusal{Target: bot.RefName(bot.RefersDelivery, id), Detail: "a " + d.Kind + " delivery", Text: bot.MsgStaleButton}
	}
	t := bot.Target{ID: id, Delivery: d}
	if d.State == store.DeliverySent && d.ChannelID != "" && d.MessageTS != "" {
		t.Message = bot.SentMessage{Channel: d.ChannelID, TS: d.MessageTS}
	}
	return t, nil
}
