// Package feedbacksql stores the feedback answers (ratings and their
// confidential text); it runs in the store's transactions through Handle.
package feedbacksql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
)

// Handle lends the store's transactions and clock.
type Handle interface {
	Write(ctx context.Context, fn func(tx *sqlx.Tx) error) error
	Read(ctx context.Context, fn func(tx *sqlx.Tx) error) error
	Now() time.Time
}

// DB is the feedback side of the store, embedded in sqldb.DB.
type DB struct{ h Handle }

// New returns the feedback queries over h.
func New(h Handle) *DB { return &DB{h: h} }

func ts(t time.Time) time.Time { return t.UTC() }

// SaveFeedback stores f once per (pairing, person, slot): a second
// submission for the same prompt changes nothing and returns false. The
// person must belong to the pairing (ErrNotFound otherwise); feedback on an
// ended pairing is accepted (the end-of-pairing prompt asks for it). A
// rating of 2 or less puts an active pairing at risk in the same
// transaction.
func (d *DB) SaveFeedback(ctx context.Context, f store.NewFeedback) (recorded bool, err error) {
	if err := f.Validate(); err != nil {
		return false, err
	}
	err = d.h.Write(ctx, func(tx *sqlx.Tx) error {
		var who int64
		err := tx.GetContext(ctx, &who, tx.Rebind(`SELECT p.id FROM pairings pa JOIN participants p ON p.id IN (pa.mentor_id, pa.mentee_id)
			WHERE pa.id = ? AND p.slack_id = ? AND p.status <> 'left'`), f.PairingID, f.SlackID)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("pairing %d of %s: %w", f.PairingID, f.SlackID, store.ErrNotFound)
		}
		if err != nil {
			return err
		}
		now := d.h.Now()
		res, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO feedback (pairing_id, participant_id, slot, rating, went_well, to_change, progress, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (pairing_id, participant_id, slot) DO NOTHING`),
			f.PairingID, who, ts(f.Slot), f.Rating, f.WentWell, f.ToChange, f.Progress, now)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		recorded = n > 0
		if recorded && f.Rating <= 2 {
			_, err = tx.ExecContext(ctx, tx.Rebind(`UPDATE pairings SET at_risk_reason = ?, at_risk_at = ?
				WHERE id = ? AND at_risk_at IS NULL AND status = 'active'`), store.RiskLowRating, now, f.PairingID)
		}
		return err
	})
	if err != nil {
		// The error never carries the text: only ids and the cause.
		return false, fmt.Errorf("store: save feedback for pairing %d: %w", f.PairingID, err)
	}
	return recorded, nil
}

// FeedbackGiven tells whether slackID already answered the prompt of this
// pairing and slot (so a stale button can say so before opening a modal).
func (d *DB) FeedbackGiven(ctx context.Context, pairingID int64, slackID string, slot time.Time) (bool, error) {
	var n int
	err := d.h.Read(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &n, tx.Rebind(`SELECT COUNT(*) FROM feedback f JOIN participants p ON p.id = f.participant_id
			WHERE f.pairing_id = ? AND p.slack_id = ? AND f.slot = ?`), pairingID, slackID, ts(slot))
	})
	if err != nil {
		return false, fmt.Errorf("store: feedback given: %w", err)
	}
	return n > 0, nil
}

// PairingsRatedAtMost lists active pairings not yet at risk with a
// feedback rating of max or less.
func (d *DB) PairingsRatedAtMost(ctx context.Context, max int) ([]int64, error) {
	var ids []int64
	err := d.h.Read(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &ids, tx.Rebind(`SELECT pa.id FROM pairings pa
			WHERE pa.status = 'active' AND pa.at_risk_at IS NULL
			AND EXISTS (SELECT 1 FROM feedback f WHERE f.pairing_id = pa.id AND f.rating <= ?)
			ORDER BY pa.id`), max)
	})
	if err != nil {
		return nil, fmt.Errorf("store: pairings rated low: %w", err)
	}
	return ids, nil
}
