package reportsql

import (
	"fmt"

	"github.com/mentorbot/mentorbot/store/report"
)

// pairings counts pairings, the active ones by the mentee's department, and
// the median time to match.
func (q reportQuery) pairings(raw *report.Raw, dept func(string, bool) *report.Department) error {
	filter := q.scoped(`1 = 1`, `pa.program_id = :pid`)
	pr := &raw.Pairings
	var totals struct {
		Active  int `db:"active"`
		Ended   int `db:"ended"`
		Started int `db:"started"`
	}
	if err := q.getInto(&totals, `SELECT COUNT(*) FILTER (WHERE pa.status = 'active') AS active,
		COUNT(*) FILTER (WHERE pa.status = 'ended' AND pa.ended_at >= :since) AS ended,
		COUNT(*) FILTER (WHERE pa.started_at >= :since) AS started
		FROM pairings pa WHERE `+filter); err != nil {
		return fmt.Errorf("pairings: %w", err)
	}
	pr.Active, pr.Ended, pr.Started = totals.Active, totals.Ended, totals.Started

	var rows []struct {
		Department string `db:"department"`
		Pairings   int    `db:"pairings"`
		Mentees    int    `db:"mentees"`
	}
	if err := q.selectInto(&rows, `SELECT me.department, COUNT(*) AS pairings, COUNT(DISTINCT pa.mentee_id) AS mentees
		FROM pairings pa JOIN participants me ON me.id = pa.mentee_id
		WHERE pa.status = 'active' AND me.status <> 'left' AND `+filter+`
		GROUP BY me.department`); err != nil {
		return fmt.Errorf("pairings by department: %w", err)
	}
	for _, r := range rows {
		dept(r.Department, false).Pairings = report.Count{Value: r.Pairings, People: r.Mentees}
	}

	// Days from sign-up (or joining the program) to the mentee's first
	// pairing, never below 0; the median is the middle one or the mean of
	// the two middle ones, picked in SQL with LIMIT/OFFSET. CASE rather than
	// the two-argument max: PostgreSQL's max(a, b) (migration 0001) is a
	// SQL function called per row, half this query's time.
	signup := q.scoped(`p.created_at`, `COALESCE(m.joined_at, p.created_at)`)
	join := q.scoped(``, `LEFT JOIN program_members m ON m.participant_id = p.id AND m.program_id = :pid`)
	var med struct {
		N      int     `db:"n"`
		Median float64 `db:"median"`
	}
	if err := q.getInto(&med, `WITH firsts AS (
			SELECT pa.mentee_id, MIN(pa.started_at) AS first_at FROM pairings pa WHERE `+filter+` GROUP BY pa.mentee_id),
		d AS MATERIALIZED (
			SELECT CASE WHEN julianday(f.first_at) > julianday(`+signup+`) THEN julianday(f.first_at) - julianday(`+signup+`) ELSE 0 END AS days
			FROM firsts f JOIN participants p ON p.id = f.mentee_id `+join+`
			WHERE f.first_at >= :since),
		n AS (SELECT COUNT(*) AS c FROM d)
		SELECT (SELECT c FROM n) AS n,
			COALESCE((SELECT AVG(days) FROM (SELECT days FROM d ORDER BY days
				LIMIT 2 - (SELECT c FROM n) % 2 OFFSET ((SELECT c FROM n) - 1) / 2) AS middle), 0) AS median`); err != nil {
		return fmt.Errorf("time to match: %w", err)
	}
	pr.DaysToMatch, pr.DaysToMatchMentees = med.Median, med.N
	return nil
}
