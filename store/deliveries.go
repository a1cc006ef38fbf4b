package store

import (
	"fmt"
	"time"
)

// Delivery kinds: what the bot sends on its own, through the outbox.
const (
	KindCheckin      = "checkin"
	KindReminder     = "reminder"
	KindFeedback     = "feedback"
	KindFeedbackEnd  = "feedback_end"
	KindRematchOffer = "rematch_offer"
	KindPauseOffer   = "pause_offer"
	// KindPartnerGone tells a partner that the other person of their
	// pairing is no longer available (their account was deactivated or an
	// HR sync dropped them); no reason is given.
	KindPartnerGone = "partner_gone"
)

// Delivery states. A row moves pending → sending → sent; failed and missed
// are final; a sending row whose sender died stays sending until its lease
// is resolved (see the scheduler).
const (
	DeliveryPending = "pending"
	DeliverySending = "sending"
	DeliverySent    = "sent"
	DeliveryFailed  = "failed"
	DeliveryMissed  = "missed"
)

func validKind(k string) bool {
	switch k {
	case KindCheckin, KindReminder, KindFeedback, KindFeedbackEnd, KindRematchOffer, KindPauseOffer, KindPartnerGone, KindFitPulse:
		return true
	case KindRenewalAsk, KindRenewalExtended, KindClosingThanks:
		return true
	}
	return IsCircleKind(k)
}

// Delivery is one outbox row with what the sender needs to render it.
type Delivery struct {
	ID          int64      `db:"id"`
	RecipientID int64      `db:"recipient_id"`
	PairingID   int64      `db:"pairing_id"`
	Kind        string     `db:"kind"`
	Slot        time.Time  `db:"slot"`
	State       string     `db:"state"`
	Attempts    int        `db:"attempts"`
	NotBefore   time.Time  `db:"not_before"`
	ClaimedBy   string     `db:"claimed_by"`
	ClaimedAt   *time.Time `db:"claimed_at"`
	ChannelID   string     `db:"channel_id"`
	MessageTS   string     `db:"message_ts"`
	LastError   string     `db:"last_error"`
	CreatedAt   time.Time  `db:"created_at"`
	SentAt      *time.Time `db:"sent_at"`
	PostingAt   *time.Time `db:"posting_at"`

	// Joined: the recipient, the other person of the pairing (empty when
	// PairingID is 0) and, for check-ins and reminders, the check-in row.
	RecipientSlack string `db:"recipient_slack"`
	RecipientName  string `db:"recipient_name"`
	RecipientTZ    string `db:"recipient_tz"`
	OtherSlack     string `db:"other_slack"`
	OtherName      string `db:"other_name"`
	ProgramName    string `db:"program_name"`
	PairingStatus  string `db:"pairing_status"`
	CheckinID      int64  `db:"checkin_id"`
}

// DeliveryKey names a stream of deliveries: one person, one pairing (0 for
// none), one kind. With a slot it is the outbox's unique key.
type DeliveryKey struct {
	RecipientID int64
	PairingID   int64
	Kind        string
}

// NewDelivery is an outbox row to add.
type NewDelivery struct {
	RecipientID int64
	PairingID   int64
	Kind        string
	Slot        time.Time
	// State is DeliveryPending (the default) or DeliveryMissed (recorded
	// only, never sent).
	State string
	// NotBefore is when the row may go out; zero means Slot.
	NotBefore time.Time
	// Note is kept in last_error (why a row was recorded as missed).
	Note string
}

// Validate checks a row before Enqueue adds it; a bad one is ErrInvalid.
func (r NewDelivery) Validate() error {
	if !validKind(r.Kind) || r.Slot.IsZero() || r.RecipientID == 0 {
		return fmt.Errorf("delivery %+v: %w", r, ErrInvalid)
	}
	if r.State != "" && r.State != DeliveryPending && r.State != DeliveryMissed {
		return fmt.Errorf("delivery state %q: %w", r.State, ErrInvalid)
	}
	return nil
}

// ScheduleTarget is one person to nudge about one pairing.
type ScheduleTarget struct {
	PairingID      int64     `db:"pairing_id"`
	PairingStarted time.Time `db:"started_at"`
	// Cadence is the pairing's (the slower of both people's and the
	// program's).
	Cadence       string `db:"cadence"`
	ParticipantID int64  `db:"participant_id"`
	SlackID       string `db:"slack_id"`
	Timezone      string `db:"timezone"`
	// Circle: PairingID names a circle (a lead or member of it is asked).
	Circle bool `db:"-"`
}

// SentFilter picks outbox messages the bot sent to one person.
type SentFilter struct {
	RecipientSlack string
	// Kinds are the delivery kinds wanted; at least one.
	Kinds []string
	// PairingID narrows to one pairing; 0 means any (or none).
	PairingID int64
	// Slot narrows to one slot; zero means any.
	Slot time.Time
}
