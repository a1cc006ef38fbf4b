package reportsql

import (
	"fmt"
	"math"

	"github.com/mentorbot/mentorbot/store/report"
)

// lifecycle reads the pairing lifecycle's figures (issue 15): pairings
// that ended since, completed (on their end date, or with their program)
// or early; the median days from a pairing's start to its first Met; and
// the meetings held by the pairings that ended since.
func (q reportQuery) lifecycle(raw *report.Raw, _ func(string, bool) *report.Department) error {
	filter := q.scoped(`1 = 1`, `pa.program_id = :pid`)
	lc := &raw.Lifecycle
	if err := q.getInto(&lc.Completed, `SELECT COUNT(*) FROM pairings pa
		WHERE pa.status = 'ended' AND pa.ended_at >= :since AND pa.end_reason IN ('completed', 'program closed') AND `+filter); err != nil {
		return fmt.Errorf("completed pairings: %w", err)
	}

	// Days from start to the first Met answer of either person, over the
	// pairings started since that have one; the median as in pairings.go.
	var med struct {
		N      int     `db:"n"`
		Median float64 `db:"median"`
	}
	// One seek per pairing in checkins_first_met (migration 0060), not a
	// join that reads every Met check-in's row.
	// firsts is MATERIALIZED: inlined, PostgreSQL ran its subquery twice
	// per pairing (once for the IS NOT NULL below).
	if err := q.getInto(&med, `WITH firsts AS MATERIALIZED (
			SELECT pa.started_at, (SELECT MIN(c.answered_at) FROM checkins c
				WHERE c.pairing_id = pa.id AND c.answer = 'met') AS first_met FROM pairings pa
			WHERE pa.started_at >= :since AND `+filter+`),
		d AS MATERIALIZED (SELECT MAX(0, julianday(first_met) - julianday(started_at)) AS days FROM firsts
			WHERE first_met IS NOT NULL),
		n AS (SELECT COUNT(*) AS c FROM d)
		SELECT (SELECT c FROM n) AS n,
			COALESCE((SELECT AVG(days) FROM (SELECT days FROM d ORDER BY days
				LIMIT 2 - (SELECT c FROM n) % 2 OFFSET ((SELECT c FROM n) - 1) / 2) AS middle), 0) AS median`); err != nil {
		return fmt.Errorf("days to first met: %w", err)
	}
	lc.DaysToFirstMet, lc.DaysToFirstMetPairings = med.Median, med.N

	// Meetings held: the distinct weeks (ISO, UTC, of the check-in's slot)
	// in which either person answered Met, per pairing that ended since.
	// From the few ended pairings into checkins_met (CROSS JOIN keeps
	// SQLite from scanning every Met check-in instead), slots as Julian
	// days so no timestamp is parsed per row.
	var mets []struct {
		Pairing int64   `db:"pairing_id"`
		Day     float64 `db:"day"`
	}
	if err := q.selectInto(&mets, `SELECT c.pairing_id, julianday(c.slot) AS day FROM pairings pa
		CROSS JOIN checkins c
		WHERE c.pairing_id = pa.id AND c.answer = 'met' AND pa.status = 'ended' AND pa.ended_at >= :since AND `+filter); err != nil {
		return fmt.Errorf("meetings held: %w", err)
	}
	weeks := make(map[[2]int64]bool, len(mets))
	for _, m := range mets {
		weeks[[2]int64{m.Pairing, isoWeekIndex(m.Day)}] = true
	}
	lc.Meetings = len(weeks)
	return nil
}

// firstISOMonday is 2000-01-03 00:00 UTC, a Monday, as a Julian day.
const firstISOMonday = 2451546.5

// isoWeekIndex numbers the ISO week (Monday to Sunday, UTC) holding the
// Julian day jd: weeks since the one of firstISOMonday. Two slots share an
// index exactly when time.Time.ISOWeek gives them the same year and week.
func isoWeekIndex(jd float64) int64 { return int64(math.Floor((jd - firstISOMonday) / 7)) }
