package circlesql

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
)

// members lists a circle's lead and current members, lead first.
func members(ctx context.Context, tx *sqlx.Tx, circleID int64) ([]store.CircleMember, error) {
	var out []store.CircleMember
	err := tx.SelectContext(ctx, &out, tx.Rebind(`SELECT p.id AS participant_id, p.slack_id, p.name, p.goals, 1 AS lead, ci.started_at AS joined_at
		FROM circles ci JOIN participants p ON p.id = ci.lead_id WHERE ci.id = ?
		UNION ALL
		SELECT p.id, p.slack_id, p.name, p.goals, 0, m.joined_at
		FROM circle_members m JOIN participants p ON p.id = m.participant_id WHERE m.circle_id = ? AND m.left_at IS NULL
		ORDER BY lead DESC, joined_at, participant_id`), circleID, circleID)
	if err != nil {
		return nil, fmt.Errorf("store: circle members: %w", err)
	}
	return out, nil
}

// CircleMembers lists a circle's lead and current members, lead first.
func (s *Store) CircleMembers(ctx context.Context, circleID int64) (out []store.CircleMember, err error) {
	err = s.db.Read(ctx, func(tx *sqlx.Tx) (err error) { out, err = members(ctx, tx, circleID); return err })
	return out, err
}

// JoinCircle seats the person in an open circle, first come first served:
// the seat count, the size limit and the lead's capacity are checked in
// the same writing transaction as the insert (SQLite's single writer;
// PostgreSQL's SERIALIZABLE, retried), so of two people taking the last
// seat one gets it and the other ErrConflict. A closed or unknown circle
// is ErrNotFound, a member already ErrAlreadyDone, the lead or someone
// not signed up ErrPairForbidden / ErrNotSignedUp.
func (s *Store) JoinCircle(ctx context.Context, circleID int64, slackID string) (out store.CircleJoin, err error) {
	err = s.db.Write(ctx, func(tx *sqlx.Tx) error {
		out = store.CircleJoin{}
		c, err := circleWhere(ctx, tx, "ci.id = ? AND ci.status = 'open'", circleID)
		if err != nil {
			return err
		}
		pid, _, err := participantID(ctx, tx, slackID)
		if err != nil {
			return err
		}
		if pid == c.LeadID {
			return fmt.Errorf("the lead joining their circle: %w", store.ErrPairForbidden)
		}
		var already int
		if err := tx.GetContext(ctx, &already, tx.Rebind(`SELECT COUNT(*) FROM circle_members WHERE circle_id = ? AND participant_id = ? AND left_at IS NULL`),
			circleID, pid); err != nil {
			return err
		}
		if already > 0 {
			return fmt.Errorf("already in circle %d: %w", circleID, store.ErrAlreadyDone)
		}
		free, err := leadFree(ctx, tx, c.LeadID)
		if err != nil {
			return err
		}
		if freeSeats(c, free) <= 0 {
			return fmt.Errorf("circle %d full: %w", circleID, store.ErrConflict)
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO circle_members (circle_id, participant_id, joined_at) VALUES (?, ?, ?)`),
			circleID, pid, ts(s.db.Now())); err != nil {
			return fmt.Errorf("store: join circle: %w", err)
		}
		c.Members++
		out.Circle = c
		out.Members, err = members(ctx, tx, circleID)
		return err
	})
	return out, err
}

// LeaveCircle takes the person out of a circle; someone not in it is
// ErrNotFound.
func (s *Store) LeaveCircle(ctx context.Context, circleID int64, slackID string) (out store.Circle, err error) {
	err = s.db.Write(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE circle_members SET left_at = ?
			WHERE circle_id = ? AND left_at IS NULL AND participant_id = (SELECT id FROM participants WHERE slack_id = ?)`),
			ts(s.db.Now()), circleID, slackID)
		if err != nil {
			return fmt.Errorf("store: leave circle: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("%s not in circle %d: %w", slackID, circleID, store.ErrNotFound)
		}
		out, err = circleWhere(ctx, tx, "ci.id = ?", circleID)
		return err
	})
	return out, err
}

// IsCircleMember tells whether the person is a current member (not the
// lead) of the circle.
func (s *Store) IsCircleMember(ctx context.Context, circleID int64, slackID string) (ok bool, err error) {
	err = s.db.Read(ctx, func(tx *sqlx.Tx) error {
		var n int
		err := tx.GetContext(ctx, &n, tx.Rebind(`SELECT COUNT(*) FROM circle_members m JOIN participants p ON p.id = m.participant_id
			WHERE m.circle_id = ? AND p.slack_id = ? AND m.left_at IS NULL`), circleID, slackID)
		ok = n > 0
		return err
	})
	return ok, err
}

// MyCircles lists the open circles the person leads or is a member of.
func (s *Store) MyCircles(ctx context.Context, slackID string) (out []store.Circle, err error) {
	err = s.db.Read(ctx, func(tx *sqlx.Tx) error {
		out = nil
		return tx.SelectContext(ctx, &out, tx.Rebind(circleSelect+` WHERE ci.status = 'open' AND (l.slack_id = ?
			OR ci.id IN (SELECT m.circle_id FROM circle_members m JOIN participants p ON p.id = m.participant_id
				WHERE p.slack_id = ? AND m.left_at IS NULL)) ORDER BY lower(ci.name), ci.id`), slackID, slackID)
	})
	return out, err
}

// CloseCircle closes an open circle (by id) with a reason; its members
// stay recorded. In the same transaction it puts one closing feedback
// prompt per person (lead and members who are still active) in the
// outbox (kind circle_feedback_end, slot = the close time), so the prompt
// goes out exactly once with the close. An already closed circle is
// ErrAlreadyDone.
func (s *Store) CloseCircle(ctx context.Context, circleID int64, reason string) (out store.CircleEnded, err error) {
	err = s.db.Write(ctx, func(tx *sqlx.Tx) (err error) {
		out = store.CircleEnded{}
		now := s.db.Now()
		ok, err := closeWithPrompt(ctx, tx, circleID, reason, now, now, 0)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("circle %d: %w", circleID, store.ErrAlreadyDone)
		}
		if out.Members, err = members(ctx, tx, circleID); err != nil {
			return err
		}
		out.Circle, err = circleWhere(ctx, tx, "ci.id = ?", circleID)
		return err
	})
	return out, err
}
