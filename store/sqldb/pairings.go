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

// pairingSelect reads a pairing with both people and its program. The
// pairing's cadence is the slower of the two people's (and the program's).
const pairingSelect = `SELECT pa.id, pa.program_id, COALESCE(pr.name, '') AS program_name,
	pa.mentor_id, pa.mentee_id, mr.slack_id AS mentor_slack, me.slack_id AS mentee_slack,
	mr.name AS mentor_name, me.name AS mentee_name, pa.status, pa.source, pa.score, pa.reasons,
	pa.channel_id, pa.started_at, pa.ended_at, pa.end_reason, pa.at_risk_reason, pa.at_risk_at, pa.ends_at,
	CASE WHEN 'monthly' IN (mr.cadence, me.cadence, COALESCE(pr.cadence, '')) THEN 'monthly'
	     WHEN 'biweekly' IN (mr.cadence, me.cadence, COALESCE(pr.cadence, '')) THEN 'biweekly'
	     ELSE 'weekly' END AS cadence
	FROM pairings pa
	JOIN participants mr ON mr.id = pa.mentor_id
	JOIN participants me ON me.id = pa.mentee_id
	LEFT JOIN programs pr ON pr.id = pa.program_id`

// CreatePairing checks the hard rules and creates an active pairing:
// never self, never a person's own manager, never a pair that is active, and
// never a pair from history unless AllowRepeat.
func (d *DB) CreatePairing(ctx context.Context, np store.NewPairing) (store.Pairing, error) {
	var out store.Pairing
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		var err error
		out, err = createPairing(ctx, tx, np, d.Now())
		return err
	})
	return out, err
}

func createPairing(ctx context.Context, tx *sqlx.Tx, np store.NewPairing, now time.Time) (store.Pairing, error) {
	if np.MentorSlack == np.MenteeSlack {
		return store.Pairing{}, fmt.Errorf("a person cannot mentor themselves: %w", store.ErrPairForbidden)
	}
	mentor, err := participantBySlackID(ctx, tx, np.MentorSlack)
	if err != nil {
		return store.Pairing{}, err
	}
	mentee, err := participantBySlackID(ctx, tx, np.MenteeSlack)
	if err != nil {
		return store.Pairing{}, err
	}
	if mentor.ManagerSlackID == mentee.SlackID || mentee.ManagerSlackID == mentor.SlackID {
		return store.Pairing{}, fmt.Errorf("%s manages the other: %w", np.MentorSlack, store.ErrPairForbidden)
	}
	var before []string
	if err := tx.SelectContext(ctx, &before, tx.Rebind(`SELECT status FROM pairings
		WHERE (mentor_id = ? AND mentee_id = ?) OR (mentor_id = ? AND mentee_id = ?)`),
		mentor.ID, mentee.ID, mentee.ID, mentor.ID); err != nil {
		return store.Pairing{}, err
	}
	for _, s := range before {
		if s == "active" {
			return store.Pairing{}, fmt.Errorf("already paired: %w", store.ErrConflict)
		}
	}
	if len(before) > 0 && !np.AllowRepeat {
		return store.Pairing{}, fmt.Errorf("paired before: %w", store.ErrPairForbidden)
	}
	var programID any
	if np.Program != "" {
		pr, err := programByName(ctx, tx, np.Program)
		if err != nil {
			return store.Pairing{}, err
		}
		if pr.Status != "open" {
			return store.Pairing{}, fmt.Errorf("program %q is closed: %w", np.Program, store.ErrInvalid)
		}
		programID = pr.ID
		for _, pid := range []int64{mentor.ID, mentee.ID} {
			if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO program_members (program_id, participant_id, joined_at) VALUES (?, ?, ?)
				ON CONFLICT (program_id, participant_id) DO NOTHING`), pr.ID, pid, now); err != nil {
				return store.Pairing{}, err
			}
		}
	}
	source := np.Source
	if source == "" {
		source = store.SourceManual
	}
	var id int64
	if err := tx.GetContext(ctx, &id, tx.Rebind(`INSERT INTO pairings (program_id, mentor_id, mentee_id, status, source, score, reasons, started_at)
		VALUES (?, ?, ?, 'active', ?, ?, ?, ?) RETURNING id`),
		programID, mentor.ID, mentee.ID, source, np.Score, np.Reasons, now); err != nil {
		return store.Pairing{}, fmt.Errorf("store: create pairing: %w", err)
	}
	return pairingByID(ctx, tx, id)
}

func pairingByID(ctx context.Context, tx *sqlx.Tx, id int64) (store.Pairing, error) {
	var p store.Pairing
	err := tx.GetContext(ctx, &p, tx.Rebind(pairingSelect+` WHERE pa.id = ?`), id)
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("pairing %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return p, fmt.Errorf("store: pairing: %w", err)
	}
	return p, nil
}

// PairingByID returns one pairing.
func (d *DB) PairingByID(ctx context.Context, id int64) (store.Pairing, error) {
	return readValue(ctx, d, func(tx *sqlx.Tx) (store.Pairing, error) { return pairingByID(ctx, tx, id) })
}

// SetPairingIntro records the group DM that introduces the pair and the
// introduction's message ts (Leave rewrites it).
func (d *DB) SetPairingIntro(ctx context.Context, id int64, channelID, ts string) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE pairings SET channel_id = ?, intro_ts = ? WHERE id = ?`), channelID, ts, id)
		return err
	})
}

// ActivePairings lists the person's active pairings, as mentor or mentee.
func (d *DB) ActivePairings(ctx context.Context, slackID string) ([]store.Pairing, error) {
	var ps []store.Pairing
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &ps, tx.Rebind(pairingSelect+` WHERE pa.status = 'active' AND (mr.slack_id = ? OR me.slack_id = ?) ORDER BY pa.id`), slackID, slackID)
	})
	return ps, err
}

// AllActivePairings lists every active pairing, optionally of one program.
func (d *DB) AllActivePairings(ctx context.Context, program string) ([]store.Pairing, error) {
	var ps []store.Pairing
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		if program == "" {
			return tx.SelectContext(ctx, &ps, pairingSelect+` WHERE pa.status = 'active' ORDER BY pa.id`)
		}
		return tx.SelectContext(ctx, &ps, tx.Rebind(pairingSelect+` WHERE pa.status = 'active' AND pr.name = ? ORDER BY pa.id`), program)
	})
	return ps, err
}

// EndPairing ends the active pairing between a and b (in either role).
func (d *DB) EndPairing(ctx context.Context, a, b, reason string) (store.Pairing, error) {
	var out store.Pairing
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		var id int64
		err := tx.GetContext(ctx, &id, tx.Rebind(`SELECT pa.id FROM pairings pa
			JOIN participants mr ON mr.id = pa.mentor_id JOIN participants me ON me.id = pa.mentee_id
			WHERE pa.status = 'active' AND ((mr.slack_id = ? AND me.slack_id = ?) OR (mr.slack_id = ? AND me.slack_id = ?))`), a, b, b, a)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("no active pairing of %s and %s: %w", a, b, store.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if err := endPairing(ctx, tx, id, reason, d.Now()); err != nil {
			return err
		}
		out, err = pairingByID(ctx, tx, id)
		return err
	})
	return out, err
}

// EndPairingByID ends one pairing; an ended one is ErrAlreadyDone.
func (d *DB) EndPairingByID(ctx context.Context, id int64, reason string) (store.Pairing, error) {
	var out store.Pairing
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		p, err := pairingByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if p.Status != "active" {
			return fmt.Errorf("pairing %d: %w", id, store.ErrAlreadyDone)
		}
		if err := endPairing(ctx, tx, id, reason, d.Now()); err != nil {
			return err
		}
		out, err = pairingByID(ctx, tx, id)
		return err
	})
	return out, err
}

func endPairing(ctx context.Context, tx *sqlx.Tx, id int64, reason string, now time.Time) error {
	_, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE pairings SET status = 'ended', ended_at = ?, end_reason = ? WHERE id = ? AND status = 'active'`), now, reason, id)
	return err
}

// PairHistory returns every pair of Slack IDs ever paired (active or ended),
// keyed "mentor|mentee", for the matcher's never-twice rule.
func (d *DB) PairHistory(ctx context.Context) (map[[2]string]bool, error) {
	var out map[[2]string]bool
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		out = map[[2]string]bool{} // a retried read starts afresh
		var rows []struct {
			Mentor string `db:"mentor_slack"`
			Mentee string `db:"mentee_slack"`
		}
		if err := tx.SelectContext(ctx, &rows, `SELECT mr.slack_id AS mentor_slack, me.slack_id AS mentee_slack FROM pairings pa
			JOIN participants mr ON mr.id = pa.mentor_id JOIN participants me ON me.id = pa.mentee_id`); err != nil {
			return err
		}
		for _, r := range rows {
			out[[2]string{r.Mentor, r.Mentee}] = true
		}
		return nil
	})
	return out, err
}

// MarkAtRisk flags a pairing for admins; the first reason is kept. It
// reports whether the flag is new.
func (d *DB) MarkAtRisk(ctx context.Context, pairingID int64, reason string) (first bool, err error) {
	err = d.tx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE pairings SET at_risk_reason = ?, at_risk_at = ? WHERE id = ? AND at_risk_at IS NULL AND status = 'active'`),
			reason, d.Now(), pairingID)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		first = n > 0
		return nil
	})
	return first, err
}
