package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/mentorbot/mentorbot/store"
)

const deliverySelect = `SELECT d.*, p.slack_id AS recipient_slack, p.name AS recipient_name, p.timezone AS recipient_tz,
	COALESCE(o.slack_id, '') AS other_slack, COALESCE(o.name, '') AS other_name,
	COALESCE(pr.name, '') AS program_name, COALESCE(pa.status, '') AS pairing_status,
	COALESCE(c.id, 0) AS checkin_id
	FROM deliveries d
	JOIN participants p ON p.id = d.recipient_id
	LEFT JOIN pairings pa ON pa.id = d.pairing_id
	LEFT JOIN participants o ON o.id = CASE WHEN pa.mentor_id = d.recipient_id THEN pa.mentee_id ELSE pa.mentor_id END
	LEFT JOIN programs pr ON pr.id = pa.program_id
	LEFT JOIN checkins c ON d.kind IN ('checkin', 'reminder') AND c.pairing_id = d.pairing_id
		AND c.participant_id = d.recipient_id AND c.slot = d.slot`

// Enqueue adds rows to the outbox. A row whose (recipient, pairing, kind,
// slot) is already there is left alone, whatever its state: that is what
// makes each key go out at most once. It returns how many rows were new.
func (d *DB) Enqueue(ctx context.Context, rows []store.NewDelivery) (int, error) {
	for _, r := range rows {
		if err := r.Validate(); err != nil {
			return 0, err
		}
	}
	now := d.Now()
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
	out := make(map[store.DeliveryKey]time.Time, len(keys))
	err := d.read(ctx, func(tx *sqlx.Tx) error {
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

// ScheduleTargets lists, for every active pairing whose two people are both
// active (neither paused nor gone), each of them who can be messaged.
func (d *DB) ScheduleTargets(ctx context.Context) ([]store.ScheduleTarget, error) {
	var out []store.ScheduleTarget
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &out, `SELECT x.id AS pairing_id, x.started_at, x.cadence,
			p.id AS participant_id, p.slack_id, p.timezone
			FROM (`+pairingSelect+` WHERE pa.status = 'active' AND mr.status = 'active' AND me.status = 'active') x
			JOIN participants p ON p.id = x.mentor_id OR p.id = x.mentee_id
			WHERE p.unreachable_at IS NULL
			ORDER BY x.id, p.id`)
	})
	if err != nil {
		return nil, fmt.Errorf("store: schedule targets: %w", err)
	}
	return out, nil
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
	return readValue(ctx, d, func(tx *sqlx.Tx) (store.Delivery, error) { return deliveryByID(ctx, tx, id) })
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
			_, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE deliveries SET state = 'missed', last_error = ? WHERE id = ? AND state = 'pending'`), why, id)
			return err
		}
		res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE deliveries SET state = 'sending', claimed_by = ?, claimed_at = ?, attempts = attempts + 1, posting_at = NULL
			WHERE id = ? AND state = 'pending'`), worker, ts(now), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
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
	case who.Status != store.StatusActive:
		return "recipient " + who.Status, nil
	case who.UnreachableAt != nil:
		return "recipient unreachable", nil
	}
	if row.PairingID == 0 {
		return "", nil
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
	if pa.Status != "active" && row.Kind != store.KindFeedbackEnd {
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
		var c []struct {
			Answer string     `db:"answer"`
			SentAt *time.Time `db:"sent_at"`
		}
		if err := tx.SelectContext(ctx, &c, tx.Rebind(`SELECT answer, sent_at FROM checkins WHERE pairing_id = ? AND participant_id = ? AND slot = ?`),
			row.PairingID, row.RecipientID, ts(row.Slot)); err != nil {
			return "", err
		}
		switch {
		case len(c) == 0 || c[0].SentAt == nil:
			return "check-in not sent", nil
		case c[0].Answer != "":
			return "check-in answered", nil
		}
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
		col := ""
		switch row.Kind {
		case store.KindCheckin:
			col = "sent_at"
		case store.KindReminder:
			col = "reminded_at"
		default:
			return nil
		}
		_, err = tx.ExecContext(ctx, tx.Rebind(`UPDATE checkins SET `+col+` = ? WHERE pairing_id = ? AND participant_id = ? AND slot = ? AND `+col+` IS NULL`),
			ts(at), row.PairingID, row.RecipientID, ts(row.Slot))
		return err
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
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		args = append(args, id, worker)
		res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE deliveries SET `+set+` WHERE id = ? AND claimed_by = ? AND state = 'sending'`), args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("delivery %d is not being sent by %s: %w", id, worker, store.ErrConflict)
		}
		return nil
	})
	if err != nil {
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
func (d *DB) ReleaseUnposted(ctx context.Context, claimedBefore time.Time) (int, error) {
	var n int64
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE deliveries SET state = 'pending', claimed_by = '', claimed_at = NULL,
			attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, last_error = 'released: the sender stopped before calling Slack'
			WHERE state = 'sending' AND posting_at IS NULL AND claimed_at < ?`), ts(claimedBefore))
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: release unposted: %w", err)
	}
	return int(n), nil
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
	out := map[[2]string]int{}
	err := d.read(ctx, func(tx *sqlx.Tx) error {
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
