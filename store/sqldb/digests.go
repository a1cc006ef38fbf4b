package sqldb

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
)

// The weekly digest's outbox (migration 0010): one row per admin per slot,
// so restarts, retries and several replicas send it at most once.

// PlanDigests adds a pending digest for each admin in slot; rows that
// exist are left alone. It returns how many it added.
func (d *DB) PlanDigests(ctx context.Context, admins []string, slot time.Time) (int, error) {
	added := 0
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		added = 0
		for _, a := range admins {
			res, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO admin_digests (admin_id, slot, created_at) VALUES (?, ?, ?)
				ON CONFLICT (admin_id, slot) DO NOTHING`), a, ts(slot), d.Now())
			if err != nil {
				return fmt.Errorf("store: plan digest: %w", err)
			}
			n, _ := res.RowsAffected()
			added += int(n)
		}
		return nil
	})
	return added, err
}

// PendingDigests lists the digests waiting to be sent, oldest slot first.
func (d *DB) PendingDigests(ctx context.Context) ([]store.DigestRow, error) {
	var out []store.DigestRow
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &out, `SELECT admin_id, slot, state, attempts FROM admin_digests
			WHERE state = 'pending' ORDER BY slot, admin_id`)
	})
	if err != nil {
		return nil, fmt.Errorf("store: pending digests: %w", err)
	}
	return out, nil
}

// ClaimDigest moves a pending digest to sending for worker; false when
// another worker (or an earlier run) has it.
func (d *DB) ClaimDigest(ctx context.Context, admin string, slot time.Time, worker string) (bool, error) {
	claimed := false
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE admin_digests SET state = 'sending', claimed_by = ?, claimed_at = ?
			WHERE admin_id = ? AND slot = ? AND state = 'pending'`), worker, d.Now(), admin, ts(slot))
		if err != nil {
			return fmt.Errorf("store: claim digest: %w", err)
		}
		n, _ := res.RowsAffected()
		claimed = n > 0
		return nil
	})
	return claimed, err
}

// FinishDigest records a claimed digest's outcome: sent (with where it
// landed), back to pending for a retry (a failure known not to have
// posted), or failed.
func (d *DB) FinishDigest(ctx context.Context, admin string, slot time.Time, worker, state, channel, msgTS, why string) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		var sentAt any
		if state == store.DigestSent {
			sentAt = d.Now()
		}
		release := ""
		if state == store.DigestPending {
			release = ", claimed_by = '', claimed_at = NULL" // free for the next try
		}
		_, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE admin_digests SET state = ?, channel_id = ?, message_ts = ?, last_error = ?,
			sent_at = ?, attempts = attempts + 1`+release+`
			WHERE admin_id = ? AND slot = ? AND state = 'sending' AND claimed_by = ?`),
			state, channel, msgTS, why, sentAt, admin, ts(slot), worker)
		if err != nil {
			return fmt.Errorf("store: finish digest: %w", err)
		}
		return nil
	})
}
