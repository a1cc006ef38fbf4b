package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/mentorbot/mentorbot/store"
)

// Helpers for capabilities' gate rules: reading a reference from a
// payload, and the refusals every rule gives.

// PickMessage is the sent message the click came from when it is one of
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

// ParseRef reads a record id from a payload; anything else is a stale or
// forged click.
func ParseRef(what Refers, s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, &Refusal{Target: string(what), Detail: "not an id", Text: MsgStaleButton}
	}
	return id, nil
}

// RefName names a record in the audit log, e.g. "check-in 12".
func RefName(what Refers, id int64) string { return fmt.Sprintf("%s %d", what, id) }

// NotTheirs refuses a record that is someone else's.
func NotTheirs(what Refers, id int64) error {
	return &Refusal{Target: RefName(what, id), Detail: "not theirs", Text: MsgNotYours}
}

// LookupFailed turns a missing record into a refusal and passes other
// errors on.
func LookupFailed(what Refers, id int64, err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return &Refusal{Target: RefName(what, id), Detail: "no such " + string(what), Text: MsgStaleButton}
	}
	return err
}

// OfferLookup is what OfferedPairing reads from the bot's records.
type OfferLookup interface {
	PairingByID(ctx context.Context, id int64) (store.Pairing, error)
	SentMessages(ctx context.Context, f store.SentFilter) ([]store.Delivery, error)
}

// OfferedPairing is the rule of a button whose value is a pairing id (a
// rematch offer, a renewal ask): only a person of that pairing whom the bot
// sent a message of kind about it may act. The message to rewrite is that
// one.
func OfferedPairing(st OfferLookup, kind string) Rule {
	return Rule{Refers: RefersPairing, Kinds: []string{kind}, Resolve: func(ctx context.Context, in Input) (Target, error) {
		id, err := ParseRef(RefersPairing, in.Value)
		if err != nil {
			return Target{}, err
		}
		p, err := st.PairingByID(ctx, id)
		if err != nil {
			return Target{}, LookupFailed(RefersPairing, id, err)
		}
		if p.MentorSlack != in.UserID && p.MenteeSlack != in.UserID {
			return Target{}, NotTheirs(RefersPairing, id)
		}
		sent, err := st.SentMessages(ctx, store.SentFilter{RecipientSlack: in.UserID, Kinds: []string{kind}, PairingID: id})
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
