package sqldb

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store/sqldb/sqlite"
)

// maxDeliveryBatch bounds one group commit of delivery keys.
const maxDeliveryBatch = 512

// FirstDelivery records key (an envelope or event id) and reports whether it
// is new, so a redelivered Slack event has one effect. The record is
// committed when it returns, visible to every connection and replica, and
// survives the process being killed; it does not wait for the disk
// (txUnsynced), so a crash of the whole machine may forget the last keys.
// That is the one case it trades: a key only matters when Slack redelivers
// an envelope whose ack it missed, and the effects themselves are still
// committed with a sync before anyone is told of them
// (docs/operations.md, "Redelivered envelopes").
//
// Calls made while a commit is under way wait for it and then share the
// next transaction (group commit): a burst of 50 envelopes costs two commits,
// not 50 in a row. Each key still gets its own answer: of two calls with one
// key, in one batch or not, exactly one is first.
func (d *DB) FirstDelivery(ctx context.Context, key string) (bool, error) {
	req := &deliveryReq{key: key, done: make(chan struct{})}
	d.deliveries.add(d, req)
	select {
	case <-req.done:
		return req.first, req.err
	case <-ctx.Done():
		// The batch may still commit the key; the caller treats an error
		// as "handle it", as for any failed check.
		return false, fmt.Errorf("store: record delivery: %w", ctx.Err())
	}
}

// deliveryReq is one FirstDelivery call waiting for its batch.
type deliveryReq struct {
	key   string
	first bool
	err   error
	done  chan struct{}
}

// deliveryBatcher queues delivery keys and commits them in batches, one
// committing goroutine at a time (started on demand, gone when idle).
type deliveryBatcher struct {
	mu      sync.Mutex
	pending []*deliveryReq
	running bool
	// For tests: keys taken by the commit under way, transactions done.
	inflight int
	commits  atomic.Int64
}

func (b *deliveryBatcher) add(d *DB, req *deliveryReq) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pending = append(b.pending, req)
	if !b.running {
		b.running = true
		go b.run(d)
	}
}

// run commits what is pending until nothing is.
func (b *deliveryBatcher) run(d *DB) {
	for {
		b.mu.Lock()
		b.inflight = 0
		n := min(len(b.pending), maxDeliveryBatch)
		if n == 0 {
			b.running = false
			b.mu.Unlock()
			return
		}
		batch := b.pending[:n:n]
		b.pending = b.pending[n:]
		b.inflight = n
		b.mu.Unlock()
		d.commitDeliveries(batch)
	}
}

// commitDeliveries records a batch of keys in one transaction and answers
// every request in it. A failed transaction fails each of them: none of
// their keys is recorded.
func (d *DB) commitDeliveries(batch []*deliveryReq) {
	// No caller's context: one caller giving up must not fail the others.
	ctx := context.Background()
	firsts := make([]bool, len(batch))
	err := d.txUnsynced(ctx, func(tx *sqlx.Tx) error {
		stmt, err := tx.PreparexContext(ctx, tx.Rebind(`INSERT INTO processed_events (key, at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`))
		if err != nil {
			return err
		}
		defer stmt.Close()
		now := d.Now()
		for i, r := range batch {
			res, err := stmt.ExecContext(ctx, r.key, now)
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			firsts[i] = n > 0
		}
		return nil
	})
	if err != nil {
		err = fmt.Errorf("store: record deliveries: %w", err)
	}
	d.deliveries.commits.Add(1)
	for i, r := range batch {
		r.first, r.err = firsts[i] && err == nil, err
		close(r.done)
	}
}

// txUnsynced is tx with a commit that does not wait for the disk
// (sqlite.Unsynced; on PostgreSQL synchronous_commit off for the
// transaction): safe from a killed process, not from a power cut.
func (d *DB) txUnsynced(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	if d.eng.name() != "sqlite" {
		return d.tx(ctx, func(tx *sqlx.Tx) error {
			if _, err := tx.ExecContext(ctx, `SET LOCAL synchronous_commit = off`); err != nil {
				return err
			}
			return fn(tx)
		})
	}
	return sqlite.Unsynced(ctx, d.db, fn)
}
