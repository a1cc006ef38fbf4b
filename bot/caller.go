package bot

import (
	"context"
	"errors"

	"github.com/mentorbot/mentorbot/store"
)

// Caller is who runs a command, as far as help needs to know: whether
// they signed up, in which role, whether they are paused, and whether they
// are a program admin. A CommandSpec's For decides from it whether help
// offers that command to them.
type Caller struct {
	SignedUp, Mentor, Mentee, Paused, Admin bool
	// Paired: in an active pairing (when the bot can tell; else true).
	Paired bool
}

// Who a command is for (CommandSpec.For). A nil For is everyone.
var (
	// ForNewcomers: people not signed up yet.
	ForNewcomers = func(c Caller) bool { return !c.SignedUp }
	// ForParticipants: everyone signed up.
	ForParticipants = func(c Caller) bool { return c.SignedUp }
	// ForMentees: signed up as a mentee (or both).
	ForMentees = func(c Caller) bool { return c.SignedUp && c.Mentee }
	// ForActive: signed up and not paused.
	ForActive = func(c Caller) bool { return c.SignedUp && !c.Paused }
	// ForPaired: signed up and in an active pairing.
	ForPaired = func(c Caller) bool { return c.SignedUp && c.Paired }
	// ForPaused: signed up and paused.
	ForPaused = func(c Caller) bool { return c.SignedUp && c.Paused }
)

// StatusLookup reads a person's participant record and active pairings;
// an unknown person is store.ErrNotSignedUp.
type StatusLookup func(ctx context.Context, slackID string) (store.Status, error)

// caller finds who user is from their status (one read: help is the
// command a whole company may run at once). Without a lookup, or when it
// fails, the caller counts as signed up in every role and paired, so help
// lists everything rather than too little.
func (b *Bot) caller(ctx context.Context, user string) Caller {
	c := Caller{Admin: b.IsAdmin(user)}
	everything := Caller{SignedUp: true, Mentor: true, Mentee: true, Paired: true, Admin: c.Admin}
	if b.status == nil {
		return everything
	}
	st, err := b.status(ctx, user)
	switch {
	case errors.Is(err, store.ErrNotSignedUp), errors.Is(err, store.ErrNotFound):
		return c
	case err != nil:
		b.log.Error("help: status lookup failed", "err", err)
		return everything
	}
	return callerOf(st, c.Admin)
}

// callerOf is who a signed-up person with status st is.
func callerOf(st store.Status, admin bool) Caller {
	p := st.Participant
	return Caller{SignedUp: true, Mentor: p.IsMentor(), Mentee: p.IsMentee(), Paused: p.Status == store.StatusPaused, Paired: len(st.Pairings) > 0, Admin: admin}
}

// StatusNow is StatusLookup answered at once from memory at the store's
// version (Config.VersionNow): ok is false when it cannot be (then the
// lookup is the way); err is store.ErrNotSignedUp for someone not signed
// up. The status may share memory: read it only.
type StatusNow func(slackID string, version uint64) (st store.Status, ok bool, err error)
