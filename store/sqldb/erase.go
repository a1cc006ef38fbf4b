package sqldb

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb/sqlite"
)

// erasePolicy bounds how long EraseFromDisk tries: attempts checkpoints,
// each waiting at most busy for readers and writers, with a growing pause
// (first, doubling up to most) between them.
type erasePolicy struct {
	attempts    int
	busy        time.Duration
	first, most time.Duration
}

// defaultErasePolicy gives up after about three seconds: long enough for
// the store's own short reads, short enough for a person waiting for the
// confirmation (a truncating checkpoint also holds other writers off).
var defaultErasePolicy = erasePolicy{attempts: 6, busy: 200 * time.Millisecond, first: 50 * time.Millisecond, most: 800 * time.Millisecond}

// eraseState is the DB's side of pending erasures.
type eraseState struct {
	pending atomic.Bool // a leave's bytes may still be in the log
	mu      sync.Mutex  // one checkpoint attempt at a time
	policy  erasePolicy
	log     *slog.Logger
}

// normalBusyTimeout is the DSN's busy_timeout, restored after a checkpoint.
const normalBusyTimeout = sqlite.NormalBusyTimeout

// truncateLog cuts the write-ahead log to zero bytes, waiting at most busy
// for other connections; ErrConflict when they kept it busy.
func (d *DB) truncateLog(ctx context.Context, busy time.Duration) error {
	return d.eng.truncateLog(ctx, busy)
}

// markErasePending records, inside the erasing transaction, that the log
// must be truncated; the flag survives a crash before the checkpoint.
func markErasePending(ctx context.Context, tx *sqlx.Tx, now time.Time) error {
	_, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO pending_erasure (id, since) VALUES (1, ?) ON CONFLICT (id) DO NOTHING`), now)
	return err
}

// EraseFromDisk makes erased data unrecoverable from the database files:
// secure_delete (on for every connection, see DSN) has zeroed the old bytes
// in the pages, and a checkpoint in TRUNCATE mode copies the zeroed pages
// into the main file and cuts the write-ahead log, which still held the
// old page images, to zero bytes. A reader on an older snapshot blocks
// that; EraseFromDisk retries a bounded number of times and then returns
// ErrErasePending, leaving the store to finish at its next write.
func (d *DB) EraseFromDisk(ctx context.Context) error {
	d.erase.mu.Lock()
	defer d.erase.mu.Unlock()
	p := d.erase.policy
	wait := p.first
	var busyErr error
	for attempt := 1; attempt <= p.attempts; attempt++ {
		err := d.truncateLog(ctx, p.busy)
		if err == nil {
			return d.clearErasePending(ctx)
		}
		if !errors.Is(err, store.ErrConflict) {
			return err
		}
		busyErr = err
		if attempt == p.attempts {
			break
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("store: erase: %w (%w)", store.ErrErasePending, ctx.Err())
		case <-t.C:
		}
		wait = min(2*wait, p.most)
	}
	return fmt.Errorf("store: erase after %d attempts: %w (%w)", p.attempts, store.ErrErasePending, busyErr)
}

// finishPendingErase is the "next opportunity": after a write commits, one
// quick attempt at an erasure left pending. It never blocks on another
// attempt in progress.
func (d *DB) finishPendingErase(ctx context.Context) {
	if !d.erase.pending.Load() || !d.erase.mu.TryLock() {
		return
	}
	defer d.erase.mu.Unlock()
	if err := d.truncateLog(ctx, d.erase.policy.busy); err != nil {
		d.erase.log.Debug("pending erasure: log still busy", "err", err)
		return
	}
	if err := d.clearErasePending(ctx); err != nil {
		d.erase.log.Warn("pending erasure: checkpoint done, flag not cleared", "err", err)
		return
	}
	d.erase.log.Info("pending erasure finished: the write-ahead log is truncated")
}

// loadErasePending picks up a flag a previous run left (called once the
// schema is migrated).
func (d *DB) loadErasePending(ctx context.Context) error {
	var n int
	if err := d.db.GetContext(ctx, &n, `SELECT COUNT(*) FROM pending_erasure`); err != nil {
		return fmt.Errorf("store: pending erasure: %w", err)
	}
	if n > 0 {
		d.erase.pending.Store(true)
	}
	return nil
}

// clearErasePending deletes the flag after a successful checkpoint. The
// in-memory flag goes first so the write's own hook does not retry.
func (d *DB) clearErasePending(ctx context.Context) error {
	d.erase.pending.Store(false)
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM pending_erasure`)
		return err
	})
	if err != nil {
		d.erase.pending.Store(true)
		return fmt.Errorf("store: clear pending erasure: %w", err)
	}
	return nil
}
