package store

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"
)

// Audit outcomes.
const (
	OutcomeOK      = "ok"
	OutcomeRefused = "refused"
	OutcomeError   = "error"
)

// AuditEntry is one admin action or refusal. It never holds tokens or
// feedback text.
type AuditEntry struct {
	ID      int64     `db:"id"`
	At      time.Time `db:"at"`
	ActorID string    `db:"actor_id"`
	Action  string    `db:"action"`
	Target  string    `db:"target"`
	Outcome string    `db:"outcome"`
	Detail  string    `db:"detail"`
}

// Audit appends an entry, stamped with the store's clock.
func (d *DB) Audit(ctx context.Context, e AuditEntry) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO audit_log (at, actor_id, action, target, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)`),
			d.Now(), e.ActorID, e.Action, e.Target, e.Outcome, e.Detail)
		return err
	})
}

// AuditLog returns entries since a time (zero = all), oldest first.
func (d *DB) AuditLog(ctx context.Context, since time.Time) ([]AuditEntry, error) {
	var out []AuditEntry
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &out, tx.Rebind(`SELECT * FROM audit_log WHERE at >= ? ORDER BY id`), ts(since))
	})
	return out, err
}
