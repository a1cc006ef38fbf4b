package sqldb

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb/circlesql"
	"github.com/mentorbot/mentorbot/store/sqldb/roundsql"
)

// directoryActor is the audit log's actor for what the directory does on
// its own (departures, reactivations, retention).
const directoryActor = "mentorbot"

// Depart makes a participant departed (their Slack account was
// deactivated, or an HR sync dropped them): their active pairings end, each
// partner gets a KindPartnerGone notice and a closing feedback prompt
// through the outbox, their own pending messages are recorded as missed,
// and they get status left, so every count of active people, every lookup
// and matching leave them out. Their data stays until the retention job
// erases it (departed_at). A person who is not an active or paused
// participant is left alone: Changed is false, so a duplicate event, or the
// event and a failed DM racing, tell each partner once.
func (d *DB) Depart(ctx context.Context, slackID, why string) (store.Departed, error) {
	var out store.Departed
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		var err error
		out, err = departTx(ctx, tx, slackID, why, d.Now())
		return err
	})
	return out, err
}

func departTx(ctx context.Context, tx *sqlx.Tx, slackID, why string, now time.Time) (store.Departed, error) {
	var out store.Departed
	// Rounds memberships end whether or not the person is a participant.
	if _, err := roundsql.EndMemberships(ctx, tx, slackID, now); err != nil {
		return out, err
	}
	p, err := participantBySlackID(ctx, tx, slackID)
	if errors.Is(err, store.ErrNotSignedUp) {
		return out, nil
	}
	if err != nil {
		return out, err
	}
	if err := tx.SelectContext(ctx, &out.Ended, tx.Rebind(pairingSelect+` WHERE pa.status = 'active' AND (pa.mentor_id = ? OR pa.mentee_id = ?) ORDER BY pa.id`), p.ID, p.ID); err != nil {
		return out, fmt.Errorf("store: depart: %w", err)
	}
	stmts := []struct {
		q    string
		args []any
	}{
		{`UPDATE pairings SET status = 'ended', ended_at = ?, end_reason = 'departed' WHERE status = 'active' AND (mentor_id = ? OR mentee_id = ?)`, []any{now, p.ID, p.ID}},
		{`UPDATE deliveries SET state = 'missed', last_error = 'recipient departed' WHERE recipient_id = ? AND state = 'pending'`, []any{p.ID}},
		{`UPDATE match_requests SET status = 'cancelled' WHERE status = 'pending' AND (mentee_id = ? OR mentor_id = ?)`, []any{p.ID, p.ID}},
		{`UPDATE participants SET status = 'left', paused_until = NULL, left_at = ?, departed_at = ?, updated_at = ? WHERE id = ?`, []any{now, now, now, p.ID}},
		{`INSERT INTO audit_log (at, actor_id, action, target, outcome, detail) VALUES (?, ?, 'depart', ?, 'ok', ?)`,
			[]any{now, directoryActor, slackID, fmt.Sprintf("%s; %d %s ended", why, len(out.Ended), map[bool]string{true: "pairing", false: "pairings"}[len(out.Ended) == 1])}},
	}
	for i := range out.Ended {
		pa := &out.Ended[i]
		pa.Status, pa.EndedAt, pa.EndReason = "ended", &now, "departed"
		partner := pa.MentorID
		if partner == p.ID {
			partner = pa.MenteeID
		}
		for _, kind := range []string{store.KindPartnerGone, store.KindFeedbackEnd} {
			stmts = append(stmts, struct {
				q    string
				args []any
			}{`INSERT INTO deliveries (recipient_id, pairing_id, kind, slot, state, not_before, last_error, created_at)
				VALUES (?, ?, ?, ?, 'pending', ?, '', ?) ON CONFLICT (recipient_id, pairing_id, kind, slot) DO NOTHING`,
				[]any{partner, pa.ID, kind, ts(now), ts(now), now}})
		}
	}
	for _, s := range stmts {
		if _, err := tx.ExecContext(ctx, tx.Rebind(s.q), s.args...); err != nil {
			return out, fmt.Errorf("store: depart: %w", err)
		}
	}
	if _, err := circlesql.PersonGone(ctx, tx, p.ID, slackID, now, false); err != nil {
		return out, err
	}
	out.Changed = true
	return out, nil
}

// Reactivate brings a departed person whose data is still kept back as
// paused (they resume with /mentor resume). It reports whether they were
// departed; a person already erased by retention is not a participant any
// more and is not found.
func (d *DB) Reactivate(ctx context.Context, slackID string) (bool, error) {
	var back bool
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		now := d.Now()
		res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE participants SET status = 'paused', paused_until = NULL, left_at = NULL,
			departed_at = NULL, unreachable_at = NULL, unreachable_why = '', updated_at = ?
			WHERE slack_id = ? AND status = 'left' AND departed_at IS NOT NULL`), now, slackID)
		if err != nil {
			return fmt.Errorf("store: reactivate: %w", err)
		}
		n, _ := res.RowsAffected()
		back = n > 0
		if !back {
			return nil
		}
		_, err = tx.ExecContext(ctx, tx.Rebind(`INSERT INTO audit_log (at, actor_id, action, target, outcome, detail)
			VALUES (?, ?, 'reactivate', ?, 'ok', 'account reactivated; paused')`), now, directoryActor, slackID)
		return err
	})
	return back, err
}

// SetTimezone stores a participant's new Slack timezone (an IANA name),
// which the scheduler reads at its next tick. It reports whether anything
// changed; an unknown zone is ErrInvalid.
func (d *DB) SetTimezone(ctx context.Context, slackID, tz string) (bool, error) {
	if _, err := time.LoadLocation(tz); err != nil || tz == "" {
		return false, fmt.Errorf("timezone %q: %w", tz, store.ErrInvalid)
	}
	var changed bool
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE participants SET timezone = ?, updated_at = ?
			WHERE slack_id = ? AND status <> 'left' AND timezone <> ?`), tz, d.Now(), slackID, tz)
		if err != nil {
			return fmt.Errorf("store: set timezone: %w", err)
		}
		n, _ := res.RowsAffected()
		changed = n > 0
		return nil
	})
	return changed, err
}

// PlanSync is what SyncProfiles would do with a file of these people,
// without changing anything. keep are Slack IDs to leave alone (bad rows
// of a --partial run: neither updated nor departed).
func (d *DB) PlanSync(ctx context.Context, ps []store.Profile, keep []string) (store.SyncPlan, error) {
	return readValue(ctx, d, func(tx *sqlx.Tx) (store.SyncPlan, error) { return planSync(ctx, tx, ps, keep) })
}

func planSync(ctx context.Context, tx *sqlx.Tx, ps []store.Profile, keep []string) (store.SyncPlan, error) {
	var current []string
	if err := tx.SelectContext(ctx, &current, `SELECT slack_id FROM participants WHERE status <> 'left'`); err != nil {
		return store.SyncPlan{}, fmt.Errorf("store: sync plan: %w", err)
	}
	inFile := map[string]bool{}
	for _, id := range keep {
		inFile[id] = true
	}
	now := map[string]bool{}
	for _, id := range current {
		now[id] = true
	}
	plan := store.SyncPlan{Added: []string{}, Updated: []string{}, Departed: []string{}}
	for _, p := range ps {
		inFile[p.SlackID] = true
		if now[p.SlackID] {
			plan.Updated = append(plan.Updated, p.SlackID)
		} else {
			plan.Added = append(plan.Added, p.SlackID)
		}
	}
	for _, id := range current {
		if !inFile[id] {
			plan.Departed = append(plan.Departed, id)
		}
	}
	slices.Sort(plan.Added)
	slices.Sort(plan.Updated)
	slices.Sort(plan.Departed)
	return plan, nil
}

// SyncProfiles makes the participants exactly ps (plus keep, left as they
// are), in one transaction: everyone in ps is saved as ImportProfiles
// does, and every current participant missing from both is departed
// (store.DepartSync). It returns the plan it carried out.
func (d *DB) SyncProfiles(ctx context.Context, ps []store.Profile, keep []string) (store.SyncPlan, error) {
	for i, p := range ps {
		if err := p.Validate(); err != nil {
			return store.SyncPlan{}, fmt.Errorf("profile %d (%s): %w", i+1, p.SlackID, err)
		}
	}
	var plan store.SyncPlan
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		var err error
		if plan, err = planSync(ctx, tx, ps, keep); err != nil {
			return err
		}
		now := d.Now()
		for i, p := range ps {
			if _, err := saveProfile(ctx, tx, p, now); err != nil {
				return fmt.Errorf("profile %d (%s): %w", i+1, p.SlackID, err)
			}
		}
		for _, id := range plan.Departed {
			if _, err := departTx(ctx, tx, id, store.DepartSync, now); err != nil {
				return err
			}
		}
		return nil
	})
	return plan, err
}
