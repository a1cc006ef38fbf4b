package reportsql

import (
	"github.com/mentorbot/mentorbot/store/report"
)

// circles counts mentoring circles (all programs only: a circle belongs
// to no program, so a program's report has none; nor has a report of a
// database that never had a circle).
func (q reportQuery) circles(raw *report.Raw, _ func(string, bool) *report.Department) error {
	if q.program {
		return nil
	}
	var ever int
	if err := q.getInto(&ever, `SELECT COUNT(*) FROM circles`); err != nil || ever == 0 {
		return err
	}
	var c report.CircleCounts
	started := `COUNT(*)`
	if q.since {
		started = `SUM(CASE WHEN started_at >= :since THEN 1 ELSE 0 END)`
	}
	var heads struct {
		Active  int `db:"active"`
		Members int `db:"members"`
		Started int `db:"started"`
	}
	if err := q.getInto(&heads, `SELECT
		COALESCE(SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END), 0) AS active,
		(SELECT COUNT(*) FROM circle_members m JOIN circles x ON x.id = m.circle_id WHERE x.status = 'open' AND m.left_at IS NULL) AS members,
		COALESCE(`+started+`, 0) AS started
		FROM circles`); err != nil {
		return err
	}
	c.Active, c.Members, c.Started = heads.Active, heads.Members, heads.Started
	var ck struct {
		Sent      int `db:"sent"`
		Answered  int `db:"answered"`
		Met       int `db:"met"`
		Answerers int `db:"answerers"`
	}
	if err := q.getInto(&ck, `SELECT COUNT(*) AS sent,
		COALESCE(SUM(CASE WHEN answer <> '' THEN 1 ELSE 0 END), 0) AS answered,
		COALESCE(SUM(CASE WHEN answer = 'met' THEN 1 ELSE 0 END), 0) AS met,
		COUNT(DISTINCT CASE WHEN answer <> '' THEN participant_id END) AS answerers
		FROM circle_checkins WHERE sent_at IS NOT NULL`+q.sinceSlot()); err != nil {
		return err
	}
	c.Sent, c.Answered, c.Met, c.Answerers = ck.Sent, ck.Answered, ck.Met, ck.Answerers
	raw.Circles = &c
	return nil
}
