package dashsql

import (
	"context"
	"fmt"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// The weekly digest's outbox (migration 0010): one row per admin per slot,
// so restarts, retries and several replicas send it at most once.

// PlanDigests adds a pending digest for each admin in slot; rows that
// exist are left alone. It returns how many it added.
func PlanDigests(ctx context.Context, tx Tx, admins []string, slot, now time.Time) (int, error) {
	added := 0
	for _, a := range admins {
		res, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO admin_digests (admin_id, slot, created_at) VALUES (?, ?, ?)
			ON CONFLICT (admin_id, slot) DO NOTHING`), a, slot.UTC(), now.UTC())
		if err != nil {
			return 0, fmt.Errorf("store: plan digest: %w", err)
		}
		n, _ := res.RowsAffected()
		added += int(n)
	}
	return added, nil
}

// PendingDigests lists the digests waiting to be sent, oldest slot first.
func PendingDigests(ctx context.Context, tx Tx) ([]store.DigestRow, error) {
	var out []store.DigestRow
	if err := tx.SelectContext(ctx, &out, `SELECT admin_id, slot, state, attempts FROM admin_digests
		WHERE state = 'pending' ORDER BY slot, admin_id`); err != nil {
		return nil, fmt.Errorf("store: pending digests: %w", err)
	}
	return out, nil
}

// ClaimDigest moves a pending digest to sending for worker; false when
// another worker (or an earlier run) has it.
func ClaimDigest(ctx context.Context, tx Tx, admin string, slot time.Time, worker string, now time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE admin_digests SET state = 'sending', claimed_by = ?, claimed_at = ?
		WHERE admin_id = ? AND slot = ? AND state = 'pending'`), worker, now.UTC(), admin, slot.UTC())
	if err != nil {
		return false, fmt.Errorf("store: claim digest: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// DigestOutcome is how a claimed digest ended: sent (with where it landed),
// back to pending for a retry (a failure known not to have posted), or
// failed.
type DigestOutcome struct {
	State, Channel, TS, Why string
}

// FinishDigest records a claimed digest's outcome; only its claimer may.
func FinishDigest(ctx context.Context, tx Tx, admin string, slot time.Time, worker string, o DigestOutcome, now time.Time) error {
	var sentAt *time.Time
	if o.State == store.DigestSent {
		t := now.UTC()
		sentAt = &t
	}
	release := ""
	if o.State == store.DigestPending {
		release = ", claimed_by = '', claimed_at = NULL" // free for the next try
	}
	_, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE admin_digests SET state = ?, channel_id = ?, message_ts = ?, last_error = ?,
		sent_at = ?, attempts = attempts + 1`+release+`
		WHERE admin_id = ? AND slot = ? AND state = 'sending' AND claimed_by = ?`),
		o.State, o.Channel, o.TS, o.Why, sentAt, admin, slot.UTC(), worker)
	if err != nil {
		return fmt.Errorf("store: finish digest: %w", err)
	}
	return nil
}
