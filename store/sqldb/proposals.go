package sqldb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
)

// MatchFingerprint summarises everything a matching depends on (sign-ups,
// profiles, pauses, pairings). A preview is confirmed only while it is
// unchanged.
func (d *DB) MatchFingerprint(ctx context.Context) (string, error) {
	var fp string
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		var err error
		fp, err = matchFingerprint(ctx, tx)
		return err
	})
	return fp, err
}

func matchFingerprint(ctx context.Context, tx *sqlx.Tx) (string, error) {
	h := sha256.New()
	// Every row a matching reads, in a fixed order: any change to who is
	// available, their profile, topics, programs or pairings changes the sum.
	queries := []string{
		`SELECT id, slack_id, role, status, capacity, manager_slack_id, seniority, department, timezone, goals,
			CASE WHEN unreachable_at IS NULL THEN 0 ELSE 1 END FROM participants ORDER BY id`,
		`SELECT participant_id, topic_id, kind FROM participant_topics ORDER BY participant_id, topic_id, kind`,
		`SELECT program_id, participant_id FROM program_members ORDER BY program_id, participant_id`,
		`SELECT id, status FROM pairings ORDER BY id`,
	}
	for _, q := range queries {
		rows, err := tx.QueryContext(ctx, q)
		if err != nil {
			return "", fmt.Errorf("store: fingerprint: %w", err)
		}
		cols, _ := rows.Columns()
		vals := make([]sql.RawBytes, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return "", err
			}
			for _, v := range vals {
				fmt.Fprintf(h, "%d:%s|", len(v), v)
			}
			h.Write([]byte{'\n'})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return "", err
		}
		h.Write([]byte("--\n"))
	}
	return hex.EncodeToString(h.Sum(nil)[:12]), nil
}

// SaveProposal stores a matching preview and returns its id.
func (d *DB) SaveProposal(ctx context.Context, program, adminID, fingerprint, body string) (int64, error) {
	var id int64
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		var programID any
		if program != "" {
			pr, err := programByName(ctx, tx, program)
			if err != nil {
				return err
			}
			programID = pr.ID
		}
		return tx.GetContext(ctx, &id, tx.Rebind(`INSERT INTO match_proposals (program_id, admin_id, fingerprint, body, status, created_at)
			VALUES (?, ?, ?, ?, 'pending', ?) RETURNING id`), programID, adminID, fingerprint, body, d.Now())
	})
	return id, err
}

// Proposal returns one stored preview.
func (d *DB) Proposal(ctx context.Context, id int64) (store.Proposal, error) {
	var p store.Proposal
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &p, tx.Rebind(`SELECT * FROM match_proposals WHERE id = ?`), id)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("proposal %d: %w", id, store.ErrNotFound)
		}
		return err
	})
	return p, err
}

// ConfirmProposal creates the preview's pairings, all or none, exactly once:
// a decided preview is ErrAlreadyDone; one whose data changed since it was
// computed is marked stale and is ErrStale.
func (d *DB) ConfirmProposal(ctx context.Context, id int64, pairs []store.ProposedPair, program string) ([]store.Pairing, error) {
	var created []store.Pairing
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		created = nil // a retried attempt starts afresh
		var p store.Proposal
		if err := tx.GetContext(ctx, &p, tx.Rebind(`SELECT * FROM match_proposals WHERE id = ?`), id); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("proposal %d: %w", id, store.ErrNotFound)
			}
			return err
		}
		if p.Status != "pending" {
			return fmt.Errorf("proposal %d is %s: %w", id, p.Status, store.ErrAlreadyDone)
		}
		fp, err := matchFingerprint(ctx, tx)
		if err != nil {
			return err
		}
		now := d.Now()
		if fp != p.Fingerprint {
			if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE match_proposals SET status = 'stale', decided_at = ? WHERE id = ?`), now, id); err != nil {
				return err
			}
			return commitAnyway{fmt.Errorf("proposal %d: %w", id, store.ErrStale)}
		}
		for _, pp := range pairs {
			pa, err := createPairing(ctx, tx, store.NewPairing{MentorSlack: pp.MentorSlack, MenteeSlack: pp.MenteeSlack, Program: program,
				Source: store.SourceMatch, Score: pp.Score, Reasons: strings.Join(pp.Reasons, "; ")}, now)
			if err != nil {
				return fmt.Errorf("pair %s with %s: %w", pp.MentorSlack, pp.MenteeSlack, err)
			}
			created = append(created, pa)
		}
		_, err = tx.ExecContext(ctx, tx.Rebind(`UPDATE match_proposals SET status = 'confirmed', decided_at = ? WHERE id = ?`), now, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return created, nil
}

// CancelProposal marks a pending preview cancelled; a decided one is
// ErrAlreadyDone.
func (d *DB) CancelProposal(ctx context.Context, id int64) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE match_proposals SET status = 'cancelled', decided_at = ? WHERE id = ? AND status = 'pending'`), d.Now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("proposal %d: %w", id, store.ErrAlreadyDone)
		}
		return nil
	})
}
