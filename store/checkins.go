package store

import "time"

// Check-in answers as stored.
const (
	AnswerMet      = "met"
	AnswerNotYet   = "not_yet"
	AnswerNeedHelp = "need_help"
)

// At-risk reasons the health rules record.
const (
	RiskNotMeeting  = "not met for 3 check-ins"
	RiskNeedHelp    = "asked for help"
	RiskLowRating   = "rated 2 or less"
	RiskUnreachable = "a person cannot be messaged"
)

// Checkin is one DM to one person about one pairing in one slot, with the
// pairing's people.
type Checkin struct {
	ID               int64      `db:"id"`
	PairingID        int64      `db:"pairing_id"`
	ParticipantID    int64      `db:"participant_id"`
	Slot             time.Time  `db:"slot"`
	SentAt           *time.Time `db:"sent_at"`
	Answer           string     `db:"answer"`
	AnsweredAt       *time.Time `db:"answered_at"`
	RemindedAt       *time.Time `db:"reminded_at"`
	ParticipantSlack string     `db:"participant_slack"`
	PairingStatus    string     `db:"pairing_status"`
	MentorSlack      string     `db:"mentor_slack"`
	MenteeSlack      string     `db:"mentee_slack"`
	MentorName       string     `db:"mentor_name"`
	MenteeName       string     `db:"mentee_name"`
	ProgramName      string     `db:"program_name"`
}

// CheckinAnswer is what became of a click on a check-in button.
type CheckinAnswer struct {
	// Recorded is true when this click stored the answer.
	Recorded bool
	// Closed is true when the check-in no longer takes answers: answered
	// before (the first answer wins) or its pairing ended.
	Closed bool
	// PairingEnded is true when the pairing is over.
	PairingEnded bool
	// FlaggedAtRisk is true when this answer (Need help) newly put the
	// pairing at risk.
	FlaggedAtRisk bool
	// Checkin is the check-in after the click; Answer is the stored one.
	Checkin Checkin
}

// DueReminder is a sent check-in still unanswered.
type DueReminder struct {
	CheckinID     int64     `db:"id"`
	PairingID     int64     `db:"pairing_id"`
	ParticipantID int64     `db:"participant_id"`
	Slot          time.Time `db:"slot"`
	SentAt        time.Time `db:"sent_at"`
}

// AtRiskPairing is an active pairing flagged at risk.
type AtRiskPairing struct {
	PairingID int64     `db:"id"`
	MentorID  int64     `db:"mentor_id"`
	MenteeID  int64     `db:"mentee_id"`
	Reason    string    `db:"at_risk_reason"`
	AtRiskAt  time.Time `db:"at_risk_at"`
}

// IgnoreStreak is an active person who ignored check-ins in n slots in a
// row. Slot is the n-th of those slots: it names the streak, so one streak
// gives one pause offer however long it lasts.
type IgnoreStreak struct {
	ParticipantID int64
	Slot          time.Time
}
