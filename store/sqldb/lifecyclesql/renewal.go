package lifecyclesql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
)

// AnswerRenewal records slackID's answer to the renewal ask of a pairing
// (the first answer counts). When it is the second "continue", the pairing
// is extended once by length from its end date and both people's
// extension notice is written to the outbox, in the same transaction: of
// two concurrent answers exactly one extends. An answer after the end
// date, after an extension or on an ended pairing changes nothing
// (Closed). ErrNotFound: no such pairing with slackID in it.
func (s *Store) AnswerRenewal(ctx context.Context, pairingID int64, slackID, answer string, length time.Duration) (out store.RenewalResult, err error) {
	if answer != store.RenewalContinue && answer != store.RenewalWrapUp {
		return out, fmt.Errorf("renewal answer %q: %w", answer, store.ErrInvalid)
	}
	now := s.db.Now()
	err = s.db.Write(ctx, func(tx *sqlx.Tx) error {
		out = store.RenewalResult{}
		var pa struct {
			MentorID   int64      `db:"mentor_id"`
			MenteeID   int64      `db:"mentee_id"`
			Status     string     `db:"status"`
			EndsAt     *time.Time `db:"ends_at"`
			ExtendedAt *time.Time `db:"extended_at"`
			Me         int64      `db:"me"`
		}
		err := tx.GetContext(ctx, &pa, tx.Rebind(`SELECT pa.mentor_id, pa.mentee_id, pa.status, pa.ends_at, pa.extended_at, p.id AS me
			FROM pairings pa JOIN participants p ON p.id IN (pa.mentor_id, pa.mentee_id) AND p.slack_id = ?
			WHERE pa.id = ?`), slackID, pairingID)
		if errors.Is(err, sql.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return err
		}
		if pa.EndsAt != nil {
			out.EndsAt = *pa.EndsAt
		}
		if err := tx.GetContext(ctx, &out.Previous, tx.Rebind(`SELECT COALESCE(MAX(answer), '') FROM renewal_answers
			WHERE pairing_id = ? AND participant_id = ?`), pairingID, pa.Me); err != nil {
			return err
		}
		if pa.Status != "active" || pa.EndsAt == nil || pa.ExtendedAt != nil || !now.Before(*pa.EndsAt) {
			out.Closed = true
			return nil
		}
		if out.Previous != "" {
			return nil
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO renewal_answers (pairing_id, participant_id, answer, answered_at)
			VALUES (?, ?, ?, ?)`), pairingID, pa.Me, answer, now.UTC()); err != nil {
			return err
		}
		out.Recorded = true
		var continuing int
		if err := tx.GetContext(ctx, &continuing, tx.Rebind(`SELECT COUNT(*) FROM renewal_answers
			WHERE pairing_id = ? AND answer = 'continue' AND participant_id IN (?, ?)`), pairingID, pa.MentorID, pa.MenteeID); err != nil {
			return err
		}
		if continuing < 2 {
			return nil
		}
		oldEnd := ts(*pa.EndsAt)
		newEnd := ts(oldEnd.Add(length))
		res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE pairings SET ends_at = ?, extended_at = ? WHERE id = ? AND extended_at IS NULL AND status = 'active'`),
			newEnd, now.UTC(), pairingID)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return nil
		}
		out.Extended, out.EndsAt = true, newEnd
		// Slot: the end date it replaced (one extension, one key); due now.
		return enqueue(ctx, tx, []int64{pa.MentorID, pa.MenteeID}, pairingID, store.KindRenewalExtended, oldEnd, now, now, 0)
	})
	if err != nil {
		return store.RenewalResult{}, fmt.Errorf("store: renewal answer: %w", err)
	}
	return out, nil
}

// PairingTerm reads a pairing's end date and whether it was extended.
func (s *Store) PairingTerm(ctx context.Context, pairingID int64) (out store.Term, err error) {
	err = s.db.Read(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &out, tx.Rebind(`SELECT id, status, started_at, ends_at, extended_at FROM pairings WHERE id = ?`), pairingID)
		if errors.Is(err, sql.ErrNoRows) {
			return store.ErrNotFound
		}
		return err
	})
	if err != nil {
		return store.Term{}, fmt.Errorf("store: pairing term %d: %w", pairingID, err)
	}
	return out, nil
}

// MetWeeks counts the meetings slackID reported in a pairing: the distinct
// weeks (ISO weeks of the check-in's slot, UTC) in which they answered Met.
// Only their own answers count: the recap never tells one person what the
// other answered.
func (s *Store) MetWeeks(ctx context.Context, pairingID int64, slackID string) (int, error) {
	var slots []time.Time
	err := s.db.Read(ctx, func(tx *sqlx.Tx) error {
		slots = nil
		return tx.SelectContext(ctx, &slots, tx.Rebind(`SELECT c.slot FROM checkins c JOIN participants p ON p.id = c.participant_id
			WHERE c.pairing_id = ? AND p.slack_id = ? AND c.answer = 'met'`), pairingID, slackID)
	})
	if err != nil {
		return 0, fmt.Errorf("store: met weeks of pairing %d: %w", pairingID, err)
	}
	return DistinctWeeks(slots), nil
}

// DistinctWeeks counts the distinct ISO weeks (UTC) of slots.
func DistinctWeeks(slots []time.Time) int {
	seen := map[[2]int]bool{}
	for _, t := range slots {
		y, w := t.UTC().ISOWeek()
		seen[[2]int{y, w}] = true
	}
	return len(seen)
}
