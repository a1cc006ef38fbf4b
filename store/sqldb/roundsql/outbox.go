package roundsql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb/outbox"
)

// The rounds' outbox follows the deliveries' discipline (docs/scheduler.md,
// "Exactly once") through the same claim helpers (store/sqldb/outbox): one
// row per message under a unique key, claimed by compare-and-set, posting_at
// recorded right before the Slack call, a claim that never reached it
// released after the unposted lease, one that did never sent again.

const messageSelect = `SELECT m.id, m.group_id, m.kind, m.recipient, m.not_before, m.state, m.attempts, m.claimed_by,
	m.channel_id, m.message_ts, m.last_error, m.sent_at, r.id AS round_id, r.series_id, se.channel_id AS series_channel, r.slot,
	COALESCE((SELECT gm.answer FROM round_group_members gm WHERE gm.group_id = m.group_id AND gm.slack_id = m.recipient), '') AS answer
	FROM round_messages m JOIN round_groups g ON g.id = m.group_id JOIN rounds r ON r.id = g.round_id JOIN round_series se ON se.id = r.series_id`

// DueRoundMessages lists pending messages due at now, oldest first.
func (s *Store) DueRoundMessages(ctx context.Context, now time.Time, limit int) (out []store.RoundMessage, err error) {
	err = s.db.Read(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &out, tx.Rebind(messageSelect+` WHERE m.state = 'pending' AND m.not_before <= ? ORDER BY m.not_before, m.id LIMIT ?`), ts(now), limit)
	})
	if err != nil {
		return nil, fmt.Errorf("store: due round messages: %w", err)
	}
	return out, nil
}

// RoundMessage reads one row of the rounds' outbox with its group's members.
func (s *Store) RoundMessage(ctx context.Context, id int64) (out store.RoundMessage, err error) {
	err = s.db.Read(ctx, func(tx *sqlx.Tx) (err error) { out, err = messageByID(ctx, tx, id); return err })
	if errors.Is(err, sql.ErrNoRows) {
		return out, fmt.Errorf("round message %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return out, fmt.Errorf("store: round message: %w", err)
	}
	return out, nil
}

func messageByID(ctx context.Context, tx *sqlx.Tx, id int64) (store.RoundMessage, error) {
	var m store.RoundMessage
	if err := tx.GetContext(ctx, &m, tx.Rebind(messageSelect+` WHERE m.id = ?`), id); err != nil {
		return m, err
	}
	if err := tx.SelectContext(ctx, &m.Members, tx.Rebind(`SELECT slack_id FROM round_group_members WHERE group_id = ? ORDER BY slack_id`), m.GroupID); err != nil {
		return m, err
	}
	return m, nil
}

// ClaimRoundMessage takes a pending, due row for worker (pending →
// sending). A row that should no longer go out (its series stopped, an
// ask's recipient left the rounds) is recorded as missed instead.
func (s *Store) ClaimRoundMessage(ctx context.Context, id int64, worker string, now time.Time) (out store.RoundMessage, claimed bool, err error) {
	err = s.db.Write(ctx, func(tx *sqlx.Tx) error {
		out, claimed = store.RoundMessage{}, false
		if err := outbox.LockForClaim(ctx, tx, outbox.RoundMessages, id, s.db.SkipLocked()); errors.Is(err, outbox.ErrRowLocked) {
			return nil // another replica is claiming it
		} else if err != nil {
			return err
		}
		m, err := messageByID(ctx, tx, id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if m.State != store.DeliveryPending || m.NotBefore.After(now) {
			return nil
		}
		if why, err := skipReason(ctx, tx, m); err != nil {
			return err
		} else if why != "" {
			return outbox.Miss(ctx, tx, outbox.RoundMessages, id, why)
		}
		if took, err := outbox.Take(ctx, tx, outbox.RoundMessages, id, worker, ts(now)); err != nil || !took {
			return err
		}
		m.State, m.ClaimedBy, m.Attempts = store.DeliverySending, worker, m.Attempts+1
		out, claimed = m, true
		return nil
	})
	if err != nil {
		return store.RoundMessage{}, false, fmt.Errorf("store: claim round message %d: %w", id, err)
	}
	return out, claimed, nil
}

func skipReason(ctx context.Context, tx *sqlx.Tx, m store.RoundMessage) (string, error) {
	var status string
	if err := tx.GetContext(ctx, &status, tx.Rebind(`SELECT status FROM round_series WHERE id = ?`), m.SeriesID); err != nil {
		return "", err
	}
	if status != store.SeriesActive {
		return "series stopped", nil
	}
	if m.Kind != store.RoundAsk {
		return "", nil
	}
	var n int
	if err := tx.GetContext(ctx, &n, tx.Rebind(`SELECT COUNT(*) FROM round_members WHERE series_id = ? AND slack_id = ? AND status = 'active'`), m.SeriesID, m.Recipient); err != nil {
		return "", err
	}
	if n == 0 {
		return "recipient left the rounds", nil
	}
	return "", nil
}

// FinishRoundMessage records a claimed row's outcome; only its claimant
// may (ErrConflict otherwise). A row the dead-claim lease already gave up
// on (failed) is still corrected to sent by its claimant: the message
// exists.
func (s *Store) FinishRoundMessage(ctx context.Context, id int64, worker string, o store.RoundOutcome) error {
	var set string
	var args []any
	switch o.State {
	case store.DeliverySent:
		set, args = `state = 'sent', channel_id = ?, message_ts = ?, sent_at = ?, last_error = ''`, []any{o.Channel, o.TS, s.now()}
	case store.DeliveryPending:
		undo := 1
		if o.Counted {
			undo = 0
		}
		// Certainly not delivered: free for any worker, no posting_at.
		set, args = `state = 'pending', claimed_by = '', claimed_at = NULL, posting_at = NULL, not_before = ?, attempts = attempts - ?, last_error = ?`,
			[]any{ts(o.NotBefore), undo, o.Why}
	case store.DeliveryFailed, store.DeliverySending:
		// Sending: the outcome is unknown, so the row stays claimed and is
		// never sent again (the dead-claim lease fails it); only the
		// reason is noted.
		set, args = `state = ?, last_error = ?`, []any{o.State, o.Why}
	default:
		return fmt.Errorf("round message outcome %q: %w", o.State, store.ErrInvalid)
	}
	err := s.db.Write(ctx, func(tx *sqlx.Tx) error {
		err := outbox.Settle(ctx, tx, outbox.RoundMessages, id, worker, set, args...)
		if errors.Is(err, store.ErrConflict) && o.State == store.DeliverySent {
			return settleFailedAsSent(ctx, tx, id, worker, args)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("store: finish round message: %w", err)
	}
	return nil
}

func settleFailedAsSent(ctx context.Context, tx *sqlx.Tx, id int64, worker string, args []any) error {
	res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE round_messages SET state = 'sent', channel_id = ?, message_ts = ?, sent_at = ?, last_error = ''
		WHERE id = ? AND claimed_by = ? AND state = 'failed'`), append(args, id, worker)...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("round message %d is not being sent by %s: %w", id, worker, store.ErrConflict)
	}
	return nil
}

// MarkRoundPosting records that worker is about to call Slack for its
// claimed row; ErrConflict when the claim is no longer worker's (released
// after the unposted lease): the caller must then not post.
func (s *Store) MarkRoundPosting(ctx context.Context, id int64, worker string) error {
	err := s.db.Write(ctx, func(tx *sqlx.Tx) error {
		return outbox.MarkPosting(ctx, tx, outbox.RoundMessages, id, worker, s.now())
	})
	if err != nil {
		return fmt.Errorf("store: mark round message posting: %w", err)
	}
	return nil
}

// SettleStaleRoundMessages resolves the claims whose sender died: one
// claimed before unposted that never reached Slack goes back to pending
// (released); one claimed before dead that did is failed, never resent.
func (s *Store) SettleStaleRoundMessages(ctx context.Context, unposted, dead time.Time) (released, failed int, err error) {
	err = s.db.Write(ctx, func(tx *sqlx.Tx) (err error) {
		if released, err = outbox.ReleaseUnposted(ctx, tx, outbox.RoundMessages, ts(unposted)); err != nil {
			return err
		}
		failed, err = outbox.FailDead(ctx, tx, outbox.RoundMessages, ts(dead))
		return err
	})
	if err != nil {
		return 0, 0, fmt.Errorf("store: settle stale round messages: %w", err)
	}
	return released, failed, nil
}

// ExpireRoundMessages records pending rows due before before as missed
// (too late after downtime); it returns how many.
func (s *Store) ExpireRoundMessages(ctx context.Context, before time.Time) (int, error) {
	var n int64
	err := s.db.Write(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE round_messages SET state = 'missed', last_error = 'missed: too late to send'
			WHERE state = 'pending' AND not_before < ?`), ts(before))
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: expire round messages: %w", err)
	}
	return int(n), nil
}

// AnswerRound records a person's Met / Not yet for their group; the first
// answer wins (false when they had answered).
func (s *Store) AnswerRound(ctx context.Context, groupID int64, slackID, answer string) (bool, error) {
	if answer != store.RoundMet && answer != store.RoundNotYet {
		return false, fmt.Errorf("round answer %q: %w", answer, store.ErrInvalid)
	}
	return s.member(ctx, "answer round", `UPDATE round_group_members SET answer = ?, answered_at = ?
		WHERE group_id = ? AND slack_id = ? AND answer = ''`, answer, s.now(), groupID, slackID)
}

// RoundMessagesTo lists the rounds' messages a person (or, with "", every
// group) was sent or will be, newest first: for tests and exports.
func (s *Store) RoundMessagesTo(ctx context.Context, recipient string, kinds ...string) (out []store.RoundMessage, err error) {
	q := messageSelect + ` WHERE m.recipient = ?`
	args := []any{recipient}
	if len(kinds) > 0 {
		q += ` AND m.kind IN (?` + strings.Repeat(", ?", len(kinds)-1) + `)`
		for _, k := range kinds {
			args = append(args, k)
		}
	}
	err = s.db.Read(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &out, tx.Rebind(q+` ORDER BY m.id DESC`), args...)
	})
	if err != nil {
		return nil, fmt.Errorf("store: round messages: %w", err)
	}
	return out, nil
}
