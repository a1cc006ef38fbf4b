package postgres

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"
)

// Changes is the database's change token for store/sqldb/viewsql: the text
// of a fresh snapshot, pg_current_snapshot() (xmin:xmax:in-progress ids).
// Two equal snapshots see exactly the same transactions as finished: any
// transaction that wrote since the first (on any connection, any replica)
// either was given an id at or past its xmax or was in progress then and is
// not now, and both change the text. Unlike the WAL position, which a
// commit moves before its rows become visible, the snapshot changes only
// as transactions end, so a model read in a snapshot taken after a token
// never misses what that token counts. Writes elsewhere in the cluster
// change it too: the model is rebuilt more often than needed, never served
// stale. One round trip on the pool, instead of a status read's seven.
type Changes struct {
	db *sqlx.DB
}

// probeTimeout bounds one reading: without an answer the ack path reads
// the database as it would without the model.
const probeTimeout = 2 * time.Second

// NewChanges asks db (the store's own pool) for snapshots.
func NewChanges(db *sqlx.DB) *Changes { return &Changes{db: db} }

// Token is the current snapshot's text (viewsql.Probe).
func (c *Changes) Token() (string, bool) {
	// No caller's context: one giving up must not fail the others.
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	defer cancel()
	var snap string
	if err := c.db.QueryRowContext(ctx, `SELECT pg_current_snapshot()::text`).Scan(&snap); err != nil {
		return "", false
	}
	return snap, true
}

// Close does nothing: the pool is the store's.
func (c *Changes) Close() error { return nil }
