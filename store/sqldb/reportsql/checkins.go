package reportsql

import (
	"fmt"

	"github.com/mentorbot/mentorbot/store/report"
)

// checkins counts check-ins by the department of the person asked. It
// first folds the check-ins into one row per person (so the join to
// participants touches each person once), then folds people into
// departments; a person with any check-in counts once in People.
func (q reportQuery) checkins(raw *report.Raw, dept func(string, bool) *report.Department) error {
	var rows []struct {
		Department     string `db:"department"`
		Former         bool   `db:"former"`
		Sent           int    `db:"sent"`
		SentPeople     int    `db:"sent_people"`
		Answered       int    `db:"answered"`
		AnsweredPeople int    `db:"answered_people"`
		Met            int    `db:"met"`
		MetPeople      int    `db:"met_people"`
	}
	err := q.selectInto(&rows, `SELECT p.department, p.status = 'left' AS former,
		SUM(x.sent) AS sent, COUNT(*) FILTER (WHERE x.sent > 0) AS sent_people,
		SUM(x.answered) AS answered, COUNT(*) FILTER (WHERE x.answered > 0) AS answered_people,
		SUM(x.met) AS met, COUNT(*) FILTER (WHERE x.met > 0) AS met_people
		FROM (SELECT participant_id, COUNT(*) AS sent,
				COUNT(*) FILTER (WHERE answer <> '') AS answered, COUNT(*) FILTER (WHERE answer = 'met') AS met
			FROM checkins WHERE sent_at IS NOT NULL`+q.sinceSlot()+q.scoped(``, inProgramUnindexed)+`
			GROUP BY participant_id) x
		JOIN participants p ON p.id = x.participant_id
		GROUP BY p.department, former`)
	if err != nil {
		return fmt.Errorf("check-ins: %w", err)
	}
	ci := &raw.CheckIns
	for _, r := range rows {
		d := dept(r.Department, r.Former)
		d.Sent = addCount(d.Sent, r.Sent, r.SentPeople)
		d.Answered = addCount(d.Answered, r.Answered, r.AnsweredPeople)
		d.Met = addCount(d.Met, r.Met, r.MetPeople)
		ci.Sent += r.Sent
		ci.Answered += r.Answered
		ci.Met += r.Met
	}
	return nil
}
