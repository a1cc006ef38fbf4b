package reportsql

import (
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store/report"
)

// goals counts the goals of the scope's pairings by their latest status
// (the present, like head counts), and how many pairings have goals; it
// never selects their text. fitAnswers lists every fit answer of the
// scope's pairings, like feedback's ratings (release groups form over a
// program's whole history; :since only marks the window).
func (q reportQuery) goals(raw *report.Raw, _ func(string, bool) *report.Department) error {
	var g struct {
		Set         int `db:"goals_set"`
		Progressing int `db:"progressing"`
		Done        int `db:"done"`
		Pairings    int `db:"pairings"`
	}
	if err := q.getInto(&g, `SELECT COUNT(*) AS goals_set,
		COALESCE(SUM(CASE WHEN g.status = 'progressing' THEN 1 ELSE 0 END), 0) AS progressing,
		COALESCE(SUM(CASE WHEN g.status = 'done' THEN 1 ELSE 0 END), 0) AS done,
		COUNT(DISTINCT g.pairing_id) AS pairings
		FROM goals g JOIN pairings pa ON pa.id = g.pairing_id`+q.scoped(``, ` WHERE pa.program_id = :pid`)); err != nil {
		return fmt.Errorf("goals: %w", err)
	}
	raw.Goals = report.GoalsRaw{Set: g.Set, Progressing: g.Progressing, Done: g.Done, Pairings: g.Pairings}
	named, args, err := sqlx.Named(`SELECT COALESCE(pa.program_id, 0), f.participant_id,
		CASE f.answer WHEN 'good' THEN 3 WHEN 'not_sure' THEN 2 ELSE 1 END, f.answered_at >= :since
		FROM fit_answers f JOIN pairings pa ON pa.id = f.pairing_id`+q.scoped(``, ` WHERE pa.program_id = :pid`)+`
		ORDER BY 1, f.answered_at, f.pairing_id, f.participant_id`, q.params)
	if err != nil {
		return fmt.Errorf("fit answers: %w", err)
	}
	rows, err := q.tx.QueryContext(q.ctx, q.tx.Rebind(named), args...)
	if err != nil {
		return fmt.Errorf("fit answers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r report.Rating
		if err := rows.Scan(&r.Program, &r.Rater, &r.Value, &r.InWindow); err != nil {
			return fmt.Errorf("fit answers: %w", err)
		}
		raw.Fit = append(raw.Fit, r)
	}
	return rows.Err()
}
