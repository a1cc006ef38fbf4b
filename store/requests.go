package store

import "time"

// Request is a mentee's request to a mentor from /mentor find.
type Request struct {
	ID          int64      `db:"id"`
	MenteeSlack string     `db:"mentee_slack"`
	MentorSlack string     `db:"mentor_slack"`
	MenteeName  string     `db:"mentee_name"`
	MentorName  string     `db:"mentor_name"`
	Status      string     `db:"status"`
	CreatedAt   time.Time  `db:"created_at"`
	DecidedAt   *time.Time `db:"decided_at"`
}
