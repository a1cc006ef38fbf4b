package outbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
)

// deliverySelect reads outbox rows with what the sender shows. A circle's
// rows (store.IsCircleKind) name the circle in pairing_id: their "other"
// is the circle's lead, pairing_status the circle's status, other_name the
// circle's name, and checkin_id the circle check-in.
const deliverySelect = `SELECT d.*, p.slack_id AS recipient_slack, p.name AS recipient_name, p.timezone AS recipient_tz,
	COALESCE(o.slack_id, '') AS other_slack, COALESCE(ci.name, o.name, '') AS other_name,
	COALESCE(pr.name, '') AS program_name, COALESCE(pa.status, ci.status, '') AS pairing_status,
	COALESCE(c.id, cc.id, 0) AS checkin_id
	FROM deliveries d
	JOIN participants p ON p.id = d.recipient_id
	LEFT JOIN pairings pa ON pa.id = d.pairing_id AND d.kind NOT LIKE 'circle%'
	LEFT JOIN circles ci ON ci.id = d.pairing_id AND d.kind LIKE 'circle%'
	LEFT JOIN participants o ON o.id = COALESCE(ci.lead_id, CASE WHEN pa.mentor_id = d.recipient_id THEN pa.mentee_id ELSE pa.mentor_id END)
	LEFT JOIN programs pr ON pr.id = pa.program_id
	LEFT JOIN checkins c ON d.kind IN ('checkin', 'reminder') AND c.pairing_id = d.pairing_id
		AND c.participant_id = d.recipient_id AND c.slot = d.slot
	LEFT JOIN circle_checkins cc ON d.kind IN ('circle_checkin', 'circle_reminder') AND cc.circle_id = d.pairing_id
		AND cc.participant_id = d.recipient_id AND cc.slot = d.slot`

// Enqueue adds rows to the outbox. A row whose (recipient, pairing, kind,
// slot) is already there is left alone, whatever its state: that is what
// makes each key go out at most once. It returns how many rows were new.
func (d *DB) Enqueue(ctx context.Context, rows []store.NewDelivery) (int, error) {
	for _, r := range rows {
		if err := r.Validate(); err != nil {
			return 0, err
		}
	}
	now := d.now()
	inserted := 0
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		stmt, err := tx.PreparexContext(ctx, tx.Rebind(`INSERT INTO deliveries
			(recipient_id, pairing_id, kind, slot, state, not_before, last_error, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (recipient_id, pairing_id, kind, slot) DO NOTHING`))
		if err != nil {
			return fmt.Errorf("store: enqueue: %w", err)
		}
		defer stmt.Close()
		inserted = 0 // a retried attempt starts afresh
		for _, r := range rows {
			state := r.State
			if state == "" {
				state = store.DeliveryPending
			}
			notBefore := r.NotBefore
			if notBefore.IsZero() {
				notBefore = r.Slot
			}
			res, err := stmt.ExecContext(ctx, r.RecipientID, r.PairingID, r.Kind, ts(r.Slot), state, ts(notBefore), r.Note, now)
			if err != nil {
				return fmt.Errorf("store: enqueue %s for %d: %w", r.Kind, r.RecipientID, err)
			}
			n, _ := res.RowsAffected()
			inserted += int(n)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return inserted, nil
}

// LatestSlots returns, for each key that has any row (in any state), the
// latest slot recorded.
func (d *DB) LatestSlots(ctx context.Context, keys []store.DeliveryKey) (map[store.DeliveryKey]time.Time, error) {
	var out map[store.DeliveryKey]time.Time
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		out = make(map[store.DeliveryKey]time.Time, len(keys)) // a retried read starts afresh
		// ORDER BY … LIMIT 1 rather than MAX(): the driver only turns a
		// column with a declared TIMESTAMP type back into a time.Time.
		stmt, err := tx.PreparexContext(ctx, tx.Rebind(`SELECT slot FROM deliveries
			WHERE recipient_id = ? AND pairing_id = ? AND kind = ? ORDER BY slot DESC LIMIT 1`))
		if err != nil {
			return fmt.Errorf("store: latest slots: %w", err)
		}
		defer stmt.Close()
		for _, k := range keys {
			var slot time.Time
			err := stmt.GetContext(ctx, &slot, k.RecipientID, k.PairingID, k.Kind)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return fmt.Errorf("store: latest slot: %w", err)
			}
			out[k] = slot
		}
		return nil
	})
	return out, err
}

// DueDeliveries peeks at up to limit pending rows due at now, oldest first.
// It claims nothing: see ClaimDelivery.
func (d *DB) DueDeliveries(ctx context.Context, now time.Time, limit int) ([]store.Delivery, error) {
	var out []store.Delivery
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &out, tx.Rebind(deliverySelect+`
			WHERE d.state = 'pending' AND d.not_before <= ? ORDER BY d.not_before, d.id LIMIT ?`), ts(now), limit)
	})
	if err != nil {
		return nil, fmt.Errorf("store: due deliveries: %w", err)
	}
	return out, nil
}

// DeliveryByID returns one outbox row.
func (d *DB) DeliveryByID(ctx context.Context, id int64) (store.Delivery, error) {
	var out store.Delivery
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		var err error
		out, err = deliveryByID(ctx, tx, id)
		return err
	})
	return out, err
}

func deliveryByID(ctx context.Context, tx *sqlx.Tx, id int64) (store.Delivery, error) {
	var out store.Delivery
	err := tx.GetContext(ctx, &out, tx.Rebind(deliverySelect+` WHERE d.id = ?`), id)
	if errors.Is(err, sql.ErrNoRows) {
		return out, fmt.Errorf("delivery %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return out, fmt.Errorf("store: delivery: %w", err)
	}
	return out, nil
}

// ExpirePending records every pending row of kind whose slot is before
// slotBefore as missed: it is too late to send it.
func (d *DB) ExpirePending(ctx context.Context, kind string, slotBefore time.Time, why string) (int, error) {
	var n int64
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE deliveries SET state = 'missed', last_error = ?
			WHERE kind = ? AND state = 'pending' AND slot < ?`), why, kind, ts(slotBefore))
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: expire %s: %w", kind, err)
	}
	return int(n), nil
}

// DeliveryCounts counts outbox rows by kind and state (for metrics and
// tests).
func (d *DB) DeliveryCounts(ctx context.Context) (map[[2]string]int, error) {
	var out map[[2]string]int
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		out = map[[2]string]int{} // a retried read starts afresh
		var rows []struct {
			Kind  string `db:"kind"`
			State string `db:"state"`
			N     int    `db:"n"`
		}
		if err := tx.SelectContext(ctx, &rows, `SELECT kind, state, COUNT(*) AS n FROM deliveries GROUP BY kind, state`); err != nil {
			return err
		}
		for _, r := range rows {
			out[[2]string{r.Kind, r.State}] = r.N
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: delivery counts: %w", err)
	}
	return out, nil
}
