package circlesql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb/lifecyclesql"
)

// A circle may belong to a program (picked when it is created) and closes
// with it: when an admin closes the program, or on the program's end date
// (docs/circles.md, "Closing").

// Close reasons of circles that closed with their program.
const (
	ReasonProgramClosed = "program closed"
	ReasonProgramEnded  = "program ended"
)

// programForCircle finds the open program a new circle joins, by name: an
// unknown or closed one is ErrNotFound, one whose end date has passed
// ErrInvalid.
func programForCircle(ctx context.Context, tx *sqlx.Tx, name string, now time.Time) (int64, error) {
	var p struct {
		ID     int64  `db:"id"`
		EndsOn string `db:"ends_on"`
	}
	err := tx.GetContext(ctx, &p, tx.Rebind(`SELECT id, ends_on FROM programs WHERE name = ? AND status = 'open'`), name)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("program %q: %w", name, store.ErrNotFound)
	}
	if err != nil {
		return 0, err
	}
	if end, ok := lifecyclesql.ProgramEnd(p.EndsOn); ok && !end.After(now) {
		return 0, fmt.Errorf("program %q ended: %w", name, store.ErrInvalid)
	}
	return p.ID, nil
}

// closeWithPrompt closes an open circle at `at` (a compare-and-set on its
// status: of two callers one closes it) and writes the closing prompt to
// each active person still in it, lead included, under the outbox's unique
// key (slot at): missed instead of pending when at is more than grace
// before now (grace 0: never). It reports whether it closed the circle.
func closeWithPrompt(ctx context.Context, tx *sqlx.Tx, circleID int64, reason string, at, now time.Time, grace time.Duration) (bool, error) {
	at = ts(at).Truncate(time.Second)
	res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE circles SET status = 'closed', closed_at = ?, close_reason = ? WHERE id = ? AND status = 'open'`),
		at, reason, circleID)
	if err != nil {
		return false, fmt.Errorf("store: close circle: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	state, note := "pending", ""
	if grace > 0 && now.Sub(at) > grace {
		state, note = "missed", "older than the catch-up grace"
	}
	if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO deliveries (recipient_id, pairing_id, kind, slot, state, not_before, last_error, created_at)
		SELECT p.id, ?, ?, ?, ?, ?, ?, ? FROM participants p WHERE p.status = 'active'
		AND (p.id = (SELECT lead_id FROM circles WHERE id = ?)
			OR p.id IN (SELECT participant_id FROM circle_members WHERE circle_id = ? AND left_at IS NULL))
		ON CONFLICT (recipient_id, pairing_id, kind, slot) DO NOTHING`),
		circleID, store.KindCircleFeedbackEnd, at, state, at, note, ts(now), circleID, circleID); err != nil {
		return false, fmt.Errorf("store: closing prompt: %w", err)
	}
	return true, nil
}

// CloseProgramCircles closes the open circles of a program an admin is
// closing, in the program's transaction, each with its closing prompt.
func CloseProgramCircles(ctx context.Context, tx *sqlx.Tx, programID int64, now time.Time) error {
	var ids []int64
	if err := tx.SelectContext(ctx, &ids, tx.Rebind(`SELECT id FROM circles WHERE program_id = ? AND status = 'open' ORDER BY id`), programID); err != nil {
		return fmt.Errorf("store: circles of a program: %w", err)
	}
	for _, id := range ids {
		if _, err := closeWithPrompt(ctx, tx, id, ReasonProgramClosed, now, now, 0); err != nil {
			return err
		}
	}
	return nil
}

// EndDueCircles closes the open circles whose program's end date has come,
// on that date, each with its closing prompt (slot: the end; missed when
// more than grace late). Each circle closes once whatever the runs,
// restarts and replicas (closeWithPrompt's compare-and-set and the
// outbox's key). It returns the circles it closed.
func (s *Store) EndDueCircles(ctx context.Context, now time.Time, grace time.Duration) (closed []int64, err error) {
	type due struct {
		id  int64
		end time.Time
	}
	// A read finds what is due (the job runs every few seconds, and
	// mostly nothing is); the write closes each with a compare-and-set.
	var dues []due
	err = s.db.Read(ctx, func(tx *sqlx.Tx) error {
		dues = nil
		var rows []struct {
			ID     int64  `db:"id"`
			EndsOn string `db:"ends_on"`
		}
		if err := tx.SelectContext(ctx, &rows, `SELECT ci.id, pr.ends_on FROM circles ci JOIN programs pr ON pr.id = ci.program_id
			WHERE ci.status = 'open' AND pr.ends_on <> '' ORDER BY ci.id`); err != nil {
			return err
		}
		for _, r := range rows {
			if end, ok := lifecyclesql.ProgramEnd(r.EndsOn); ok && !end.After(now) {
				dues = append(dues, due{r.ID, end})
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: circles due to end: %w", err)
	}
	if len(dues) == 0 {
		return nil, nil
	}
	err = s.db.Write(ctx, func(tx *sqlx.Tx) error {
		closed = nil
		for _, r := range dues {
			done, err := closeWithPrompt(ctx, tx, r.id, ReasonProgramEnded, r.end, now, grace)
			if err != nil {
				return err
			}
			if done {
				closed = append(closed, r.id)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: end due circles: %w", err)
	}
	return closed, nil
}
