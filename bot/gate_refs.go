package bot

import (
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
