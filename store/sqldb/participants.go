package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb/circlesql"
)

// SaveProfile creates or updates the participant with p.SlackID. A person who
// left and signs up again starts fresh. It reports whether the row is new.
func (d *DB) SaveProfile(ctx context.Context, p store.Profile) (created bool, err error) {
	if err := p.Validate(); err != nil {
		return false, err
	}
	err = d.tx(ctx, func(tx *sqlx.Tx) error {
		var err error
		created, err = saveProfile(ctx, tx, p, d.Now())
		return err
	})
	return created, err
}

// saveProfile inserts or updates one participant inside tx.
func saveProfile(ctx context.Context, tx *sqlx.Tx, p store.Profile, now time.Time) (created bool, err error) {
	var id int64
	err = tx.GetContext(ctx, &id, tx.Rebind(`SELECT id FROM participants WHERE slack_id = ?`), p.SlackID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		created = true
		err = tx.GetContext(ctx, &id, tx.Rebind(`INSERT INTO participants
			(slack_id, name, role, goals, department, seniority, manager_slack_id, capacity, cadence, timezone, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?) RETURNING id`),
			p.SlackID, p.Name, p.Role, p.Goals, p.Department, p.Seniority, p.ManagerSlackID, p.Capacity, p.Cadence, p.Timezone, now, now)
		if err != nil {
			return false, fmt.Errorf("store: insert participant: %w", err)
		}
	case err != nil:
		return false, fmt.Errorf("store: find participant: %w", err)
	default:
		_, err = tx.ExecContext(ctx, tx.Rebind(`UPDATE participants SET
			name = ?, role = ?, goals = ?, department = ?, seniority = ?, manager_slack_id = ?, capacity = ?,
			cadence = ?, timezone = ?, updated_at = ?,
			status = CASE WHEN status = 'left' THEN 'active' ELSE status END, left_at = NULL, departed_at = NULL
			WHERE id = ?`),
			p.Name, p.Role, p.Goals, p.Department, p.Seniority, p.ManagerSlackID, p.Capacity, p.Cadence, p.Timezone, now, id)
		if err != nil {
			return false, fmt.Errorf("store: update participant: %w", err)
		}
	}
	if err := setTopics(ctx, tx, id, "teach", p.Teaches); err != nil {
		return false, err
	}
	if err := setTopics(ctx, tx, id, "learn", p.Learns); err != nil {
		return false, err
	}
	for _, name := range p.Programs {
		if err := joinProgram(ctx, tx, id, name, now); err != nil {
			return false, err
		}
	}
	return created, nil
}

func setTopics(ctx context.Context, tx *sqlx.Tx, participantID int64, kind string, topics []string) error {
	if _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM participant_topics WHERE participant_id = ? AND kind = ?`), participantID, kind); err != nil {
		return fmt.Errorf("store: clear topics: %w", err)
	}
	seen := map[string]bool{}
	for _, label := range topics {
		label = strings.Join(strings.Fields(label), " ")
		key := store.TopicKey(label)
		if key == "" || seen[key] {
			continue
		}
		seen[key] = true
		if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO topics (key, label) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`), key, label); err != nil {
			return fmt.Errorf("store: topic: %w", err)
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO participant_topics (participant_id, topic_id, kind)
			SELECT ?, id, ? FROM topics WHERE key = ?`), participantID, kind, key); err != nil {
			return fmt.Errorf("store: participant topic: %w", err)
		}
	}
	return nil
}

// Participant returns the person with this Slack ID, with topics and
// programs. A person who left is ErrNotSignedUp.
func (d *DB) Participant(ctx context.Context, slackID string) (store.Participant, error) {
	return d.views.Participant(ctx, slackID, func(ctx context.Context, slackID string) (store.Participant, error) {
		return readValue(ctx, d, func(tx *sqlx.Tx) (store.Participant, error) { return participantBySlackID(ctx, tx, slackID) })
	})
}

func participantBySlackID(ctx context.Context, tx *sqlx.Tx, slackID string) (store.Participant, error) {
	var p store.Participant
	err := tx.GetContext(ctx, &p, tx.Rebind(`SELECT * FROM participants WHERE slack_id = ? AND status <> 'left'`), slackID)
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("participant %s: %w", slackID, store.ErrNotSignedUp)
	}
	if err != nil {
		return p, fmt.Errorf("store: participant: %w", err)
	}
	if err := loadTopicsAndPrograms(ctx, tx, []*store.Participant{&p}); err != nil {
		return p, err
	}
	return p, nil
}

// fewParticipants is up to how many participants loadTopicsAndPrograms
// looks up by id rather than reading the whole tables.
const fewParticipants = 64

// loadTopicsAndPrograms fills Teaches, Learns and Programs, in label order.
// A few participants (a status, a profile: the ack path of a command) are
// looked up by id, so their cost does not grow with the workspace; many
// are filled from one pass over the tables.
func loadTopicsAndPrograms(ctx context.Context, tx *sqlx.Tx, ps []*store.Participant) error {
	if len(ps) == 0 {
		return nil
	}
	byID := make(map[int64]*store.Participant, len(ps))
	var ids []any
	for _, p := range ps {
		byID[p.ID] = p
		ids = append(ids, p.ID)
	}
	topicsOf, membersOf := "", ""
	if len(ps) > fewParticipants {
		ids = nil
	} else {
		in := "IN (?" + strings.Repeat(", ?", len(ids)-1) + ")"
		topicsOf, membersOf = " WHERE pt.participant_id "+in, " WHERE m.participant_id "+in
	}
	var rows []struct {
		ParticipantID int64  `db:"participant_id"`
		Kind          string `db:"kind"`
		Label         string `db:"label"`
	}
	if err := tx.SelectContext(ctx, &rows, tx.Rebind(`SELECT pt.participant_id, pt.kind, t.label
		FROM participant_topics pt JOIN topics t ON t.id = pt.topic_id`+topicsOf+` ORDER BY t.key`), ids...); err != nil {
		return fmt.Errorf("store: topics: %w", err)
	}
	for _, r := range rows {
		p := byID[r.ParticipantID]
		if p == nil {
			continue
		}
		if r.Kind == "teach" {
			p.Teaches = append(p.Teaches, r.Label)
		} else {
			p.Learns = append(p.Learns, r.Label)
		}
	}
	var mem []struct {
		ParticipantID int64  `db:"participant_id"`
		Name          string `db:"name"`
	}
	if err := tx.SelectContext(ctx, &mem, tx.Rebind(`SELECT m.participant_id, pr.name
		FROM program_members m JOIN programs pr ON pr.id = m.program_id`+membersOf+` ORDER BY pr.name`), ids...); err != nil {
		return fmt.Errorf("store: memberships: %w", err)
	}
	for _, m := range mem {
		if p := byID[m.ParticipantID]; p != nil {
			p.Programs = append(p.Programs, m.Name)
		}
	}
	return circlesql.LoadSeats(ctx, tx, ps) // a lead's circles take capacity
}

// Participants lists everyone who has not left, optionally only members of
// the named program, ordered by Slack ID.
func (d *DB) Participants(ctx context.Context, program string) ([]store.Participant, error) {
	var out []store.Participant
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		q := `SELECT * FROM participants WHERE status <> 'left' ORDER BY slack_id`
		args := []any{}
		if program != "" {
			pr, err := programByName(ctx, tx, program)
			if err != nil {
				return err
			}
			q = `SELECT p.* FROM participants p JOIN program_members m ON m.participant_id = p.id
				WHERE m.program_id = ? AND p.status <> 'left' ORDER BY p.slack_id`
			args = append(args, pr.ID)
		}
		if err := tx.SelectContext(ctx, &out, tx.Rebind(q), args...); err != nil {
			return fmt.Errorf("store: participants: %w", err)
		}
		ptrs := make([]*store.Participant, len(out))
		for i := range out {
			ptrs[i] = &out[i]
		}
		return loadTopicsAndPrograms(ctx, tx, ptrs)
	})
	return out, err
}

// Pause stops matching and nudges for the person until until (nil = until
// they resume).
func (d *DB) Pause(ctx context.Context, slackID string, until *time.Time) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		p, err := participantBySlackID(ctx, tx, slackID)
		if err != nil {
			return err
		}
		var u any
		if until != nil {
			u = ts(*until)
		}
		_, err = tx.ExecContext(ctx, tx.Rebind(`UPDATE participants SET status = 'paused', paused_until = ?, updated_at = ? WHERE id = ?`), u, d.Now(), p.ID)
		return err
	})
}

// Resume makes a paused person active again. Resuming an active person is
// ErrAlreadyDone.
func (d *DB) Resume(ctx context.Context, slackID string) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		p, err := participantBySlackID(ctx, tx, slackID)
		if err != nil {
			return err
		}
		if p.Status == store.StatusActive {
			return fmt.Errorf("resume %s: %w", slackID, store.ErrAlreadyDone)
		}
		_, err = tx.ExecContext(ctx, tx.Rebind(`UPDATE participants SET status = 'active', paused_until = NULL, updated_at = ? WHERE id = ?`), d.Now(), p.ID)
		return err
	})
}

// ResumeExpiredPauses wakes everyone whose pause ran out and returns their
// Slack IDs.
func (d *DB) ResumeExpiredPauses(ctx context.Context) ([]string, error) {
	var ids []string
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		now := d.Now()
		if err := tx.SelectContext(ctx, &ids, tx.Rebind(`SELECT slack_id FROM participants
			WHERE status = 'paused' AND paused_until IS NOT NULL AND paused_until <= ? ORDER BY slack_id`), now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE participants SET status = 'active', paused_until = NULL, updated_at = ?
			WHERE status = 'paused' AND paused_until IS NOT NULL AND paused_until <= ?`), now, now)
		return err
	})
	return ids, err
}

// MarkUnreachable records that the person cannot be messaged. It reports
// whether this is news (so admins are told once).
func (d *DB) MarkUnreachable(ctx context.Context, slackID, why string) (first bool, err error) {
	err = d.tx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE participants SET unreachable_at = ?, unreachable_why = ?
			WHERE slack_id = ? AND unreachable_at IS NULL`), d.Now(), why, slackID)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		first = n > 0
		return nil
	})
	return first, err
}

// ClearUnreachable forgets an earlier delivery failure (the person is back).
func (d *DB) ClearUnreachable(ctx context.Context, slackID string) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE participants SET unreachable_at = NULL, unreachable_why = '' WHERE slack_id = ?`), slackID)
		return err
	})
}
