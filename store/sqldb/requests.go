package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb/circlesql"
)

const requestSelect = `SELECT r.id, me.slack_id AS mentee_slack, mr.slack_id AS mentor_slack, me.name AS mentee_name,
	mr.name AS mentor_name, r.status, r.created_at, r.decided_at, r.dm_channel, r.dm_ts
	FROM match_requests r JOIN participants me ON me.id = r.mentee_id JOIN participants mr ON mr.id = r.mentor_id`

// CreateRequest records a mentee's request to a mentor. A pending request
// for the same pair is ErrAlreadyDone (the mentor was asked once already).
func (d *DB) CreateRequest(ctx context.Context, menteeSlack, mentorSlack string) (store.Request, error) {
	var out store.Request
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		mentee, err := participantBySlackID(ctx, tx, menteeSlack)
		if err != nil {
			return err
		}
		mentor, err := participantBySlackID(ctx, tx, mentorSlack)
		if err != nil {
			return err
		}
		var pending int
		if err := tx.GetContext(ctx, &pending, tx.Rebind(`SELECT COUNT(*) FROM match_requests WHERE mentee_id = ? AND mentor_id = ? AND status = 'pending'`), mentee.ID, mentor.ID); err != nil {
			return err
		}
		if pending > 0 {
			return fmt.Errorf("request already pending: %w", store.ErrAlreadyDone)
		}
		var id int64
		if err := tx.GetContext(ctx, &id, tx.Rebind(`INSERT INTO match_requests (mentee_id, mentor_id, status, created_at) VALUES (?, ?, 'pending', ?) RETURNING id`),
			mentee.ID, mentor.ID, d.Now()); err != nil {
			return err
		}
		return tx.GetContext(ctx, &out, tx.Rebind(requestSelect+` WHERE r.id = ?`), id)
	})
	return out, err
}

// RequestByID returns one request.
func (d *DB) RequestByID(ctx context.Context, id int64) (store.Request, error) {
	var out store.Request
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &out, tx.Rebind(requestSelect+` WHERE r.id = ?`), id)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("request %d: %w", id, store.ErrNotFound)
		}
		return err
	})
	return out, err
}

// DeclinedOrPending lists the mentors a mentee already asked (pending or
// declined), so suggestions offer someone new.
func (d *DB) DeclinedOrPending(ctx context.Context, menteeSlack string) (map[string]bool, error) {
	var out map[string]bool
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		out = map[string]bool{} // a retried read starts afresh
		var ids []string
		if err := tx.SelectContext(ctx, &ids, tx.Rebind(`SELECT mr.slack_id FROM match_requests r
			JOIN participants me ON me.id = r.mentee_id JOIN participants mr ON mr.id = r.mentor_id
			WHERE me.slack_id = ? AND r.status IN ('pending', 'declined')`), menteeSlack); err != nil {
			return err
		}
		for _, id := range ids {
			out[id] = true
		}
		return nil
	})
	return out, err
}

// SetRequestMessage remembers the request DM the mentor got, so that a
// withdrawal can take its buttons away.
func (d *DB) SetRequestMessage(ctx context.Context, id int64, channelID, ts string) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE match_requests SET dm_channel = ?, dm_ts = ? WHERE id = ?`), channelID, ts, id)
		return err
	})
}

// AcceptRequest turns a pending request into a pairing, checking the hard
// rules and the mentor's capacity now, and withdraws the mentee's other
// pending requests in the same transaction. A decided request is
// ErrAlreadyDone.
func (d *DB) AcceptRequest(ctx context.Context, id int64, mentorSlack string) (store.Accepted, error) {
	var out store.Accepted
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		r, err := decideRequest(ctx, tx, id, mentorSlack)
		if err != nil {
			return err
		}
		mentor, err := participantBySlackID(ctx, tx, r.MentorSlack)
		if err != nil {
			return err
		}
		var active int
		if err := tx.GetContext(ctx, &active, tx.Rebind(`SELECT COUNT(*) FROM pairings WHERE mentor_id = ? AND status = 'active'`), mentor.ID); err != nil {
			return err
		}
		seats, err := circlesql.LeadSeats(ctx, tx, mentor.ID) // a lead's circles take capacity
		if err != nil {
			return err
		}
		if active+seats >= mentor.Capacity {
			return fmt.Errorf("mentor at capacity (%d): %w", mentor.Capacity, store.ErrPairForbidden)
		}
		var hasMentor int
		if err := tx.GetContext(ctx, &hasMentor, tx.Rebind(`SELECT COUNT(*) FROM pairings pa JOIN participants me ON me.id = pa.mentee_id
			WHERE me.slack_id = ? AND pa.status = 'active'`), r.MenteeSlack); err != nil {
			return err
		}
		if hasMentor > 0 {
			return fmt.Errorf("mentee already has a mentor: %w", store.ErrConflict)
		}
		out.Pairing, err = createPairing(ctx, tx, store.NewPairing{MentorSlack: r.MentorSlack, MenteeSlack: r.MenteeSlack, Source: store.SourceRequest, Reasons: "requested by the mentee"}, d.Now())
		if err != nil {
			return err
		}
		if _, err = tx.ExecContext(ctx, tx.Rebind(`UPDATE match_requests SET status = 'accepted', decided_at = ? WHERE id = ?`), d.Now(), id); err != nil {
			return err
		}
		if err := tx.SelectContext(ctx, &out.Withdrawn, tx.Rebind(requestSelect+` WHERE me.slack_id = ? AND r.status = 'pending' ORDER BY r.id`), r.MenteeSlack); err != nil {
			return err
		}
		now := d.Now()
		for i := range out.Withdrawn {
			if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE match_requests SET status = 'withdrawn', decided_at = ? WHERE id = ?`), now, out.Withdrawn[i].ID); err != nil {
				return err
			}
			out.Withdrawn[i].Status, out.Withdrawn[i].DecidedAt = store.RequestWithdrawn, &now
		}
		return nil
	})
	return out, err
}

// DeclineRequest marks a pending request declined.
func (d *DB) DeclineRequest(ctx context.Context, id int64, mentorSlack string) (store.Request, error) {
	var out store.Request
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		var err error
		out, err = decideRequest(ctx, tx, id, mentorSlack)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, tx.Rebind(`UPDATE match_requests SET status = 'declined', decided_at = ? WHERE id = ?`), d.Now(), id)
		out.Status = "declined"
		return err
	})
	return out, err
}

// decideRequest loads a pending request addressed to mentorSlack.
func decideRequest(ctx context.Context, tx *sqlx.Tx, id int64, mentorSlack string) (store.Request, error) {
	var r store.Request
	err := tx.GetContext(ctx, &r, tx.Rebind(requestSelect+` WHERE r.id = ?`), id)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("request %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return r, err
	}
	if r.MentorSlack != mentorSlack {
		return r, fmt.Errorf("request %d is not addressed to %s: %w", id, mentorSlack, store.ErrNotFound)
	}
	if r.Status != "pending" {
		return r, fmt.Errorf("request %d is %s: %w", id, r.Status, store.ErrAlreadyDone)
	}
	return r, nil
}
