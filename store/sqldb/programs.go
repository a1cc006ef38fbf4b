package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb/circlesql"
)

// CreateProgram adds a program; a taken name is ErrConflict.
func (d *DB) CreateProgram(ctx context.Context, np store.NewProgram) (store.Program, error) {
	var p store.Program
	if np.Cadence == "" {
		np.Cadence = store.CadenceWeekly
	}
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		var n int
		if err := tx.GetContext(ctx, &n, tx.Rebind(`SELECT COUNT(*) FROM programs WHERE name = ?`), np.Name); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("program %q: %w", np.Name, store.ErrConflict)
		}
		var id int64
		if err := tx.GetContext(ctx, &id, tx.Rebind(`INSERT INTO programs (name, description, starts_on, ends_on, cadence, status, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, 'open', ?, ?) RETURNING id`),
			np.Name, np.Description, np.StartsOn, np.EndsOn, np.Cadence, np.CreatedBy, d.Now()); err != nil {
			return fmt.Errorf("store: create program: %w", err)
		}
		var err error
		p, err = programByName(ctx, tx, np.Name)
		return err
	})
	return p, err
}

// Programs lists every program, open ones first, then by name.
func (d *DB) Programs(ctx context.Context) ([]store.Program, error) {
	return d.views.Programs(ctx, d.programs)
}

func (d *DB) programs(ctx context.Context) (ps []store.Program, err error) {
	err = d.read(ctx, func(tx *sqlx.Tx) error { return tx.SelectContext(ctx, &ps, programsQuery) })
	return ps, err
}

const programsQuery = `SELECT pr.*, (SELECT COUNT(*) FROM program_members m JOIN participants p ON p.id = m.participant_id
	WHERE m.program_id = pr.id AND p.status <> 'left') AS members
	FROM programs pr ORDER BY CASE pr.status WHEN 'open' THEN 0 ELSE 1 END, pr.name`

// Program returns the named program.
func (d *DB) Program(ctx context.Context, name string) (store.Program, error) {
	return readValue(ctx, d, func(tx *sqlx.Tx) (store.Program, error) { return programByName(ctx, tx, name) })
}

// CloseProgram closes the program and ends its active pairings, returning
// them so both people can be told and asked for feedback.
func (d *DB) CloseProgram(ctx context.Context, name string) ([]store.Pairing, error) {
	var ended []store.Pairing
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		p, err := programByName(ctx, tx, name)
		if err != nil {
			return err
		}
		if p.Status == "closed" {
			return fmt.Errorf("program %q closed already: %w", name, store.ErrAlreadyDone)
		}
		now := d.Now()
		if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE programs SET status = 'closed', closed_at = ? WHERE id = ?`), now, p.ID); err != nil {
			return err
		}
		if err := tx.SelectContext(ctx, &ended, tx.Rebind(pairingSelect+` WHERE pa.program_id = ? AND pa.status = 'active' ORDER BY pa.id`), p.ID); err != nil {
			return err
		}
		if _, err = tx.ExecContext(ctx, tx.Rebind(`UPDATE pairings SET status = 'ended', ended_at = ?, end_reason = 'program closed'
			WHERE program_id = ? AND status = 'active'`), now, p.ID); err != nil {
			return err
		}
		return circlesql.CloseProgramCircles(ctx, tx, p.ID, now) // its circles close too, with their closing prompt
	})
	return ended, err
}

func programByName(ctx context.Context, tx *sqlx.Tx, name string) (store.Program, error) {
	var p store.Program
	err := tx.GetContext(ctx, &p, tx.Rebind(`SELECT pr.*, (SELECT COUNT(*) FROM program_members m JOIN participants p ON p.id = m.participant_id
		WHERE m.program_id = pr.id AND p.status <> 'left') AS members FROM programs pr WHERE pr.name = ?`), name)
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("program %q: %w", name, store.ErrNotFound)
	}
	if err != nil {
		return p, fmt.Errorf("store: program: %w", err)
	}
	return p, nil
}

func joinProgram(ctx context.Context, tx *sqlx.Tx, participantID int64, name string, now time.Time) error {
	p, err := programByName(ctx, tx, name)
	if err != nil {
		return err
	}
	if p.Status != "open" {
		return fmt.Errorf("program %q is closed: %w", name, store.ErrInvalid)
	}
	_, err = tx.ExecContext(ctx, tx.Rebind(`INSERT INTO program_members (program_id, participant_id, joined_at) VALUES (?, ?, ?)
		ON CONFLICT (program_id, participant_id) DO NOTHING`), p.ID, participantID, now)
	return err
}
