package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// Export is everything the bot stores about one person.
type Export struct {
	ExportedAt time.Time        `json:"exported_at"`
	Profile    Participant      `json:"profile"`
	Pairings   []Pairing        `json:"pairings"`
	CheckIns   []ExportCheckIn  `json:"check_ins"`
	Feedback   []ExportFeedback `json:"feedback"`
	Requests   []ExportRequest  `json:"match_requests"`
	Deliveries []ExportDelivery `json:"messages_sent"`
}

// ExportCheckIn is one check-in the person was asked.
type ExportCheckIn struct {
	PairingID  int64      `db:"pairing_id" json:"pairing_id"`
	Slot       time.Time  `db:"slot" json:"slot"`
	SentAt     *time.Time `db:"sent_at" json:"sent_at"`
	Answer     string     `db:"answer" json:"answer"`
	AnsweredAt *time.Time `db:"answered_at" json:"answered_at"`
}

// ExportFeedback is feedback the person gave (their own words only).
type ExportFeedback struct {
	PairingID int64     `db:"pairing_id" json:"pairing_id"`
	Rating    int       `db:"rating" json:"rating"`
	WentWell  string    `db:"went_well" json:"went_well"`
	ToChange  string    `db:"to_change" json:"to_change"`
	Progress  string    `db:"progress" json:"progress"`
	CreatedAt time.Time `db:"created_at" json:"created_at"`
}

// ExportRequest is a mentor request the person made or received.
type ExportRequest struct {
	MenteeSlack string    `db:"mentee_slack" json:"mentee"`
	MentorSlack string    `db:"mentor_slack" json:"mentor"`
	Status      string    `db:"status" json:"status"`
	CreatedAt   time.Time `db:"created_at" json:"created_at"`
}

// ExportDelivery is a message the bot sent the person on its own.
type ExportDelivery struct {
	Kind   string     `db:"kind" json:"kind"`
	Slot   time.Time  `db:"slot" json:"slot"`
	State  string     `db:"state" json:"state"`
	SentAt *time.Time `db:"sent_at" json:"sent_at"`
}

// ExportPerson gathers everything stored about slackID.
func (d *DB) ExportPerson(ctx context.Context, slackID string) (Export, error) {
	var ex Export
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		p, err := participantBySlackID(ctx, tx, slackID)
		if err != nil {
			return err
		}
		ex.ExportedAt = d.Now()
		ex.Profile = p
		if err := tx.SelectContext(ctx, &ex.Pairings, tx.Rebind(pairingSelect+` WHERE pa.mentor_id = ? OR pa.mentee_id = ? ORDER BY pa.id`), p.ID, p.ID); err != nil {
			return err
		}
		if err := tx.SelectContext(ctx, &ex.CheckIns, tx.Rebind(`SELECT pairing_id, slot, sent_at, answer, answered_at FROM checkins WHERE participant_id = ? ORDER BY slot`), p.ID); err != nil {
			return err
		}
		if err := tx.SelectContext(ctx, &ex.Feedback, tx.Rebind(`SELECT pairing_id, rating, went_well, to_change, progress, created_at FROM feedback WHERE participant_id = ? ORDER BY created_at`), p.ID); err != nil {
			return err
		}
		if err := tx.SelectContext(ctx, &ex.Requests, tx.Rebind(`SELECT me.slack_id AS mentee_slack, mr.slack_id AS mentor_slack, r.status, r.created_at
			FROM match_requests r JOIN participants me ON me.id = r.mentee_id JOIN participants mr ON mr.id = r.mentor_id
			WHERE r.mentee_id = ? OR r.mentor_id = ? ORDER BY r.id`), p.ID, p.ID); err != nil {
			return err
		}
		return tx.SelectContext(ctx, &ex.Deliveries, tx.Rebind(`SELECT kind, slot, state, sent_at FROM deliveries WHERE recipient_id = ? ORDER BY slot, kind`), p.ID)
	})
	return ex, err
}

// Leave ends the person's pairings and erases their personal data. The row
// stays, anonymised, so past pairings, check-ins and ratings remain as
// anonymous counts; every free-text and identifying field is overwritten
// (secure_delete zeroes the old bytes). It returns the pairings it ended so
// the other people can be told.
func (d *DB) Leave(ctx context.Context, slackID string) ([]Pairing, error) {
	var ended []Pairing
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		p, err := participantBySlackID(ctx, tx, slackID)
		if err != nil {
			return err
		}
		now := d.Now()
		if err := tx.SelectContext(ctx, &ended, tx.Rebind(pairingSelect+` WHERE pa.status = 'active' AND (pa.mentor_id = ? OR pa.mentee_id = ?) ORDER BY pa.id`), p.ID, p.ID); err != nil {
			return err
		}
		stmts := []struct {
			q    string
			args []any
		}{
			{`UPDATE pairings SET status = 'ended', ended_at = ?, end_reason = 'left' WHERE status = 'active' AND (mentor_id = ? OR mentee_id = ?)`, []any{now, p.ID, p.ID}},
			{`UPDATE pairings SET reasons = '', channel_id = '' WHERE mentor_id = ? OR mentee_id = ?`, []any{p.ID, p.ID}},
			{`DELETE FROM participant_topics WHERE participant_id = ?`, []any{p.ID}},
			// A topic only this person named would keep their words: drop
			// every topic nobody uses any more.
			{`DELETE FROM topics WHERE id NOT IN (SELECT topic_id FROM participant_topics)`, nil},
			// A matching preview lists the person with reasons (their
			// topics): it can no longer be confirmed, and its text goes.
			{`UPDATE match_proposals SET body = '{}', status = CASE WHEN status = 'pending' THEN 'stale' ELSE status END
				WHERE instr(body, ?) > 0`, []any{`"` + slackID + `"`}},
			{`DELETE FROM program_members WHERE participant_id = ?`, []any{p.ID}},
			{`DELETE FROM match_requests WHERE mentee_id = ? OR mentor_id = ?`, []any{p.ID, p.ID}},
			{`UPDATE feedback SET went_well = '', to_change = '', progress = '' WHERE participant_id = ?`, []any{p.ID}},
			{`UPDATE deliveries SET state = CASE WHEN state IN ('pending', 'sending') THEN 'missed' ELSE state END, channel_id = '', message_ts = '', last_error = '' WHERE recipient_id = ?`, []any{p.ID}},
			{`UPDATE participants SET slack_id = ?, name = '', goals = '', department = '', seniority = 0, manager_slack_id = '',
				capacity = 0, timezone = 'UTC', status = 'left', paused_until = NULL, unreachable_at = NULL, unreachable_why = '',
				updated_at = ?, left_at = ? WHERE id = ?`, []any{fmt.Sprintf("left-%d", p.ID), now, now, p.ID}},
			{`UPDATE participants SET manager_slack_id = '' WHERE manager_slack_id = ?`, []any{slackID}},
			{`UPDATE audit_log SET target = 'a person who left' WHERE target = ?`, []any{slackID}},
		}
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, tx.Rebind(s.q), s.args...); err != nil {
				return fmt.Errorf("store: leave: %w", err)
			}
		}
		return nil
	})
	return ended, err
}
