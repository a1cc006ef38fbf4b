package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// Program is a cohort with its own dates and check-in cadence.
type Program struct {
	ID          int64      `db:"id"`
	Name        string     `db:"name"`
	Description string     `db:"description"`
	StartsOn    string     `db:"starts_on"`
	EndsOn      string     `db:"ends_on"`
	Cadence     string     `db:"cadence"`
	Status      string     `db:"status"`
	CreatedBy   string     `db:"created_by"`
	CreatedAt   time.Time  `db:"created_at"`
	ClosedAt    *time.Time `db:"closed_at"`
	Members     int        `db:"members"`
}

// NewProgram is what an admin fills in to create a program.
type NewProgram struct {
	Name, Description, StartsOn, EndsOn, Cadence, CreatedBy string
}

// CreateProgram adds a program; a taken name is ErrConflict.
func (d *DB) CreateProgram(ctx context.Context, np NewProgram) (Program, error) {
	var p Program
	if np.Cadence == "" {
		np.Cadence = CadenceWeekly
	}
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		var n int
		if err := tx.GetContext(ctx, &n, tx.Rebind(`SELECT COUNT(*) FROM programs WHERE name = ?`), np.Name); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("program %q: %w", np.Name, ErrConflict)
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
func (d *DB) Programs(ctx context.Context) ([]Program, error) {
	var ps []Program
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &ps, `SELECT pr.*, (SELECT COUNT(*) FROM program_members m JOIN participants p ON p.id = m.participant_id
			WHERE m.program_id = pr.id AND p.status <> 'left') AS members
			FROM programs pr ORDER BY CASE pr.status WHEN 'open' THEN 0 ELSE 1 END, pr.name`)
	})
	return ps, err
}

// Program returns the named program.
func (d *DB) Program(ctx context.Context, name string) (Program, error) {
	return readValue(ctx, d, func(tx *sqlx.Tx) (Program, error) { return programByName(ctx, tx, name) })
}

// CloseProgram closes the program and ends its active pairings, returning
// them so both people can be told and asked for feedback.
func (d *DB) CloseProgram(ctx context.Context, name string) ([]Pairing, error) {
	var ended []Pairing
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		p, err := programByName(ctx, tx, name)
		if err != nil {
			return err
		}
		if p.Status == "closed" {
			return fmt.Errorf("program %q closed already: %w", name, ErrAlreadyDone)
		}
		now := d.Now()
		if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE programs SET status = 'closed', closed_at = ? WHERE id = ?`), now, p.ID); err != nil {
			return err
		}
		if err := tx.SelectContext(ctx, &ended, tx.Rebind(pairingSelect+` WHERE pa.program_id = ? AND pa.status = 'active' ORDER BY pa.id`), p.ID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, tx.Rebind(`UPDATE pairings SET status = 'ended', ended_at = ?, end_reason = 'program closed'
			WHERE program_id = ? AND status = 'active'`), now, p.ID)
		return err
	})
	return ended, err
}

func programByName(ctx context.Context, tx *sqlx.Tx, name string) (Program, error) {
	var p Program
	err := tx.GetContext(ctx, &p, tx.Rebind(`SELECT pr.*, (SELECT COUNT(*) FROM program_members m JOIN participants p ON p.id = m.participant_id
		WHERE m.program_id = pr.id AND p.status <> 'left') AS members FROM programs pr WHERE pr.name = ?`), name)
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("program %q: %w", name, ErrNotFound)
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
		return fmt.Errorf("program %q is closed: %w", name, ErrInvalid)
	}
	_, err = tx.ExecContext(ctx, tx.Rebind(`INSERT INTO program_members (program_id, participant_id, joined_at) VALUES (?, ?, ?)
		ON CONFLICT (program_id, participant_id) DO NOTHING`), p.ID, participantID, now)
	return err
}
