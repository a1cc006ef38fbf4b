package store

import (
	"fmt"
	"time"
)

// Circle statuses.
const (
	CircleOpen   = "open"
	CircleClosed = "closed"
)

// Circle sizes: a circle takes 2 to 12 members besides its lead.
const (
	CircleMinSize = 2
	CircleMaxSize = 12
	// GroupDMMaxUsers is how many people conversations.open takes besides
	// the bot (Slack: "Provide 1 to 8 user IDs"): a circle whose lead and
	// members may outnumber it lives in a private channel instead.
	GroupDMMaxUsers = 8
)

// Circle delivery kinds: the outbox rows of circles. Their PairingID is
// the circle's id (docs/circles.md).
const (
	KindCircleCheckin     = "circle_checkin"
	KindCircleReminder    = "circle_reminder"
	KindCircleFeedback    = "circle_feedback"
	KindCircleFeedbackEnd = "circle_feedback_end"
)

// IsCircleKind reports whether an outbox kind is about a circle.
func IsCircleKind(k string) bool {
	switch k {
	case KindCircleCheckin, KindCircleReminder, KindCircleFeedback, KindCircleFeedbackEnd:
		return true
	}
	return false
}

// CircleUsesPrivateChannel reports whether a circle of this size limit
// needs a private channel: its lead and members can outnumber what a group
// DM holds.
func CircleUsesPrivateChannel(sizeLimit int) bool { return sizeLimit+1 > GroupDMMaxUsers }

// Circle is a mentoring circle with its lead and counts.
type Circle struct {
	ID             int64      `db:"id"`
	Name           string     `db:"name"`
	LeadID         int64      `db:"lead_id"`
	LeadSlack      string     `db:"lead_slack"`
	LeadName       string     `db:"lead_name"`
	Topic          string     `db:"topic"`
	Description    string     `db:"description"`
	SizeLimit      int        `db:"size_limit"`
	SeatCap        *int       `db:"seat_cap"`
	Cadence        string     `db:"cadence"`
	Status         string     `db:"status"`
	PrivateChannel bool       `db:"private_channel"`
	ChannelID      string     `db:"channel_id"`
	CreatedBy      string     `db:"created_by"`
	StartedAt      time.Time  `db:"started_at"`
	ClosedAt       *time.Time `db:"closed_at"`
	CloseReason    string     `db:"close_reason"`
	AtRiskReason   string     `db:"at_risk_reason"`
	AtRiskAt       *time.Time `db:"at_risk_at"`
	Members        int        `db:"members"`
	// FreeSeats is how many more people may join now: the size limit, and
	// the lead's free mentoring capacity when a join would take a seat.
	FreeSeats int `db:"free_seats"`
}

// Seats is how many seats of the lead's capacity the circle takes with n
// members: one per member, at most SeatCap when the admin set one.
func (c Circle) Seats(n int) int {
	if c.SeatCap != nil && *c.SeatCap < n {
		return *c.SeatCap
	}
	return n
}

// NewCircle is what an admin fills in to create a circle.
type NewCircle struct {
	Name, LeadSlack, Topic, Description, Cadence, CreatedBy string
	SizeLimit                                               int
	// SeatCap caps the seats the circle takes of the lead's capacity; nil
	// is one seat per member.
	SeatCap *int
	// Program is the name of the open program the circle belongs to and
	// closes with ("": none).
	Program string
}

// Validate checks a new circle's fields (the form checks them first, with
// friendlier words).
func (n NewCircle) Validate() error {
	switch {
	case n.Name == "" || n.LeadSlack == "":
		return fmt.Errorf("circle without name or lead: %w", ErrInvalid)
	case n.SizeLimit < CircleMinSize || n.SizeLimit > CircleMaxSize:
		return fmt.Errorf("circle size %d: %w", n.SizeLimit, ErrInvalid)
	case n.SeatCap != nil && (*n.SeatCap < 0 || *n.SeatCap > CircleMaxSize):
		return fmt.Errorf("circle seat cap %d: %w", *n.SeatCap, ErrInvalid)
	case n.Cadence != CadenceWeekly && n.Cadence != CadenceBiweekly && n.Cadence != CadenceMonthly:
		return fmt.Errorf("circle cadence %q: %w", n.Cadence, ErrInvalid)
	}
	return nil
}

// CircleMember is one person of a circle, lead or member, with what the
// introduction shows.
type CircleMember struct {
	ParticipantID int64     `db:"participant_id"`
	SlackID       string    `db:"slack_id"`
	Name          string    `db:"name"`
	Goals         string    `db:"goals"`
	Lead          bool      `db:"lead"`
	JoinedAt      time.Time `db:"joined_at"`
}

// CircleJoin is what became of a join.
type CircleJoin struct {
	Circle Circle
	// Members are everyone in the circle after the join, lead first.
	Members []CircleMember
}

// CircleCheckin is one circle check-in with its circle.
type CircleCheckin struct {
	ID            int64      `db:"id"`
	CircleID      int64      `db:"circle_id"`
	ParticipantID int64      `db:"participant_id"`
	Slot          time.Time  `db:"slot"`
	SentAt        *time.Time `db:"sent_at"`
	Answer        string     `db:"answer"`
	AnsweredAt    *time.Time `db:"answered_at"`
	SlackID       string     `db:"slack_id"`
	CircleName    string     `db:"circle_name"`
	CircleStatus  string     `db:"circle_status"`
	// Member is false once the person left the circle.
	Member bool `db:"member"`
}

// CircleAnswer is what became of a click on a circle check-in.
type CircleAnswer struct {
	Recorded      bool
	FlaggedAtRisk bool
	Checkin       CircleCheckin
}

// CircleEnded is a circle that closed, with who was in it.
type CircleEnded struct {
	Circle  Circle
	Members []CircleMember
}

// CircleMessage is an introduction or welcome the bot posted in a
// circle's conversation.
type CircleMessage struct {
	CircleID  int64  `db:"circle_id"`
	ChannelID string `db:"channel_id"`
	TS        string `db:"ts"`
}

// NewCircleFeedback is one person's confidential feedback on a circle,
// answering one prompt (slot).
type NewCircleFeedback struct {
	CircleID int64
	SlackID  string
	Slot     time.Time
	Rating   int
	WentWell string
	ToChange string
}
