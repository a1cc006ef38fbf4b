// Package checkinsql holds the SQL that pairings' check-ins (checkins)
// and circles' check-ins (circle_checkins) share in the outbox's claim and
// sent transactions: one table per kind of check-in, the same columns
// (participant_id, slot, sent_at, answer, reminded_at) under an owner
// column. It runs inside store/sqldb's transactions.
package checkinsql

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
)

// Table is a check-in table and the column naming what its rows are about.
type Table struct{ name, owner string }

// The two check-in tables.
var (
	Pairings = Table{name: "checkins", owner: "pairing_id"}
	Circles  = Table{name: "circle_checkins", owner: "circle_id"}
)

// ReminderSkip tells why the reminder of a check-in must not go out ("" =
// send it): the check-in it reminds of (the outbox row's owner, recipient
// and slot) was never sent, or was answered. It runs in the claim's
// transaction.
func (t Table) ReminderSkip(ctx context.Context, tx *sqlx.Tx, row store.Delivery) (string, error) {
	var c []struct {
		Answer string     `db:"answer"`
		SentAt *time.Time `db:"sent_at"`
	}
	if err := tx.SelectContext(ctx, &c, tx.Rebind(`SELECT answer, sent_at FROM `+t.name+` WHERE `+t.owner+` = ? AND participant_id = ? AND slot = ?`),
		row.PairingID, row.RecipientID, row.Slot.UTC()); err != nil {
		return "", err
	}
	switch {
	case len(c) == 0 || c[0].SentAt == nil:
		return "check-in not sent", nil
	case c[0].Answer != "":
		return "check-in answered", nil
	}
	return "", nil
}

// Stamp records that the check-in of a sent outbox row went out: its
// sent_at for the check-in (kind checkin), reminded_at for its reminder
// (kind reminder); other kinds stamp nothing. The first stamp stays.
func (t Table) Stamp(ctx context.Context, tx *sqlx.Tx, row store.Delivery, checkin, reminder string, at time.Time) error {
	col := ""
	switch row.Kind {
	case checkin:
		col = "sent_at"
	case reminder:
		col = "reminded_at"
	default:
		return nil
	}
	_, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE `+t.name+` SET `+col+` = ? WHERE `+t.owner+` = ? AND participant_id = ? AND slot = ? AND `+col+` IS NULL`),
		at.UTC(), row.PairingID, row.RecipientID, row.Slot.UTC())
	return err
}
