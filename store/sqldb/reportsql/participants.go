package reportsql

import (
	"fmt"

	"github.com/mentorbot/mentorbot/store/report"
)

// participants counts people by department, and the people who left.
func (q reportQuery) participants(raw *report.Raw, dept func(string, bool) *report.Department) error {
	paired := q.scoped(activeMentee, activeMenteeP)
	// Waiting is who the matcher would tell "you're on the waiting list"
	// (bot.MatchInput, match.eligibleMentee): an active mentee who can be
	// messaged and has no mentor in any program. Without a program that is
	// the scope's own pairing lookup.
	waiting := q.scoped(`NOT paired`, `NOT `+activeMentee)
	var rows []struct {
		Department string `db:"department"`
		People     int    `db:"people"`
		Mentors    int    `db:"mentors"`
		Mentees    int    `db:"mentees"`
		Both       int    `db:"both"`
		Paused     int    `db:"paused"`
		Waiting    int    `db:"waiting"`
		Matched    int    `db:"matched"`
	}
	// The pairing lookup runs once per mentee (CASE is lazy; the
	// materialised CTE keeps it from being repeated per use).
	err := q.selectInto(&rows, `WITH people AS MATERIALIZED (
			SELECT p.id, p.department, p.status, p.role IN ('mentor', 'both') AS mentor, p.role IN ('mentee', 'both') AS mentee,
				p.status = 'active' AND p.unreachable_at IS NULL AS reachable,
				CASE WHEN p.role IN ('mentee', 'both') THEN `+paired+` ELSE 1 = 0 END AS paired
			FROM `+q.scoped(membersAll, membersProgram)+`
			WHERE p.status <> 'left')
		SELECT department, COUNT(*) AS people, COUNT(*) FILTER (WHERE mentor) AS mentors, COUNT(*) FILTER (WHERE mentee) AS mentees,
			COUNT(*) FILTER (WHERE mentor AND mentee) AS both, COUNT(*) FILTER (WHERE status = 'paused') AS paused,
			COUNT(*) FILTER (WHERE CASE WHEN mentee AND reachable THEN `+waiting+` ELSE 1 = 0 END) AS waiting,
			COUNT(*) FILTER (WHERE paired) AS matched
		FROM people p GROUP BY department`)
	if err != nil {
		return fmt.Errorf("participants: %w", err)
	}
	pt := &raw.Participants
	for _, r := range rows {
		d := dept(r.Department, false)
		d.People, d.Mentors, d.Mentees, d.Paused, d.Waiting = r.People, r.Mentors, r.Mentees, r.Paused, r.Waiting
		pt.Total += r.People
		pt.Mentors += r.Mentors
		pt.Mentees += r.Mentees
		pt.Both += r.Both
		pt.Paused += r.Paused
		pt.Waiting += r.Waiting
		pt.Matched += r.Matched
	}
	// Leaving deletes the memberships: a program's leavers are found
	// through its pairings.
	err = q.getInto(&pt.Left, q.scoped(
		`SELECT COUNT(*) FROM participants WHERE status = 'left'`,
		`SELECT COUNT(*) FROM participants WHERE status = 'left' AND id IN (
			SELECT mentor_id FROM pairings WHERE program_id = :pid UNION SELECT mentee_id FROM pairings WHERE program_id = :pid)`))
	if err != nil {
		return fmt.Errorf("people who left: %w", err)
	}
	raw.Former.People = pt.Left
	return nil
}
