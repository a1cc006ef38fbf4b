package reportsql

import (
	"time"

	"github.com/mentorbot/mentorbot/store"
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
	var risky []struct {
		ID        int64     `db:"id"`
		Name      string    `db:"name"`
		Lead      string    `db:"lead"`
		LeadName  string    `db:"lead_name"`
		StartedAt time.Time `db:"started_at"`
		Flag      string    `db:"at_risk_reason"`
	}
	if err := q.selectInto(&risky, `SELECT ci.id, ci.name, l.slack_id AS lead, l.name AS lead_name, ci.started_at, ci.at_risk_reason
		FROM circles ci JOIN participants l ON l.id = ci.lead_id WHERE ci.status = 'open' AND ci.at_risk_reason <> '' ORDER BY ci.id`); err != nil {
		return err
	}
	for _, r := range risky {
		reasons, flag := circleReasons(r.Flag)
		c.AtRisk = append(c.AtRisk, report.CircleAtRisk{CircleID: r.ID, Name: r.Name, Lead: r.Lead, LeadName: r.LeadName,
			StartedAt: r.StartedAt, Reasons: reasons, Flag: flag})
	}
	raw.Circles = &c
	return nil
}

// circleReasons says a circle's flag (store.Risk*) as the report's reason
// codes; another flag is ReasonFlagged with the flag in words.
func circleReasons(flag string) ([]string, string) {
	switch flag {
	case store.RiskNotMeeting:
		return []string{report.ReasonNotMet}, ""
	case store.RiskNeedHelp:
		return []string{report.ReasonNeedHelp}, ""
	case store.RiskLowRating:
		return []string{report.ReasonLowRating}, ""
	}
	return []string{report.ReasonFlagged}, flag
}
