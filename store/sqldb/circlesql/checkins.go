package circlesql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb/checkinsql"
)

// CircleScheduleTargets lists, for each open circle, its lead and each
// current member who is active and can be messaged: one target per person,
// PairingID being the circle's id, started when the circle began or the
// member joined, at the circle's cadence.
func (s *Store) CircleScheduleTargets(ctx context.Context) (out []store.ScheduleTarget, err error) {
	err = s.db.Read(ctx, func(tx *sqlx.Tx) error {
		out = nil
		return tx.SelectContext(ctx, &out, `SELECT t.circle_id AS pairing_id, t.started_at, ci.cadence, p.id AS participant_id, p.slack_id, p.timezone
			FROM (SELECT id AS circle_id, lead_id AS participant_id, started_at FROM circles WHERE status = 'open'
				UNION ALL
				SELECT circle_id, participant_id, joined_at FROM circle_members WHERE left_at IS NULL) t
			JOIN circles ci ON ci.id = t.circle_id AND ci.status = 'open'
			JOIN participants p ON p.id = t.participant_id
			WHERE p.status = 'active' AND p.unreachable_at IS NULL
			ORDER BY t.circle_id, p.id`)
	})
	if err != nil {
		return nil, fmt.Errorf("store: circle schedule targets: %w", err)
	}
	return out, nil
}

// inCircle is the SQL condition "participant p (by id) is the lead or a
// current member of circle c (by id)", with both ids as arguments.
const inCircle = `(EXISTS (SELECT 1 FROM circles x WHERE x.id = ? AND x.lead_id = ?)
	OR EXISTS (SELECT 1 FROM circle_members x WHERE x.circle_id = ? AND x.participant_id = ? AND x.left_at IS NULL))`

// SkipReason tells why a due circle row must not go out any more ("" =
// send it): the circle closed (except for its closing prompt), or the
// recipient left it, or a reminder's check-in was answered. It runs in
// the outbox's claim transaction.
func SkipReason(ctx context.Context, tx *sqlx.Tx, row store.Delivery) (string, error) {
	var status string
	err := tx.GetContext(ctx, &status, tx.Rebind(`SELECT status FROM circles WHERE id = ?`), row.PairingID)
	if errors.Is(err, sql.ErrNoRows) {
		return "circle gone", nil
	}
	if err != nil {
		return "", err
	}
	if row.Kind == store.KindCircleFeedbackEnd {
		return "", nil
	}
	if status != store.CircleOpen {
		return "circle closed", nil
	}
	var in int
	if err := tx.GetContext(ctx, &in, tx.Rebind(`SELECT CASE WHEN `+inCircle+` THEN 1 ELSE 0 END`),
		row.PairingID, row.RecipientID, row.PairingID, row.RecipientID); err != nil {
		return "", err
	}
	if in == 0 {
		return "recipient left the circle", nil
	}
	if row.Kind == store.KindCircleReminder {
		return checkinsql.Circles.ReminderSkip(ctx, tx, row)
	}
	return "", nil
}

// Claimed creates the check-in row a claimed circle check-in's buttons
// name (in the claim's transaction).
func Claimed(ctx context.Context, tx *sqlx.Tx, row store.Delivery) error {
	if row.Kind != store.KindCircleCheckin {
		return nil
	}
	_, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO circle_checkins (circle_id, participant_id, slot) VALUES (?, ?, ?)
		ON CONFLICT (circle_id, participant_id, slot) DO NOTHING`), row.PairingID, row.RecipientID, ts(row.Slot))
	return err
}

// Sent stamps the circle check-in a sent row was about (sent_at, or
// reminded_at for a reminder), in MarkDeliverySent's transaction.
func Sent(ctx context.Context, tx *sqlx.Tx, row store.Delivery, at time.Time) error {
	return checkinsql.Circles.Stamp(ctx, tx, row, store.KindCircleCheckin, store.KindCircleReminder, at)
}

// DueCircleReminders lists circle check-ins sent at or before sentBefore,
// unanswered, not reminded, without a reminder row yet, in an open circle,
// and not overtaken by a newer check-in to the same person.
func (s *Store) DueCircleReminders(ctx context.Context, sentBefore time.Time) (out []store.DueReminder, err error) {
	err = s.db.Read(ctx, func(tx *sqlx.Tx) error {
		out = nil
		return tx.SelectContext(ctx, &out, tx.Rebind(`SELECT c.id, c.circle_id AS pairing_id, c.participant_id, c.slot, c.sent_at
			FROM circle_checkins c JOIN circles ci ON ci.id = c.circle_id AND ci.status = 'open'
			WHERE c.answer = '' AND c.sent_at IS NOT NULL AND c.sent_at <= ? AND c.reminded_at IS NULL
			AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.recipient_id = c.participant_id AND d.pairing_id = c.circle_id
				AND d.kind = 'circle_reminder' AND d.slot = c.slot)
			AND NOT EXISTS (SELECT 1 FROM circle_checkins n WHERE n.circle_id = c.circle_id AND n.participant_id = c.participant_id
				AND n.slot > c.slot AND n.sent_at IS NOT NULL)
			ORDER BY c.sent_at, c.id`), ts(sentBefore))
	})
	if err != nil {
		return nil, fmt.Errorf("store: due circle reminders: %w", err)
	}
	return out, nil
}

const circleCheckinSelect = `SELECT c.id, c.circle_id, c.participant_id, c.slot, c.sent_at, c.answer, c.answered_at,
	p.slack_id, ci.name AS circle_name, ci.status AS circle_status,
	CASE WHEN ` + `(ci.lead_id = c.participant_id OR EXISTS (SELECT 1 FROM circle_members x WHERE x.circle_id = c.circle_id
		AND x.participant_id = c.participant_id AND x.left_at IS NULL)) THEN 1 ELSE 0 END AS member
	FROM circle_checkins c JOIN participants p ON p.id = c.participant_id JOIN circles ci ON ci.id = c.circle_id`

func checkinByID(ctx context.Context, tx *sqlx.Tx, id int64) (store.CircleCheckin, error) {
	var c store.CircleCheckin
	err := tx.GetContext(ctx, &c, tx.Rebind(circleCheckinSelect+` WHERE c.id = ?`), id)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("circle check-in %d: %w", id, store.ErrNotFound)
	}
	return c, err
}

// CircleCheckinByID returns one circle check-in (for the gate).
func (s *Store) CircleCheckinByID(ctx context.Context, id int64) (out store.CircleCheckin, err error) {
	err = s.db.Read(ctx, func(tx *sqlx.Tx) (err error) { out, err = checkinByID(ctx, tx, id); return err })
	return out, err
}

// AnswerCircleCheckin stores the person's answer, once: the first answer
// wins; a check-in of a closed circle, or of someone no longer in it, is
// closed (Recorded false). Need help flags the circle at risk at once
// (first reason kept), for admins only.
func (s *Store) AnswerCircleCheckin(ctx context.Context, id int64, slackID, answer string) (out store.CircleAnswer, err error) {
	switch answer {
	case store.AnswerMet, store.AnswerNotYet, store.AnswerNeedHelp:
	default:
		return out, fmt.Errorf("answer %q: %w", answer, store.ErrInvalid)
	}
	err = s.db.Write(ctx, func(tx *sqlx.Tx) error {
		out = store.CircleAnswer{}
		c, err := checkinByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if c.SlackID != slackID {
			return fmt.Errorf("circle check-in %d is not %s's: %w", id, slackID, store.ErrNotFound)
		}
		out.Checkin = c
		if c.CircleStatus != store.CircleOpen || !c.Member || c.Answer != "" {
			return nil
		}
		now := ts(s.db.Now())
		res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE circle_checkins SET answer = ?, answered_at = ? WHERE id = ? AND answer = ''`), answer, now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		out.Recorded = true
		out.Checkin.Answer, out.Checkin.AnsweredAt = answer, &now
		if answer == store.AnswerNeedHelp {
			out.FlaggedAtRisk, err = markAtRisk(ctx, tx, c.CircleID, store.RiskNeedHelp, now)
		}
		return err
	})
	return out, err
}

// markAtRisk flags an open circle for admins, keeping the first reason.
func markAtRisk(ctx context.Context, tx *sqlx.Tx, circleID int64, reason string, now time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE circles SET at_risk_reason = ?, at_risk_at = ? WHERE id = ? AND status = 'open' AND at_risk_reason = ''`),
		reason, now, circleID)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}
