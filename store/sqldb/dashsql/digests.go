package dashsql

import (
	"context"
	"fmt"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// The weekly digest's outbox (migrations 0010, 0015): one row per admin per
// slot, sent with the check-ins' discipline (docs/scheduler.md): a claim by
// compare-and-set, posting_at recorded right before the Slack call, a claim
// that never reached Slack released after a lease, one that may have
// reached it never resent.

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
	res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE admin_digests SET state = 'sending', claimed_by = ?, claimed_at = ?, posting_at = NULL
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
		release = ", claimed_by = '', claimed_at = NULL, posting_at = NULL" // free for the next try
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

// MarkDigestPosting records that worker is about to call Slack for its
// claimed digest. It fails with store.ErrConflict when the claim is no
// longer worker's (released after the lease): the caller must not post.
func MarkDigestPosting(ctx context.Context, tx Tx, admin string, slot time.Time, worker string, now time.Time) error {
	res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE admin_digests SET posting_at = ?
		WHERE admin_id = ? AND slot = ? AND state = 'sending' AND claimed_by = ?`), now.UTC(), admin, slot.UTC(), worker)
	if err != nil {
		return fmt.Errorf("store: mark digest posting: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: digest for %s is not being sent by %s: %w", admin, worker, store.ErrConflict)
	}
	return nil
}

// ReleaseUnpostedDigests returns to pending every digest claimed before
// claimedBefore whose sender never reached Slack (it died while waiting its
// turn): sending it again cannot double it.
func ReleaseUnpostedDigests(ctx context.Context, tx Tx, claimedBefore time.Time) (int, error) {
	res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE admin_digests SET state = 'pending', claimed_by = '', claimed_at = NULL,
		last_error = 'released: the sender stopped before calling Slack'
		WHERE state = 'sending' AND posting_at IS NULL AND claimed_at < ?`), claimedBefore.UTC())
	if err != nil {
		return 0, fmt.Errorf("store: release unposted digests: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// FailDeadDigests gives up the digests claimed before claimedBefore whose
// sender called Slack and never recorded the outcome: they may have been
// delivered, so they are never sent again.
func FailDeadDigests(ctx context.Context, tx Tx, claimedBefore time.Time) (int, error) {
	res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE admin_digests SET state = 'failed',
		last_error = 'outcome unknown: the sender died while posting; not resent'
		WHERE state = 'sending' AND posting_at IS NOT NULL AND claimed_at < ?`), claimedBefore.UTC())
	if err != nil {
		return 0, fmt.Errorf("store: fail dead digests: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
