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
	// DMChannel and DMTS are the request DM the mentor got ("" until sent).
	DMChannel string `db:"dm_channel"`
	DMTS      string `db:"dm_ts"`
}

// Request statuses.
const (
	RequestPending  = "pending"
	RequestAccepted = "accepted"
	RequestDeclined = "declined"
	// RequestWithdrawn: another mentor accepted the mentee first.
	RequestWithdrawn = "withdrawn"
)

// Accepted is an accepted request: the pairing it made, and the mentee's
// other pending requests it withdrew (their DMs to update).
type Accepted struct {
	Pairing   Pairing
	Withdrawn []Request
}
