package lifecyclesql

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
)

// ProgramEnd is when a program whose last day is endsOn (YYYY-MM-DD)
// ends: the midnight (UTC) after that day. ok is false for an open-ended
// program or an unreadable date.
func ProgramEnd(endsOn string) (time.Time, bool) { return store.ProgramEnd(endsOn) }

// EndDate is the rule for a pairing's end date: its program's end when it
// is in a program that ends after the pairing started, else started +
// length. A pairing that was active before the lifecycle existed
// (floor) ends no sooner than notice after now, so both people are asked
// first.
func EndDate(started time.Time, programEndsOn string, length, notice time.Duration, floor bool, now time.Time) time.Time {
	end := started.Add(length)
	if pe, ok := ProgramEnd(programEndsOn); ok && pe.After(started) {
		end = pe
	}
	if floor && end.Before(now.Add(notice)) {
		end = now.Add(notice)
	}
	return ts(end)
}

// FillEndDates gives every active pairing without an end date its end
// date (EndDate). It returns how many it set.
func (s *Store) FillEndDates(ctx context.Context, now time.Time, length, notice time.Duration) (n int, err error) {
	err = s.db.Write(ctx, func(tx *sqlx.Tx) error {
		n = 0
		var rows []struct {
			ID        int64     `db:"id"`
			StartedAt time.Time `db:"started_at"`
			EndsOn    *string   `db:"ends_on"`
			Floor     int       `db:"end_floor"`
		}
		if err := tx.SelectContext(ctx, &rows, `SELECT pa.id, pa.started_at, pr.ends_on, pa.end_floor FROM pairings pa
			LEFT JOIN programs pr ON pr.id = pa.program_id
			WHERE pa.status = 'active' AND pa.ends_at IS NULL ORDER BY pa.id`); err != nil {
			return err
		}
		for _, r := range rows {
			endsOn := ""
			if r.EndsOn != nil {
				endsOn = *r.EndsOn
			}
			end := EndDate(r.StartedAt, endsOn, length, notice, r.Floor == 1, now)
			res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE pairings SET ends_at = ? WHERE id = ? AND ends_at IS NULL`), end, r.ID)
			if err != nil {
				return err
			}
			k, _ := res.RowsAffected()
			n += int(k)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: fill end dates: %w", err)
	}
	return n, nil
}

// PlanRenewals writes the renewal ask of every active, never extended,
// not yet asked pairing whose end is within notice of now (and not past),
// for both people, due at end − notice (not before the pairing started).
// An ask more than grace late is recorded as missed. Each pairing is asked
// once (renewal_asked_at, and the outbox's key). It returns how many
// pairings it planned.
func (s *Store) PlanRenewals(ctx context.Context, now time.Time, notice, grace time.Duration) (n int, err error) {
	err = s.db.Write(ctx, func(tx *sqlx.Tx) error {
		n = 0
		var rows []struct {
			ID        int64     `db:"id"`
			MentorID  int64     `db:"mentor_id"`
			MenteeID  int64     `db:"mentee_id"`
			StartedAt time.Time `db:"started_at"`
			EndsAt    time.Time `db:"ends_at"`
		}
		if err := tx.SelectContext(ctx, &rows, tx.Rebind(`SELECT id, mentor_id, mentee_id, started_at, ends_at FROM pairings
			WHERE status = 'active' AND renewal_asked_at IS NULL AND extended_at IS NULL AND ends_at <= ? AND ends_at > ?
			ORDER BY ends_at, id`), ts(now.Add(notice)), ts(now)); err != nil {
			return err
		}
		for _, r := range rows {
			due := r.EndsAt.Add(-notice)
			if due.Before(r.StartedAt) {
				due = r.StartedAt
			}
			res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE pairings SET renewal_asked_at = ? WHERE id = ? AND renewal_asked_at IS NULL`), now.UTC(), r.ID)
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k == 0 {
				continue
			}
			if err := enqueue(ctx, tx, []int64{r.MentorID, r.MenteeID}, r.ID, store.KindRenewalAsk, due, due, now, grace); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: plan renewals: %w", err)
	}
	return n, nil
}

// EndDuePairings ends every active pairing whose end date has come, on that
// date (reason EndReasonCompleted), and writes, for both people, the
// thank-you recap and the closing feedback prompt (slot: the end date;
// missed when more than grace late). The end is a compare-and-set on the
// pairing's status, so of two replicas one ends it. It returns the
// pairings it ended.
func (s *Store) EndDuePairings(ctx context.Context, now time.Time, grace time.Duration) (out []store.Pairing, err error) {
	err = s.db.Write(ctx, func(tx *sqlx.Tx) error {
		out = nil
		var due []store.Pairing
		if err := tx.SelectContext(ctx, &due, tx.Rebind(`SELECT pa.id, pa.program_id, pa.mentor_id, pa.mentee_id, pa.started_at, pa.ends_at AS ended_at,
			m.slack_id AS mentor_slack, e.slack_id AS mentee_slack, m.name AS mentor_name, e.name AS mentee_name, pa.channel_id
			FROM pairings pa JOIN participants m ON m.id = pa.mentor_id JOIN participants e ON e.id = pa.mentee_id
			WHERE pa.status = 'active' AND pa.ends_at <= ? ORDER BY pa.ends_at, pa.id`), ts(now)); err != nil {
			return err
		}
		for _, p := range due {
			end := ts(*p.EndedAt)
			res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE pairings SET status = 'ended', ended_at = ?, end_reason = ?
				WHERE id = ? AND status = 'active'`), end, store.EndReasonCompleted, p.ID)
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k == 0 {
				continue
			}
			both := []int64{p.MentorID, p.MenteeID}
			for _, kind := range []string{store.KindClosingThanks, store.KindFeedbackEnd} {
				if err := enqueue(ctx, tx, both, p.ID, kind, end, end, now, grace); err != nil {
					return err
				}
			}
			p.Status, p.EndReason, p.EndedAt = "ended", store.EndReasonCompleted, &end
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: end due pairings: %w", err)
	}
	return out, nil
}
