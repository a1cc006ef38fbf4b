package outbox

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
)

// The claim discipline of docs/scheduler.md ("Exactly once") as helpers
// over any outbox table keyed by id with the claim columns (state,
// attempts, claimed_by, claimed_at, posting_at, last_error): the
// deliveries, and the rounds' messages (store/sqldb/roundsql), whose
// recipients need not be participants. Each runs in its caller's
// transaction.

// Table is an outbox table these helpers may name (only the ones below, so
// no caller's string ever reaches the SQL).
type Table struct{ name, noun string }

var (
	// Deliveries is the check-ins' outbox.
	Deliveries = Table{"deliveries", "delivery"}
	// RoundMessages is the networking rounds' outbox (migrations 0040, 0041).
	RoundMessages = Table{"round_messages", "round message"}
)

// ErrRowLocked: another transaction holds the row a claim wanted.
var ErrRowLocked = errors.New("store: row locked by another claim")

// LockForClaim, on PostgreSQL (skipLocked is the engine's FOR UPDATE SKIP
// LOCKED), locks the row a claim is about: a replica that is claiming the
// same row makes this one move on at once (ErrRowLocked) instead of
// queueing behind it and then failing to serialize. A missing row is not
// an error (the caller's read finds it gone). On SQLite (skipLocked "")
// the immediate transaction already holds the only write lock.
func LockForClaim(ctx context.Context, tx *sqlx.Tx, t Table, id int64, skipLocked string) error {
	if skipLocked == "" {
		return nil
	}
	var ids []int64
	if err := tx.SelectContext(ctx, &ids, tx.Rebind(`SELECT id FROM `+t.name+` WHERE id = ?`+skipLocked), id); err != nil {
		return err
	}
	if len(ids) > 0 {
		return nil
	}
	var n int
	if err := tx.GetContext(ctx, &n, tx.Rebind(`SELECT COUNT(*) FROM `+t.name+` WHERE id = ?`), id); err != nil {
		return err
	}
	if n > 0 {
		return ErrRowLocked
	}
	return nil
}

// Take moves a pending row to sending for worker (compare-and-set), with
// no posting_at yet: false when it was not pending.
func Take(ctx context.Context, tx *sqlx.Tx, t Table, id int64, worker string, now time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE `+t.name+` SET state = 'sending', claimed_by = ?, claimed_at = ?, attempts = attempts + 1, posting_at = NULL
		WHERE id = ? AND state = 'pending'`), worker, now.UTC(), id)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// Miss records a pending row that must no longer go out as missed, why.
func Miss(ctx context.Context, tx *sqlx.Tx, t Table, id int64, why string) error {
	_, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE `+t.name+` SET state = 'missed', last_error = ? WHERE id = ? AND state = 'pending'`), why, id)
	return err
}

// Settle updates a row only while worker holds it in sending (set is the
// caller's fixed SET clause, args its values); store.ErrConflict when the
// row is not worker's to settle.
func Settle(ctx context.Context, tx *sqlx.Tx, t Table, id int64, worker, set string, args ...any) error {
	all := append(args[:len(args):len(args)], id, worker)
	res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE `+t.name+` SET `+set+` WHERE id = ? AND claimed_by = ? AND state = 'sending'`), all...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%s %d is not being sent by %s: %w", t.noun, id, worker, store.ErrConflict)
	}
	return nil
}

// MarkPosting records that worker is about to call Slack for its claimed
// row (docs/scheduler.md point 4). store.ErrConflict when the row is no
// longer worker's (its claim was released meanwhile): do not post.
func MarkPosting(ctx context.Context, tx *sqlx.Tx, t Table, id int64, worker string, now time.Time) error {
	return Settle(ctx, tx, t, id, worker, `posting_at = ?`, now.UTC())
}

// ReleaseUnposted returns to pending every row claimed before
// claimedBefore whose sender never reached the point of calling Slack (its
// process died while it waited its turn, say): sending it again cannot
// double it, and a sender that was only slow finds its claim gone in
// MarkPosting. It returns how many rows it released.
func ReleaseUnposted(ctx context.Context, tx *sqlx.Tx, t Table, claimedBefore time.Time) (int, error) {
	res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE `+t.name+` SET state = 'pending', claimed_by = '', claimed_at = NULL,
		attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, last_error = 'released: the sender stopped before calling Slack'
		WHERE state = 'sending' AND posting_at IS NULL AND claimed_at < ?`), claimedBefore.UTC())
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// FailDead gives up the rows claimed before claimedBefore whose sender
// called Slack and never recorded the outcome (it died during the call):
// they may have been delivered, so they are never sent again. It returns
// how many.
func FailDead(ctx context.Context, tx *sqlx.Tx, t Table, claimedBefore time.Time) (int, error) {
	res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE `+t.name+` SET state = 'failed',
		last_error = 'outcome unknown: posted and never recorded; not resent'
		WHERE state = 'sending' AND posting_at IS NOT NULL AND claimed_at < ?`), claimedBefore.UTC())
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
