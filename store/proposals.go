package store

import "time"

// ProposedPair is one pair of a matching preview.
type ProposedPair struct {
	MentorSlack string   `json:"mentor"`
	MenteeSlack string   `json:"mentee"`
	Score       float64  `json:"score"`
	Reasons     []string `json:"reasons"`
}

// Proposal is a stored matching preview waiting for Confirm or Cancel.
type Proposal struct {
	ID          int64      `db:"id"`
	ProgramID   *int64     `db:"program_id"`
	AdminID     string     `db:"admin_id"`
	Fingerprint string     `db:"fingerprint"`
	Body        string     `db:"body"`
	Status      string     `db:"status"`
	CreatedAt   time.Time  `db:"created_at"`
	DecidedAt   *time.Time `db:"decided_at"`
}
