package store

import "time"

// Lifecycle delivery kinds (issue 15): what the bot sends about a pairing's
// length, renewal and close. The closing feedback prompt is
// KindFeedbackEnd, as for every other end.
const (
	// KindRenewalAsk asks both people, MENTORBOT_RENEWAL_NOTICE before the
	// end, to continue another term or wrap up. Slot: its due time.
	KindRenewalAsk = "renewal_ask"
	// KindRenewalExtended tells both that both continued. Slot: the end
	// date it replaced (one extension per pairing, so one key).
	KindRenewalExtended = "renewal_extended"
	// KindClosingThanks thanks each person and recaps the pairing when it
	// ends on its end date. Slot: the end date.
	KindClosingThanks = "closing_thanks"
)

// Renewal answers.
const (
	RenewalContinue = "continue"
	RenewalWrapUp   = "wrap_up"
)

// EndReasonCompleted is recorded on a pairing that ended on its end date;
// every other end reason is an early end (reports: completed vs ended
// early).
const EndReasonCompleted = "completed"

// Term is a pairing's length as the lifecycle sees it.
type Term struct {
	PairingID  int64      `db:"id"`
	Status     string     `db:"status"`
	StartedAt  time.Time  `db:"started_at"`
	EndsAt     *time.Time `db:"ends_at"`
	ExtendedAt *time.Time `db:"extended_at"`
}

// RenewalResult is what an answer to the renewal ask did.
type RenewalResult struct {
	// Recorded: this answer was stored (the person's first).
	Recorded bool
	// Previous is the answer already stored when this one was not.
	Previous string
	// Closed: the renewal can no longer be answered (the pairing ended,
	// was extended, or its end date passed).
	Closed bool
	// Extended: this answer was the second "continue": the pairing now
	// ends at EndsAt, and both are told through the outbox.
	Extended bool
	EndsAt   time.Time
}
