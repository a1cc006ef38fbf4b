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

const goalSelect = `SELECT g.id, g.pairing_id, g.position, g.text, g.target_date, g.status, g.updated_at,
	me.slack_id AS mentee_slack, pa.status AS pairing_status
	FROM goals g JOIN pairings pa ON pa.id = g.pairing_id JOIN participants me ON me.id = pa.mentee_id`

// SetGoals replaces the goals of an active pairing with goals (already
// cleaned, store.CleanGoals), position by position: a goal whose text
// changed keeps its progress, positions left empty are deleted. Only the
// pairing's mentee may set them: anyone else, or an ended pairing, is
// store.ErrNotFound.
func (d *DB) SetGoals(ctx context.Context, pairingID int64, menteeSlack string, goals []store.GoalInput) ([]store.Goal, error) {
	if len(goals) == 0 || len(goals) > store.MaxGoals {
		return nil, fmt.Errorf("store: %d goals: %w", len(goals), store.ErrInvalid)
	}
	var out []store.Goal
	err := d.h.Write(ctx, func(tx *sqlx.Tx) error {
		var p struct {
			Status string `db:"status"`
			Mentee string `db:"mentee_slack"`
		}
		err := tx.GetContext(ctx, &p, tx.Rebind(`SELECT pa.status, me.slack_id AS mentee_slack FROM pairings pa
			JOIN participants me ON me.id = pa.mentee_id WHERE pa.id = ?`), pairingID)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && (p.Status != "active" || p.Mentee != menteeSlack)) {
			return fmt.Errorf("pairing %d of mentee %s: %w", pairingID, menteeSlack, store.ErrNotFound)
		}
		if err != nil {
			return err
		}
		now := ts(d.h.Now())
		for i, g := range goals {
			if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO goals (pairing_id, position, text, target_date, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (pairing_id, position)
				DO UPDATE SET text = excluded.text, target_date = excluded.target_date, updated_at = excluded.updated_at`),
				pairingID, i+1, g.Text, g.Target, now, now); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM goal_progress WHERE goal_id IN
			(SELECT id FROM goals WHERE pairing_id = ? AND position > ?)`), pairingID, len(goals)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM goals WHERE pairing_id = ? AND position > ?`), pairingID, len(goals)); err != nil {
			return err
		}
		out, err = goalsOf(ctx, tx, pairingID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: set goals: %w", err)
	}
	return out, nil
}

func goalsOf(ctx context.Context, tx *sqlx.Tx, pairingID int64) ([]store.Goal, error) {
	out := []store.Goal{}
	err := tx.SelectContext(ctx, &out, tx.Rebind(goalSelect+` WHERE g.pairing_id = ? ORDER BY g.position`), pairingID)
	return out, err
}

// Goals lists a pairing's goals in order ([] when none).
func (d *DB) Goals(ctx context.Context, pairingID int64) ([]store.Goal, error) {
	var out []store.Goal
	err := d.h.Read(ctx, func(tx *sqlx.Tx) (err error) { out, err = goalsOf(ctx, tx, pairingID); return err })
	if err != nil {
		return nil, fmt.Errorf("store: goals: %w", err)
	}
	return out, nil
}

// GoalByID reads one goal with its pairing's mentee (the gate's lookup).
func (d *DB) GoalByID(ctx context.Context, id int64) (store.Goal, error) {
	var g store.Goal
	err := d.h.Read(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &g, tx.Rebind(goalSelect+` WHERE g.id = ?`), id)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return store.Goal{}, fmt.Errorf("goal %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return store.Goal{}, fmt.Errorf("store: goal: %w", err)
	}
	return g, nil
}

// GoalsDone counts the goals of a pairing its mentee marked Done (the
// closing recap's "goals done").
func (d *DB) GoalsDone(ctx context.Context, pairingID int64) (int, error) {
	var n int
	err := d.h.Read(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &n, tx.Rebind(`SELECT COUNT(*) FROM goals WHERE pairing_id = ? AND status = 'done'`), pairingID)
	})
	if err != nil {
		return 0, fmt.Errorf("store: goals done: %w", err)
	}
	return n, nil
}

// EraseGoalsOf blanks the free text of the goals of every pairing of
// participant id (leave and retention run it inside their erasure); the
// statuses stay as anonymous counts.
func EraseGoalsOf(ctx context.Context, tx *sqlx.Tx, participantID int64) error {
	_, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE goals SET text = '', target_date = ''
		WHERE pairing_id IN (SELECT id FROM pairings WHERE mentor_id = ? OR mentee_id = ?)`), participantID, participantID)
	return err
}

// IntroOf is where a pairing's introduction was posted ("" when unknown
// or erased): the goals are shown by rewriting it.
func (d *DB) IntroOf(ctx context.Context, pairingID int64) (channel, msgTS string, err error) {
	var rows []struct {
		Channel string `db:"channel_id"`
		TS      string `db:"intro_ts"`
	}
	err = d.h.Read(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &rows, tx.Rebind(`SELECT channel_id, intro_ts FROM pairings WHERE id = ?`), pairingID)
	})
	if err != nil || len(rows) == 0 {
		return "", "", err
	}
	return rows[0].Channel, rows[0].TS, nil
}

// The export's queries (sqldb.ExportPerson): the goals of every pairing of
// participant ? (twice), and that participant's own fit answers.
const (
	ExportGoals = `SELECT g.pairing_id, g.position, g.text, g.target_date, g.status, g.updated_at FROM goals g
		JOIN pairings pa ON pa.id = g.pairing_id WHERE pa.mentor_id = ? OR pa.mentee_id = ? ORDER BY g.pairing_id, g.position`
	ExportFitAnswers = `SELECT pairing_id, answer, answered_at FROM fit_answers WHERE participant_id = ? ORDER BY answered_at, pairing_id`
)

// EraseEndedGoals blanks the free text of the goals of every pairing that
// ended before cutoff (the retention job, as for feedback text) and
// reports how many goals it blanked.
func EraseEndedGoals(ctx context.Context, tx *sqlx.Tx, cutoff time.Time) (int, error) {
	res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE goals SET text = '', target_date = ''
		WHERE (text <> '' OR target_date <> '')
		AND pairing_id IN (SELECT id FROM pairings WHERE status = 'ended' AND ended_at <= ?)`), ts(cutoff))
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
