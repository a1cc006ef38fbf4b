package reportsql

import (
	"fmt"
	"time"

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
	if err := q.getInto(&med, `WITH firsts AS (
			SELECT pa.id, pa.started_at, MIN(c.answered_at) AS first_met FROM pairings pa
			JOIN checkins c ON c.pairing_id = pa.id AND c.answer = 'met'
			WHERE pa.started_at >= :since AND `+filter+` GROUP BY pa.id, pa.started_at),
		d AS MATERIALIZED (SELECT MAX(0, julianday(first_met) - julianday(started_at)) AS days FROM firsts),
		n AS (SELECT COUNT(*) AS c FROM d)
		SELECT (SELECT c FROM n) AS n,
			COALESCE((SELECT AVG(days) FROM (SELECT days FROM d ORDER BY days
				LIMIT 2 - (SELECT c FROM n) % 2 OFFSET ((SELECT c FROM n) - 1) / 2) AS middle), 0) AS median`); err != nil {
		return fmt.Errorf("days to first met: %w", err)
	}
	lc.DaysToFirstMet, lc.DaysToFirstMetPairings = med.Median, med.N

	// Meetings held: the distinct weeks (ISO, UTC, of the check-in's slot)
	// in which either person answered Met, per pairing that ended since.
	var mets []struct {
		Pairing int64     `db:"pairing_id"`
		Slot    time.Time `db:"slot"`
	}
	if err := q.selectInto(&mets, `SELECT c.pairing_id, c.slot FROM checkins c JOIN pairings pa ON pa.id = c.pairing_id
		WHERE c.answer = 'met' AND pa.status = 'ended' AND pa.ended_at >= :since AND `+filter); err != nil {
		return fmt.Errorf("meetings held: %w", err)
	}
	weeks := map[[3]int64]bool{}
	for _, m := range mets {
		y, w := m.Slot.UTC().ISOWeek()
		weeks[[3]int64{m.Pairing, int64(y), int64(w)}] = true
	}
	lc.Meetings = len(weeks)
	return nil
}
