package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
)

const checkinSelect = `SELECT c.*, p.slack_id AS participant_slack, pa.status AS pairing_status,
	mr.slack_id AS mentor_slack, me.slack_id AS mentee_slack, mr.name AS mentor_name, me.name AS mentee_name,
	COALESCE(pr.name, '') AS program_name
	FROM checkins c
	JOIN participants p ON p.id = c.participant_id
	JOIN pairings pa ON pa.id = c.pairing_id
	JOIN participants mr ON mr.id = pa.mentor_id
	JOIN participants me ON me.id = pa.mentee_id
	LEFT JOIN programs pr ON pr.id = pa.program_id`

// CheckinByID returns one check-in.
func (d *DB) CheckinByID(ctx context.Context, id int64) (store.Checkin, error) {
	var c store.Checkin
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		var err error
		c, err = checkinByID(ctx, tx, id)
		return err
	})
	return c, err
}

func checkinByID(ctx context.Context, tx *sqlx.Tx, id int64) (store.Checkin, error) {
	var c store.Checkin
	err := tx.GetContext(ctx, &c, tx.Rebind(checkinSelect+` WHERE c.id = ?`), id)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("check-in %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return c, fmt.Errorf("store: check-in: %w", err)
	}
	return c, nil
}

// AnswerCheckin stores slackID's answer to their check-in, once: the first
// answer wins, later clicks (a second button, Slack's redelivery, the
// reminder's buttons) change nothing and report Closed. A check-in that is
// not slackID's is ErrNotFound, a bad answer ErrInvalid. Need help puts the
// pairing at risk in the same transaction.
func (d *DB) AnswerCheckin(ctx context.Context, checkinID int64, slackID, answer string) (store.CheckinAnswer, error) {
	if answer != store.AnswerMet && answer != store.AnswerNotYet && answer != store.AnswerNeedHelp {
		return store.CheckinAnswer{}, fmt.Errorf("answer %q: %w", answer, store.ErrInvalid)
	}
	var out store.CheckinAnswer
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		out = store.CheckinAnswer{} // a retried attempt starts afresh
		c, err := checkinByID(ctx, tx, checkinID)
		if err != nil {
			return err
		}
		if c.ParticipantSlack != slackID {
			return fmt.Errorf("check-in %d of %s: %w", checkinID, slackID, store.ErrNotFound)
		}
		now := d.Now()
		switch {
		case c.PairingStatus != "active":
			out.PairingEnded, out.Closed = true, true
		case c.Answer != "":
			out.Closed = true
		default:
			res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE checkins SET answer = ?, answered_at = ? WHERE id = ? AND answer = ''`), answer, now, checkinID)
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			out.Recorded = n > 0
			out.Closed = n == 0
			if out.Recorded && answer == store.AnswerNeedHelp {
				res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE pairings SET at_risk_reason = ?, at_risk_at = ?
					WHERE id = ? AND at_risk_at IS NULL AND status = 'active'`), store.RiskNeedHelp, now, c.PairingID)
				if err != nil {
					return err
				}
				n, _ := res.RowsAffected()
				out.FlaggedAtRisk = n > 0
			}
		}
		out.Checkin, err = checkinByID(ctx, tx, checkinID)
		return err
	})
	if err != nil {
		return store.CheckinAnswer{}, fmt.Errorf("store: answer check-in: %w", err)
	}
	return out, nil
}

// DueReminders lists check-ins sent at or before sentBefore, unanswered,
// not reminded, with no reminder in the outbox yet, whose pairing is still
// active, and that no newer check-in of the same pairing has overtaken.
func (d *DB) DueReminders(ctx context.Context, sentBefore time.Time) ([]store.DueReminder, error) {
	var out []store.DueReminder
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &out, tx.Rebind(`SELECT c.id, c.pairing_id, c.participant_id, c.slot, c.sent_at
			FROM checkins c JOIN pairings pa ON pa.id = c.pairing_id AND pa.status = 'active'
			WHERE c.answer = '' AND c.sent_at IS NOT NULL AND c.sent_at <= ? AND c.reminded_at IS NULL
			AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.recipient_id = c.participant_id AND d.pairing_id = c.pairing_id
				AND d.kind = 'reminder' AND d.slot = c.slot)
			AND NOT EXISTS (SELECT 1 FROM checkins n WHERE n.pairing_id = c.pairing_id AND n.participant_id = c.participant_id
				AND n.slot > c.slot AND n.sent_at IS NOT NULL)
			ORDER BY c.sent_at, c.id`), ts(sentBefore))
	})
	if err != nil {
		return nil, fmt.Errorf("store: due reminders: %w", err)
	}
	return out, nil
}

// A check-in is closed when it was answered, or when it was sent at or
// before ignoredBefore and is still unanswered (ignored).
const closedCheckin = `c.sent_at IS NOT NULL AND (c.answer IN ('not_yet', 'need_help') OR (c.answer = '' AND c.sent_at <= ?))`

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
			WHERE `+closedCheckin+`
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
