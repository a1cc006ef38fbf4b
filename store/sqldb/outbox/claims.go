package outbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb/checkinsql"
	"github.com/mentorbot/mentorbot/store/sqldb/circlesql"
)

// ClaimDelivery takes a pending, due row for worker: a compare-and-set
// from pending to sending inside one immediate transaction, so of two
// workers (or two processes) exactly one gets it. claimed is false when the
// row is gone, not due, or someone else has it. A row that should no longer
// go out (its recipient paused, left or cannot be reached, its pairing
// ended, its check-in answered before the reminder) is recorded as missed,
// with the reason in last_error, and not claimed. Claiming a check-in
// creates its checkins row, so the message's buttons can name it.
func (d *DB) ClaimDelivery(ctx context.Context, id int64, worker string, now time.Time) (out store.Delivery, claimed bool, err error) {
	err = d.tx(ctx, func(tx *sqlx.Tx) error {
		out, claimed = store.Delivery{}, false // a retried attempt starts afresh
		if err := LockForClaim(ctx, tx, Deliveries, id, d.h.SkipLocked()); errors.Is(err, ErrRowLocked) {
			return nil // another replica is claiming it
		} else if err != nil {
			return err
		}
		row, err := deliveryByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if row.State != store.DeliveryPending || row.NotBefore.After(now) {
			return nil
		}
		why, err := skipReason(ctx, tx, row)
		if err != nil {
			return err
		}
		if why != "" {
			return Miss(ctx, tx, Deliveries, id, why)
		}
		if took, err := Take(ctx, tx, Deliveries, id, worker, ts(now)); err != nil || !took {
			return err
		}
		if err := circlesql.Claimed(ctx, tx, row); err != nil {
			return err
		}
		if row.Kind == store.KindCheckin {
			if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO checkins (pairing_id, participant_id, slot) VALUES (?, ?, ?)
				ON CONFLICT (pairing_id, participant_id, slot) DO NOTHING`), row.PairingID, row.RecipientID, ts(row.Slot)); err != nil {
				return err
			}
		}
		out, err = deliveryByID(ctx, tx, id)
		claimed = err == nil
		return err
	})
	if err != nil {
		return store.Delivery{}, false, fmt.Errorf("store: claim delivery %d: %w", id, err)
	}
	return out, claimed, nil
}

// skipReason tells why a due row must not go out any more ("" = send it).
func skipReason(ctx context.Context, tx *sqlx.Tx, row store.Delivery) (string, error) {
	var who struct {
		Status        string     `db:"status"`
		UnreachableAt *time.Time `db:"unreachable_at"`
	}
	if err := tx.GetContext(ctx, &who, tx.Rebind(`SELECT status, unreachable_at FROM participants WHERE id = ?`), row.RecipientID); err != nil {
		return "", err
	}
	switch {
	case who.Status != store.StatusActive && !((row.Kind == store.KindPartnerGone || row.Kind == store.KindClosingThanks) && who.Status == store.StatusPaused):
		// A paused partner is still told their pairing ended (not a nudge).
		return "recipient " + who.Status, nil
	case who.UnreachableAt != nil:
		return "recipient unreachable", nil
	}
	if row.PairingID == 0 {
		return "", nil
	}
	if store.IsCircleKind(row.Kind) {
		return circlesql.SkipReason(ctx, tx, row)
	}
	var pa struct {
		Status      string `db:"status"`
		OtherStatus string `db:"other_status"`
	}
	err := tx.GetContext(ctx, &pa, tx.Rebind(`SELECT pa.status, o.status AS other_status FROM pairings pa
		JOIN participants o ON o.id = CASE WHEN pa.mentor_id = ? THEN pa.mentee_id ELSE pa.mentor_id END
		WHERE pa.id = ?`), row.RecipientID, row.PairingID)
	if errors.Is(err, sql.ErrNoRows) {
		return "pairing gone", nil
	}
	if err != nil {
		return "", err
	}
	if pa.Status != "active" && row.Kind != store.KindFeedbackEnd && row.Kind != store.KindPartnerGone && row.Kind != store.KindClosingThanks {
		return "pairing ended", nil
	}
	switch row.Kind {
	case store.KindCheckin, store.KindFeedback, store.KindReminder:
		// A pairing is on hold while either person is paused.
		if pa.OtherStatus != store.StatusActive {
			return "pairing on hold: other person " + pa.OtherStatus, nil
		}
	}
	if row.Kind == store.KindReminder {
		return checkinsql.Pairings.ReminderSkip(ctx, tx, row)
	}
	return "", nil
}

// MarkDeliverySent records that worker's claimed row went out as the
// message channel/ts, and stamps the check-in (sent_at, or reminded_at for
// a reminder). A row the lease recovery already gave up on (failed) is
// still corrected to sent: the message exists.
func (d *DB) MarkDeliverySent(ctx context.Context, id int64, worker, channel, msgTS string, at time.Time) error {
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE deliveries SET state = 'sent', channel_id = ?, message_ts = ?, sent_at = ?, last_error = ''
			WHERE id = ? AND claimed_by = ? AND state IN ('sending', 'failed')`), channel, msgTS, ts(at), id, worker)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("delivery %d is not being sent by %s: %w", id, worker, store.ErrConflict)
		}
		var row store.Delivery
		if err := tx.GetContext(ctx, &row, tx.Rebind(`SELECT * FROM deliveries WHERE id = ?`), id); err != nil {
			return err
		}
		if store.IsCircleKind(row.Kind) {
			return circlesql.Sent(ctx, tx, row, at)
		}
		return checkinsql.Pairings.Stamp(ctx, tx, row, store.KindCheckin, store.KindReminder, at)
	})
	if err != nil {
		return fmt.Errorf("store: mark delivery %d sent: %w", id, err)
	}
	return nil
}

// RetryDelivery puts worker's claimed row back to pending, due at notBefore.
// Call it only when the message certainly did not go out. A retry that is
// not the sender's fault (a rate limit) does not count as an attempt.
func (d *DB) RetryDelivery(ctx context.Context, id int64, worker string, notBefore time.Time, countAttempt bool, why string) error {
	undo := 1
	if countAttempt {
		undo = 0
	}
	return d.settleClaim(ctx, id, worker, `state = 'pending', not_before = ?, attempts = attempts - ?, last_error = ?`,
		ts(notBefore), undo, why)
}

// FailDelivery gives up on worker's claimed row for good.
func (d *DB) FailDelivery(ctx context.Context, id int64, worker, why string) error {
	return d.settleClaim(ctx, id, worker, `state = 'failed', last_error = ?`, why)
}

// NoteDelivery keeps worker's row in sending (its outcome is unknown) and
// records why.
func (d *DB) NoteDelivery(ctx context.Context, id int64, worker, why string) error {
	return d.settleClaim(ctx, id, worker, `last_error = ?`, why)
}

// settleClaim updates a row only while worker holds it in sending.
func (d *DB) settleClaim(ctx context.Context, id int64, worker, set string, args ...any) error {
	if err := d.tx(ctx, func(tx *sqlx.Tx) error { return Settle(ctx, tx, Deliveries, id, worker, set, args...) }); err != nil {
		return fmt.Errorf("store: settle delivery %d: %w", id, err)
	}
	return nil
}

// MarkPosting records that worker is about to call Slack for its claimed
// row. It fails with ErrConflict when the row is no longer worker's (its
// claim was released meanwhile): the caller must then not post.
func (d *DB) MarkPosting(ctx context.Context, id int64, worker string, now time.Time) error {
	return d.settleClaim(ctx, id, worker, `posting_at = ?`, ts(now))
}

// ReleaseUnposted returns to pending every row claimed before
// claimedBefore whose sender never reached the point of calling Slack (its
// process died while it waited its turn, say): sending it again cannot
// double it. It returns how many rows it released.
func (d *DB) ReleaseUnposted(ctx context.Context, claimedBefore time.Time) (n int, err error) {
	err = d.tx(ctx, func(tx *sqlx.Tx) (err error) {
		n, err = ReleaseUnposted(ctx, tx, Deliveries, ts(claimedBefore))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: release unposted: %w", err)
	}
	return n, nil
}

// StaleDeliveries lists rows still in sending that were claimed before
// claimedBefore: their sender died, or could not record the outcome.
func (d *DB) StaleDeliveries(ctx context.Context, claimedBefore time.Time) ([]store.Delivery, error) {
	var out []store.Delivery
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &out, tx.Rebind(deliverySelect+`
			WHERE d.state = 'sending' AND d.claimed_at < ? ORDER BY d.claimed_at, d.id`), ts(claimedBefore))
	})
	if err != nil {
		return nil, fmt.Errorf("store: stale deliveries: %w", err)
	}
	return out, nil
}
