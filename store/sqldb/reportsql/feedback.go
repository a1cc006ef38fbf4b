package reportsql

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store/report"
)

// feedback lists every rating of the scope's pairings, whatever :since,
// in the order they were given within each program: the release rule
// (store/report/release.go) forms its groups over a program's whole
// history and publishes only whole groups, so :since only marks which
// ratings fall in the window. It never selects the text columns. One row
// per rating, scanned without reflection (a big company has 100,000). The
// ratings come in the order given from the feedback_release index (no
// sort in the database), and are grouped by program here, keeping that
// order within each.
func (q reportQuery) feedback(raw *report.Raw, _ func(string, bool) *report.Department) error {
	named, args, err := sqlx.Named(`SELECT COALESCE(pa.program_id, 0), f.participant_id, f.rating, f.created_at >= :since
		FROM feedback f JOIN pairings pa ON pa.id = f.pairing_id`+q.scoped(``, ` WHERE pa.program_id = :pid`)+`
		ORDER BY f.created_at, f.id`, q.params)
	if err != nil {
		return fmt.Errorf("feedback: %w", err)
	}
	rows, err := q.tx.QueryContext(q.ctx, q.tx.Rebind(named), args...)
	if err != nil {
		return fmt.Errorf("feedback: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r report.Rating
		if err := rows.Scan(&r.Program, &r.Rater, &r.Value, &r.InWindow); err != nil {
			return fmt.Errorf("feedback: %w", err)
		}
		raw.Feedback = append(raw.Feedback, r)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("feedback: %w", err)
	}
	slices.SortStableFunc(raw.Feedback, func(a, b report.Rating) int { return cmp.Compare(a.Program, b.Program) })
	return nil
}
