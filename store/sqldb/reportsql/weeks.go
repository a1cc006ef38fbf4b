package reportsql

import (
	"fmt"
	"time"

	"github.com/mentorbot/mentorbot/store/report"
)

// weeks counts check-ins by ISO week of their slot (UTC), with the number
// of distinct people behind each figure.
//
// Counts stream out of the checkins_report_slot index grouped by slot and
// are folded into weeks. Distinct people per week are not additive across
// slots, so they are bounded from below, as cheaply as will do: exact
// counts matter only under report.MaxMinGroup, where they can decide
// suppression. Three tiers, each run only for weeks the previous one left
// under that line:
//
//  1. per slot, count / K, where K bounds the pairings of any one person
//     (one check-in per pairing, person and slot): free;
//  2. per slot, distinct recipients r, and r − (sent − answered) people who
//     answered (a person with no answer has an unanswered check-in), the
//     same for met: one more pass, cheap in slot order;
//  3. an exact count over that week alone.
//
// A big program with one slot a week stops at tier 1; one spread over
// timezones at tier 2; a small one reaches tier 3, over few rows.
func (q reportQuery) weeks(raw *report.Raw, _ func(string, bool) *report.Department) error {
	slots, err := q.slotCounts(false)
	if err != nil {
		return err
	}
	k, err := q.maxPairingsPerPerson()
	if err != nil {
		return err
	}
	perPair := func(n int) int { return (n + k - 1) / k }
	for _, s := range slots {
		start := weekStart(s.Slot)
		if n := len(raw.Weeks); n == 0 || !raw.Weeks[n-1].Start.Equal(start) {
			raw.Weeks = append(raw.Weeks, report.Week{Start: start})
		}
		w := &raw.Weeks[len(raw.Weeks)-1]
		w.Sent.Value += s.Sent
		w.Answered.Value += s.Answered
		w.Met.Value += s.Met
		w.Sent.People = max(w.Sent.People, perPair(s.Sent))
		w.Answered.People = max(w.Answered.People, perPair(s.Answered))
		w.Met.People = max(w.Met.People, perPair(s.Met))
	}
	if !q.weeksBelow(raw.Weeks) {
		return nil
	}
	if slots, err = q.slotCounts(true); err != nil {
		return err
	}
	byWeek := map[time.Time]*report.Week{}
	for i := range raw.Weeks {
		byWeek[raw.Weeks[i].Start] = &raw.Weeks[i]
	}
	for _, s := range slots {
		w := byWeek[weekStart(s.Slot)]
		w.Sent.People = max(w.Sent.People, s.Recipients)
		w.Answered.People = max(w.Answered.People, s.Recipients-(s.Sent-s.Answered))
		w.Met.People = max(w.Met.People, s.Recipients-(s.Sent-s.Met))
	}
	for i := range raw.Weeks {
		if w := &raw.Weeks[i]; q.weeksBelow(raw.Weeks[i : i+1]) {
			if err := q.exactWeek(w); err != nil {
				return err
			}
		}
	}
	return nil
}

// slotCount is one slot's check-ins.
type slotCount struct {
	Slot       time.Time `db:"slot"`
	Sent       int       `db:"sent"`
	Recipients int       `db:"recipients"`
	Answered   int       `db:"answered"`
	Met        int       `db:"met"`
}

// slotCounts groups the check-ins by slot, in slot order; with recipients,
// it also counts distinct people per slot.
func (q reportQuery) slotCounts(recipients bool) ([]slotCount, error) {
	r := `0`
	if recipients {
		r = `COUNT(DISTINCT participant_id)`
	}
	var slots []slotCount
	err := q.selectInto(&slots, `SELECT slot, COUNT(*) AS sent, `+r+` AS recipients,
		COUNT(*) FILTER (WHERE answer <> '') AS answered, COUNT(*) FILTER (WHERE answer = 'met') AS met
		FROM checkins WHERE sent_at IS NOT NULL AND slot >= :since`+q.scoped(``, inProgramUnindexed)+`
		GROUP BY slot ORDER BY slot`)
	if err != nil {
		return nil, fmt.Errorf("check-ins by slot: %w", err)
	}
	return slots, nil
}

// maxPairingsPerPerson bounds how many check-ins one person can get in one
// slot: the most pairings anyone mentors plus the most anyone is mentee in.
func (q reportQuery) maxPairingsPerPerson() (int, error) {
	filter := q.scoped(``, ` WHERE program_id = :pid`)
	var k int
	err := q.getInto(&k, `SELECT COALESCE((SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM pairings`+filter+` GROUP BY mentor_id) AS per_mentor), 0)
		+ COALESCE((SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM pairings`+filter+` GROUP BY mentee_id) AS per_mentee), 0)`)
	if err != nil {
		return 0, fmt.Errorf("pairings per person: %w", err)
	}
	return max(k, 1), nil
}

// weeksBelow tells whether any week has a people bound that could still
// decide suppression.
func (q reportQuery) weeksBelow(weeks []report.Week) bool {
	for _, w := range weeks {
		if min(w.Sent.People, w.Answered.People, w.Met.People) < q.exactBelow {
			return true
		}
	}
	return false
}

// exactWeek counts the distinct people of one week.
func (q reportQuery) exactWeek(w *report.Week) error {
	q.params["week_start"], q.params["week_end"] = w.Start.UTC(), w.Start.AddDate(0, 0, 7).UTC()
	var exact struct {
		Sent     int `db:"sent"`
		Answered int `db:"answered"`
		Met      int `db:"met"`
	}
	err := q.getInto(&exact, `SELECT COUNT(DISTINCT participant_id) AS sent,
		COUNT(DISTINCT CASE WHEN answer <> '' THEN participant_id END) AS answered,
		COUNT(DISTINCT CASE WHEN answer = 'met' THEN participant_id END) AS met
		FROM checkins WHERE sent_at IS NOT NULL AND slot >= :week_start AND slot < :week_end AND slot >= :since`+q.scoped(``, inProgramUnindexed))
	if err != nil {
		return fmt.Errorf("check-in people of week %s: %w", w.Start.Format(time.DateOnly), err)
	}
	w.Sent.People, w.Answered.People, w.Met.People = exact.Sent, exact.Answered, exact.Met
	return nil
}

// weekStart is the Monday 00:00 UTC of t's ISO week.
func weekStart(t time.Time) time.Time {
	t = t.UTC()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return day.AddDate(0, 0, -(int(day.Weekday())+6)%7)
}
