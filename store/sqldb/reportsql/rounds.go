package reportsql

import (
	"fmt"
	"time"

	"github.com/mentorbot/mentorbot/store/report"
	"github.com/mentorbot/mentorbot/store/sqldb/roundsql"
)

// rounds counts the networking rounds (migration 0040), company-wide
// whatever the program (roundsql.Counts from :since). A database migrated
// before 0040 has none.
func (q reportQuery) rounds(raw *report.Raw, _ func(string, bool) *report.Department) error {
	var migrated int
	if err := q.getInto(&migrated, `SELECT COUNT(*) FROM schema_migrations WHERE version = 40`); err != nil {
		return fmt.Errorf("rounds: %w", err)
	}
	if migrated == 0 {
		return nil
	}
	since, _ := q.params["since"].(time.Time)
	c, err := roundsql.Counts(q.ctx, q.tx, since)
	if err != nil {
		return err
	}
	raw.Rounds = report.RoundsRaw{Series: c.Series, Rounds: c.Rounds, People: c.People, Groups: c.Groups,
		CrossGroups: c.CrossGroups, Answers: c.Answers, Met: c.Met}
	return nil
}
