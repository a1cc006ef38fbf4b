package reportsql

import (
	"fmt"

	"github.com/mentorbot/mentorbot/store/report"
)

// rounds counts the networking rounds (migration 0040), company-wide
// whatever the program: series running now; the rounds with a slot from
// :since, their people, groups, groups across departments and "Did you
// meet?" answers. A database migrated before 0040 has none.
func (q reportQuery) rounds(raw *report.Raw, _ func(string, bool) *report.Department) error {
	var migrated int
	if err := q.getInto(&migrated, `SELECT COUNT(*) FROM schema_migrations WHERE version = 40`); err != nil {
		return fmt.Errorf("rounds: %w", err)
	}
	if migrated == 0 {
		return nil
	}
	var f struct {
		Series      int `db:"series"`
		Rounds      int `db:"rounds"`
		People      int `db:"people"`
		Groups      int `db:"groups"`
		CrossGroups int `db:"cross_groups"`
		Answers     int `db:"answers"`
		Met         int `db:"met"`
	}
	if err := q.getInto(&f, `SELECT
		(SELECT COUNT(*) FROM round_series WHERE status = 'active') AS series,
		(SELECT COUNT(*) FROM rounds WHERE slot >= :since) AS rounds,
		(SELECT COALESCE(SUM(people), 0) FROM rounds WHERE slot >= :since) AS people,
		(SELECT COUNT(*) FROM round_groups g JOIN rounds r ON r.id = g.round_id WHERE r.slot >= :since) AS groups,
		(SELECT COUNT(*) FROM round_groups g JOIN rounds r ON r.id = g.round_id WHERE r.slot >= :since AND g.cross_dept = 1) AS cross_groups,
		(SELECT COUNT(*) FROM round_group_members gm JOIN round_groups g ON g.id = gm.group_id JOIN rounds r ON r.id = g.round_id
			WHERE r.slot >= :since AND gm.answer <> '') AS answers,
		(SELECT COUNT(*) FROM round_group_members gm JOIN round_groups g ON g.id = gm.group_id JOIN rounds r ON r.id = g.round_id
			WHERE r.slot >= :since AND gm.answer = 'met') AS met`); err != nil {
		return fmt.Errorf("rounds: %w", err)
	}
	raw.Rounds = report.RoundsRaw{Series: f.Series, Rounds: f.Rounds, People: f.People, Groups: f.Groups,
		CrossGroups: f.CrossGroups, Answers: f.Answers, Met: f.Met}
	return nil
}
