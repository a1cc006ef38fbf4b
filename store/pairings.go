package store

import "time"

// Pairing sources.
const (
	SourceManual  = "manual"
	SourceMatch   = "match"
	SourceRequest = "request"
)

// Pairing is a mentor–mentee relationship, active or ended.
type Pairing struct {
	ID           int64      `db:"id"`
	ProgramID    *int64     `db:"program_id"`
	ProgramName  string     `db:"program_name"`
	MentorID     int64      `db:"mentor_id"`
	MenteeID     int64      `db:"mentee_id"`
	MentorSlack  string     `db:"mentor_slack"`
	MenteeSlack  string     `db:"mentee_slack"`
	MentorName   string     `db:"mentor_name"`
	MenteeName   string     `db:"mentee_name"`
	Status       string     `db:"status"`
	Source       string     `db:"source"`
	Score        float64    `db:"score"`
	Reasons      string     `db:"reasons"`
	ChannelID    string     `db:"channel_id"`
	StartedAt    time.Time  `db:"started_at"`
	EndedAt      *time.Time `db:"ended_at"`
	EndReason    string     `db:"end_reason"`
	AtRiskReason string     `db:"at_risk_reason"`
	AtRiskAt     *time.Time `db:"at_risk_at"`
	Cadence      string     `db:"cadence"`
	// EndsAt: the end of its term (the lifecycle sets it; nil until then).
	EndsAt *time.Time `db:"ends_at"`
}

// Other returns the Slack ID and name of the person paired with slackID.
func (p Pairing) Other(slackID string) (id, name string) {
	if p.MentorSlack == slackID {
		return p.MenteeSlack, p.MenteeName
	}
	return p.MentorSlack, p.MentorName
}

// NewPairing describes a pairing to create.
type NewPairing struct {
	MentorSlack, MenteeSlack string
	Program                  string // optional program name
	Source                   string
	Score                    float64
	Reasons                  string
	// AllowRepeat lets an admin pair two people who were paired before.
	AllowRepeat bool
}
