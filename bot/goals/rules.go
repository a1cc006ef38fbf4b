package goals

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/store"
)

// The capability's gate rules (see bot/gate.go): each resolves its record
// from the bot's own store and names who may act.

// goalsMeta is the goals form's private_metadata: the pairing.
type goalsMeta struct {
	PairingID int64 `json:"p"`
}

// member resolves pairing id for a person of it; anyone else is refused.
func (g *Goals) member(ctx context.Context, user string, id int64) (bot.Target, error) {
	p, err := g.store.PairingByID(ctx, id)
	if err != nil {
		return bot.Target{}, bot.LookupFailed(bot.RefersPairing, id, err)
	}
	if p.MentorSlack != user && p.MenteeSlack != user {
		return bot.Target{}, bot.NotTheirs(bot.RefersPairing, id)
	}
	return bot.Target{ID: id}, nil
}

// pairingMember: the button's value is a pairing id; its two people may
// click (the mentor is answered kindly, the mentee gets the form).
func (g *Goals) pairingMember() bot.Rule {
	return bot.Rule{Refers: bot.RefersPairing, Resolve: func(ctx context.Context, in bot.Input) (bot.Target, error) {
		id, err := bot.ParseRef(bot.RefersPairing, in.Value)
		if err != nil {
			return bot.Target{}, err
		}
		return g.member(ctx, in.UserID, id)
	}}
}

// goalsForm: the form's metadata names a pairing; only its mentee may
// submit goals for it.
func (g *Goals) goalsForm() bot.Rule {
	return bot.Rule{Refers: bot.RefersPairing, Resolve: func(ctx context.Context, in bot.Input) (bot.Target, error) {
		var meta goalsMeta
		if err := json.Unmarshal([]byte(in.Metadata), &meta); err != nil || meta.PairingID <= 0 {
			return bot.Target{}, &bot.Refusal{Target: "goals form", Detail: "unreadable metadata", Text: bot.MsgFormNotYours}
		}
		p, err := g.store.PairingByID(ctx, meta.PairingID)
		if err != nil {
			return bot.Target{}, bot.LookupFailed(bot.RefersPairing, meta.PairingID, err)
		}
		if p.MenteeSlack != in.UserID {
			return bot.Target{}, &bot.Refusal{Target: bot.RefName(bot.RefersPairing, meta.PairingID), Detail: "not its mentee", Text: bot.MsgFormNotYours}
		}
		return bot.Target{ID: meta.PairingID}, nil
	}}
}

// ownGoal: the button's value is a goal id; only its pairing's mentee may
// answer, and only on the check-in message the bot sent them about that
// pairing (the message clicked, found in the bot's delivery records).
func (g *Goals) ownGoal() bot.Rule {
	kinds := []string{store.KindCheckin}
	return bot.Rule{Refers: bot.RefersGoal, Kinds: kinds, Resolve: func(ctx context.Context, in bot.Input) (bot.Target, error) {
		id, err := bot.ParseRef(bot.RefersGoal, in.Value)
		if err != nil {
			return bot.Target{}, err
		}
		goal, err := g.store.GoalByID(ctx, id)
		if err != nil {
			return bot.Target{}, bot.LookupFailed(bot.RefersGoal, id, err)
		}
		if goal.MenteeSlack != in.UserID {
			return bot.Target{}, bot.NotTheirs(bot.RefersGoal, id)
		}
		sent, err := g.store.SentMessages(ctx, store.SentFilter{RecipientSlack: in.UserID, Kinds: kinds, PairingID: goal.PairingID})
		if err != nil {
			return bot.Target{}, err
		}
		for _, d := range sent {
			if d.ChannelID == in.Channel && d.MessageTS == in.TS && d.CheckinID != 0 {
				return bot.Target{ID: id, Delivery: d, Message: bot.SentMessage{Channel: d.ChannelID, TS: d.MessageTS}}, nil
			}
		}
		return bot.Target{}, &bot.Refusal{Target: bot.RefName(bot.RefersGoal, id), Detail: "not on their check-in", Text: bot.MsgStaleButton}
	}}
}

// ownPulse: the button's value is a fit pulse's delivery id; only its
// recipient may answer.
func (g *Goals) ownPulse() bot.Rule {
	kinds := []string{store.KindFitPulse}
	return bot.Rule{Refers: bot.RefersDelivery, Kinds: kinds, Resolve: func(ctx context.Context, in bot.Input) (bot.Target, error) {
		id, err := bot.ParseRef(bot.RefersDelivery, in.Value)
		if err != nil {
			return bot.Target{}, err
		}
		d, err := g.store.DeliveryByID(ctx, id)
		if err != nil {
			return bot.Target{}, bot.LookupFailed(bot.RefersDelivery, id, err)
		}
		if d.RecipientSlack != in.UserID {
			return bot.Target{}, bot.NotTheirs(bot.RefersDelivery, id)
		}
		if !slices.Contains(kinds, d.Kind) || d.PairingID == 0 {
			return bot.Target{}, &bot.Refusal{Target: bot.RefName(bot.RefersDelivery, id), Detail: "a " + d.Kind + " delivery", Text: bot.MsgStaleButton}
		}
		t := bot.Target{ID: id, Delivery: d}
		if d.State == store.DeliverySent && d.ChannelID != "" && d.MessageTS != "" {
			t.Message = bot.SentMessage{Channel: d.ChannelID, TS: d.MessageTS}
		}
		return t, nil
	}}
}
