package goalsql

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
)

// EnqueueFitPulse adds, inside the transaction that records a Met answer,
// one fit_pulse outbox row for each person of the pairing if this is the
// pairing's first Met (no other check-in of it answered Met). The slot is
// the pairing's start, the same for every attempt, so the outbox's unique
// key admits one row per person per pairing whatever the races, restarts
// or replicas; not_before is now, so it goes out in the next dispatch.
func EnqueueFitPulse(ctx context.Context, tx *sqlx.Tx, pairingID, checkinID int64, now time.Time) error {
	var earlier int
	if err := tx.GetContext(ctx, &earlier, tx.Rebind(`SELECT COUNT(*) FROM checkins
		WHERE pairing_id = ? AND answer = 'met' AND id <> ?`), pairingID, checkinID); err != nil {
		return err
	}
	if earlier > 0 {
		return nil
	}
	for _, who := range []string{"mentor_id", "mentee_id"} {
		if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO deliveries
			(recipient_id, pairing_id, kind, slot, state, not_before, last_error, created_at)
			SELECT `+who+`, id, ?, started_at, ?, ?, '', ? FROM pairings WHERE id = ? AND status = 'active'
			ON CONFLICT (recipient_id, pairing_id, kind, slot) DO NOTHING`),
			store.KindFitPulse, store.DeliveryPending, ts(now), ts(now), pairingID); err != nil {
			return fmt.Errorf("enqueue fit pulse: %w", err)
		}
	}
	return nil
}

// RecordFit stores slackID's fit answer about pairingID: the first answer
// wins. It reports whether this one was recorded; a person not in the
// pairing is store.ErrNotFound (the gate checked the pulse went to them).
func (d *DB) RecordFit(ctx context.Context, pairingID int64, slackID, answer string) (bool, error) {
	if !store.ValidFit(answer) {
		return false, fmt.Errorf("fit answer %q: %w", answer, store.ErrInvalid)
	}
	recorded := false
	err := d.h.Write(ctx, func(tx *sqlx.Tx) error {
		var ids []int64
		if err := tx.SelectContext(ctx, &ids, tx.Rebind(`SELECT p.id FROM pairings pa
			JOIN participants p ON p.id IN (pa.mentor_id, pa.mentee_id) WHERE pa.id = ? AND p.slack_id = ?`), pairingID, slackID); err != nil {
			return err
		}
		if len(ids) != 1 {
			return fmt.Errorf("pairing %d of %s: %w", pairingID, slackID, store.ErrNotFound)
		}
		res, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO fit_answers (pairing_id, participant_id, answer, answered_at)
			VALUES (?, ?, ?, ?) ON CONFLICT (pairing_id, participant_id) DO NOTHING`), pairingID, ids[0], answer, ts(d.h.Now()))
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		recorded = n > 0
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store: fit answer: %w", err)
	}
	return recorded, nil
}

// FitAnswer is slackID's own fit answer about pairingID ("" when none).
func (d *DB) FitAnswer(ctx context.Context, pairingID int64, slackID string) (string, error) {
	var out []string
	err := d.h.Read(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &out, tx.Rebind(`SELECT f.answer FROM fit_answers f JOIN participants p ON p.id = f.participant_id
			WHERE f.pairing_id = ? AND p.slack_id = ?`), pairingID, slackID)
	})
	if err != nil || len(out) == 0 {
		return "", err
	}
	return out[0], nil
}
