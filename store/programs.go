package store

import "time"

// Program is a cohort with its own dates and check-in cadence.
type Program struct {
	ID          int64      `db:"id"`
	Name        string     `db:"name"`
	Description string     `db:"description"`
	StartsOn    string     `db:"starts_on"`
	EndsOn      string     `db:"ends_on"`
	Cadence     string     `db:"cadence"`
	Status      string     `db:"status"`
	CreatedBy   string     `db:"created_by"`
	CreatedAt   time.Time  `db:"created_at"`
	ClosedAt    *time.Time `db:"closed_at"`
	Members     int        `db:"members"`
}

// NewProgram is what an admin fills in to create a program.
type NewProgram struct {
	Name, Description, StartsOn, EndsOn, Cadence, CreatedBy string
}

// ProgramEnd is when a program whose last day is endsOn (YYYY-MM-DD)
// ends: the midnight (UTC) after that day. ok is false for an open-ended
// program or an unreadable date.
func ProgramEnd(endsOn string) (time.Time, bool) {
	d, err := time.Parse("2006-01-02", endsOn)
	if err != nil {
		return time.Time{}, false
	}
	return d.AddDate(0, 0, 1), true
}
