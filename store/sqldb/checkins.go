package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb/goalsql"
)

const checkinSelect = `SELECT c.*, p.slack_id AS participant_slack, pa.status AS pairing_status,
	mr.slack_id AS mentor_slack, me.slack_id AS mentee_slack, mr.name AS mentor_name, me.name AS mentee_name,
	COALESCE(pr.name, '') AS program_name
	FROM checkins c
	JOIN participants p ON p.id = c.participant_id
	JOIN pairings pa ON pa.id = c.pairing_id
	JOIN participants mr ON mr.id = pa.mentor_id
	JOIN participants me ON me.id = pa.mentee_id
	LEFT JOIN programs pr ON pr.id = pa.program_id`

// CheckinByID returns one check-in.
func (d *DB) CheckinByID(ctx context.Context, id int64) (store.Checkin, error) {
	var c store.Checkin
	err := d.read(ctx, func(tx *sqlx.Tx) error {
		var err error
		c, err = checkinByID(ctx, tx, id)
		return err
	})
	return c, err
}

func checkinByID(ctx context.Context, tx *sqlx.Tx, id int64) (store.Checkin, error) {
	var c store.Checkin
	err := tx.GetContext(ctx, &c, tx.Rebind(checkinSelect+` WHERE c.id = ?`), id)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("check-in %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return c, fmt.Errorf("store: check-in: %w", err)
	}
	return c, nil
}

// AnswerCheckin stores slackID's answer to their check-in, once: the first
// answer wins, later clicks (a second button, Slack's redelivery, the
// reminder's buttons) change nothing and report Closed. A check-in that is
// not slackID's is ErrNotFound, a bad answer ErrInvalid. Need help puts the
// pairing at risk in the same transaction.
func (d *DB) AnswerCheckin(ctx context.Context, checkinID int64, slackID, answer string) (store.CheckinAnswer, error) {
	if answer != store.AnswerMet && answer != store.AnswerNotYet && answer != store.AnswerNeedHelp {
		return store.CheckinAnswer{}, fmt.Errorf("answer %q: %w", answer, store.ErrInvalid)
	}
	var out store.CheckinAnswer
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		out = store.CheckinAnswer{} // a retried attempt starts afresh
		c, err := checkinByID(ctx, tx, checkinID)
		if err != nil {
			return err
		}
		if c.ParticipantSlack != slackID {
			return fmt.Errorf("check-in %d of %s: %w", checkinID, slackID, store.ErrNotFound)
		}
		now := d.Now()
		switch {
		case c.PairingStatus != "active":
			out.PairingEnded, out.Closed = true, true
		case c.Answer != "":
			out.Closed = true
		default:
			res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE checkins SET answer = ?, answered_at = ? WHERE id = ? AND answer = ''`), answer, now, checkinID)
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			out.Recorded = n > 0
			out.Closed = n == 0
			if out.Recorded && answer == store.AnswerMet { // the first Met brings the fit pulse, in this transaction
				if err := goalsql.EnqueueFitPulse(ctx, tx, c.PairingID, checkinID, now); err != nil {
					return err
				}
			}
			if out.Recorded && answer == store.AnswerNeedHelp {
				res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE pairings SET at_risk_reason = ?, at_risk_at = ?
					WHERE id = ? AND at_risk_at IS NULL AND status = 'active'`), store.RiskNeedHelp, now, c.PairingID)
				if err != nil {
					return err
				}
				n, _ := res.RowsAffected()
				out.FlaggedAtRisk = n > 0
			}
		}
		out.Checkin, err = checkinByID(ctx, tx, checkinID)
		return err
	})
	if err != nil {
		return store.CheckinAnswer{}, fmt.Errorf("store: answer check-in: %w", err)
	}
	return out, nil
}
