package goalsql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
)

// checkinAsk is what decides whether a check-in asks about goals.
type checkinAsk struct {
	PairingID     int64     `db:"pairing_id"`
	ParticipantID int64     `db:"participant_id"`
	MenteeID      int64     `db:"mentee_id"`
	Slot          time.Time `db:"slot"`
	Timezone      string    `db:"timezone"`
}

// CheckinGoals tells what check-in checkinID asks about goals: only the
// mentee's first check-in of a calendar month in their zone (no earlier
// check-in of the same pairing and person that month) asks, about each goal
// not yet Done, or answered in this very check-in (so its answer stays on
// the message).
func (d *DB) CheckinGoals(ctx context.Context, checkinID int64) (store.CheckinGoals, error) {
	var out store.CheckinGoals
	err := d.h.Read(ctx, func(tx *sqlx.Tx) (err error) { out, err = checkinGoals(ctx, tx, checkinID); return err })
	if err != nil {
		return store.CheckinGoals{}, fmt.Errorf("store: check-in goals: %w", err)
	}
	return out, nil
}

func checkinGoals(ctx context.Context, tx *sqlx.Tx, checkinID int64) (store.CheckinGoals, error) {
	out := store.CheckinGoals{Answers: map[int64]string{}}
	var c checkinAsk
	err := tx.GetContext(ctx, &c, tx.Rebind(`SELECT c.pairing_id, c.participant_id, pa.mentee_id, c.slot, p.timezone
		FROM checkins c JOIN pairings pa ON pa.id = c.pairing_id JOIN participants p ON p.id = c.participant_id
		WHERE c.id = ?`), checkinID)
	if errors.Is(err, sql.ErrNoRows) {
		return out, fmt.Errorf("check-in %d: %w", checkinID, store.ErrNotFound)
	}
	if err != nil || c.ParticipantID != c.MenteeID {
		return out, err
	}
	var earlier []time.Time
	// A month is at most 31 days: older check-ins cannot share it.
	if err := tx.SelectContext(ctx, &earlier, tx.Rebind(`SELECT slot FROM checkins
		WHERE pairing_id = ? AND participant_id = ? AND slot < ? AND slot > ?`),
		c.PairingID, c.ParticipantID, ts(c.Slot), ts(c.Slot.AddDate(0, 0, -32))); err != nil {
		return out, err
	}
	zone, err := time.LoadLocation(c.Timezone)
	if err != nil {
		zone = time.UTC
	}
	if !store.FirstOfMonth(c.Slot, earlier, zone) {
		return out, nil
	}
	var answers []struct {
		GoalID int64  `db:"goal_id"`
		Status string `db:"status"`
	}
	if err := tx.SelectContext(ctx, &answers, tx.Rebind(`SELECT goal_id, status FROM goal_progress WHERE checkin_id = ?`), checkinID); err != nil {
		return out, err
	}
	for _, a := range answers {
		out.Answers[a.GoalID] = a.Status
	}
	goals, err := goalsOf(ctx, tx, c.PairingID)
	if err != nil {
		return out, err
	}
	for _, g := range goals {
		if _, answered := out.Answers[g.ID]; g.Status != store.GoalDone || answered {
			out.Goals = append(out.Goals, g)
		}
	}
	out.Ask = len(out.Goals) > 0
	return out, nil
}

// RecordGoalProgress stores the mentee's answer about goalID in check-in
// checkinID (the first answer per goal and check-in wins) and makes it the
// goal's status. It reports whether this answer was recorded; a goal,
// check-in or pairing that is not the mentee's, not asked in that
// check-in, or ended is store.ErrNotFound.
func (d *DB) RecordGoalProgress(ctx context.Context, goalID, checkinID int64, menteeSlack, status string) (bool, error) {
	if !store.ValidGoalStatus(status) {
		return false, fmt.Errorf("goal status %q: %w", status, store.ErrInvalid)
	}
	recorded := false
	err := d.h.Write(ctx, func(tx *sqlx.Tx) error {
		recorded = false
		var g store.Goal
		err := tx.GetContext(ctx, &g, tx.Rebind(goalSelect+` WHERE g.id = ?`), goalID)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("goal %d: %w", goalID, store.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if g.MenteeSlack != menteeSlack || g.PairingStatus != "active" {
			return fmt.Errorf("goal %d of %s: %w", goalID, menteeSlack, store.ErrNotFound)
		}
		ask, err := checkinGoals(ctx, tx, checkinID)
		if err != nil {
			return err
		}
		asked := false
		for _, ag := range ask.Goals {
			asked = asked || (ag.ID == goalID && ag.PairingID == g.PairingID)
		}
		if !ask.Ask || !asked {
			return fmt.Errorf("goal %d not asked in check-in %d: %w", goalID, checkinID, store.ErrNotFound)
		}
		now := ts(d.h.Now())
		res, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO goal_progress (goal_id, checkin_id, status, answered_at)
			VALUES (?, ?, ?, ?) ON CONFLICT (goal_id, checkin_id) DO NOTHING`), goalID, checkinID, status, now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		recorded = true
		_, err = tx.ExecContext(ctx, tx.Rebind(`UPDATE goals SET status = ?, updated_at = ? WHERE id = ?`), status, now, goalID)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: goal progress: %w", err)
	}
	return recorded, nil
}
