package sqldb

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
)

// Audit appends an entry, stamped with the store's clock.
func (d *DB) Audit(ctx context.Context, e store.AuditEntry) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO audit_log (at, actor_id, action, target, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)`),
			d.Now(), e.ActorID, e.Action, e.Target, e.Outcome, e.Detail)
		return err
	})
}

// AuditLog returns entries since a time (zero = all), oldest first.
func (d *DB) AuditLog(ctx context.Context, since time.Time) ([]store.AuditEntry, error) {
	var out []store.AuditEntry
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &out, tx.Rebind(`SELECT * FROM audit_log WHERE at >= ? ORDER BY id`), ts(since))
	})
	return out, err
}

// pseudonymiseAudit replaces slackID by pseudonym wherever the audit log
// keeps it: as actor, and as a whole ID inside targets ("U1,U2") and
// details.
func pseudonymiseAudit(ctx context.Context, tx *sqlx.Tx, slackID, pseudonym string) error {
	var rows []store.AuditEntry
	if err := tx.SelectContext(ctx, &rows, tx.Rebind(`SELECT * FROM audit_log
		WHERE actor_id = ? OR instr(target, ?) > 0 OR instr(detail, ?) > 0`), slackID, slackID, slackID); err != nil {
		return err
	}
	for _, e := range rows {
		actor := e.ActorID
		if actor == slackID {
			actor = pseudonym
		}
		target, detail := store.ReplaceID(e.Target, slackID, pseudonym), store.ReplaceID(e.Detail, slackID, pseudonym)
		if actor == e.ActorID && target == e.Target && detail == e.Detail {
			continue // the ID only appeared inside a longer word
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE audit_log SET actor_id = ?, target = ?, detail = ? WHERE id = ?`),
			actor, target, detail, e.ID); err != nil {
			return err
		}
	}
	return nil
}
