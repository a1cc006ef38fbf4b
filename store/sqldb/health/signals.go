package health

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
)

// ClosedCheckin is the SQL condition on check-in c (of a pairing, or of a
// circle: the same columns) "closed without Met": answered Not yet or Need
// help, or sent at or before ignoredBefore (its one argument) and still
// unanswered (ignored).
const ClosedCheckin = `c.sent_at IS NOT NULL AND (c.answer IN ('not_yet', 'need_help') OR (c.answer = '' AND c.sent_at <= ?))`

// epoch stands for "no time" in comparisons with a MAX() that found nothing.
var epoch = time.Unix(0, 0).UTC()

// PairingsNotMeeting lists active pairings not yet found not meeting (see
// MarkNotMeeting; another at-risk reason does not count) in which one
// person has n or more closed check-ins without Met since the pairing's
// last Met (from either person).
func (d *DB) PairingsNotMeeting(ctx context.Context, n int, ignoredBefore time.Time) ([]int64, error) {
	var ids []int64
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &ids, tx.Rebind(`SELECT DISTINCT pairing_id FROM (
			SELECT c.pairing_id, c.participant_id FROM checkins c
			JOIN pairings pa ON pa.id = c.pairing_id AND pa.status = 'active' AND pa.not_meeting_at IS NULL
			WHERE `+ClosedCheckin+`
			AND c.slot > COALESCE((SELECT MAX(m.slot) FROM checkins m WHERE m.pairing_id = c.pairing_id AND m.answer = 'met'), ?)
			GROUP BY c.pairing_id, c.participant_id HAVING COUNT(*) >= ?) x
			ORDER BY pairing_id`), ts(ignoredBefore), epoch, n)
	})
	if err != nil {
		return nil, fmt.Errorf("store: pairings not meeting: %w", err)
	}
	return ids, nil
}

// PairingsAskingHelp lists active pairings not yet at risk in which
// someone answered Need help.
func (d *DB) PairingsAskingHelp(ctx context.Context) ([]int64, error) {
	var ids []int64
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &ids, `SELECT pa.id FROM pairings pa
			WHERE pa.status = 'active' AND pa.at_risk_at IS NULL
			AND EXISTS (SELECT 1 FROM checkins c WHERE c.pairing_id = pa.id AND c.answer = 'need_help')
			ORDER BY pa.id`)
	})
	if err != nil {
		return nil, fmt.Errorf("store: pairings asking help: %w", err)
	}
	return ids, nil
}

// AtRiskPairings lists active pairings flagged at risk.
func (d *DB) AtRiskPairings(ctx context.Context) ([]store.AtRiskPairing, error) {
	var out []store.AtRiskPairing
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &out, `SELECT id, mentor_id, mentee_id, at_risk_reason, at_risk_at FROM pairings
			WHERE status = 'active' AND at_risk_at IS NOT NULL ORDER BY id`)
	})
	if err != nil {
		return nil, fmt.Errorf("store: at-risk pairings: %w", err)
	}
	return out, nil
}

// IgnoreStreaks lists active people whose check-ins went unanswered (sent
// at or before ignoredBefore) in n or more distinct slots since their last
// answer to any check-in.
func (d *DB) IgnoreStreaks(ctx context.Context, n int, ignoredBefore time.Time) ([]store.IgnoreStreak, error) {
	var rows []struct {
		ParticipantID int64     `db:"participant_id"`
		Slot          time.Time `db:"slot"`
	}
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &rows, tx.Rebind(`SELECT c.participant_id, c.slot FROM checkins c
			JOIN participants p ON p.id = c.participant_id AND p.status = 'active' AND p.unreachable_at IS NULL
			WHERE c.answer = '' AND c.sent_at IS NOT NULL AND c.sent_at <= ?
			AND c.slot > COALESCE((SELECT MAX(a.slot) FROM checkins a WHERE a.participant_id = c.participant_id AND a.answer <> ''), ?)
			ORDER BY c.participant_id, c.slot`), ts(ignoredBefore), epoch)
	})
	if err != nil {
		return nil, fmt.Errorf("store: ignore streaks: %w", err)
	}
	var out []store.IgnoreStreak
	for i := 0; i < len(rows); {
		j, distinct := i, 0
		var last time.Time
		found := false
		for ; j < len(rows) && rows[j].ParticipantID == rows[i].ParticipantID; j++ {
			if distinct > 0 && rows[j].Slot.Equal(last) {
				continue
			}
			distinct++
			last = rows[j].Slot
			if distinct == n && !found {
				out = append(out, store.IgnoreStreak{ParticipantID: rows[i].ParticipantID, Slot: last})
				found = true
			}
		}
		i = j
	}
	sort.Slice(out, func(a, b int) bool { return out[a].ParticipantID < out[b].ParticipantID })
	return out, nil
}
