package sqldb

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb/goalsql"
)

// RunRetention is the daily retention job's work for day (a UTC date,
// "2006-01-02"): it erases, as Leave does, every departed person whose
// departure is at least keep old, and the free text of every feedback
// answer whose pairing ended at least keep ago; ratings and counts stay.
// The day is claimed in retention_runs inside the same transaction, so
// however many replicas run the job, one does the work for that day and
// the others get Ran false; a crash rolls back the claim with the work.
// The audit log records what a run erased: counts, never content. Call EraseFromDisk
// after a run that erased something.
func (d *DB) RunRetention(ctx context.Context, day, worker string, keep time.Duration) (store.RetentionResult, error) {
	var out store.RetentionResult
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		now := d.Now()
		out = store.RetentionResult{Cutoff: now.Add(-keep)}
		res, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO retention_runs (day, ran_at, worker) VALUES (?, ?, ?)
			ON CONFLICT (day) DO NOTHING`), day, now, worker)
		if err != nil {
			return fmt.Errorf("store: retention claim: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		out.Ran = true
		var due []store.Participant
		if err := tx.SelectContext(ctx, &due, tx.Rebind(`SELECT * FROM participants
			WHERE departed_at IS NOT NULL AND departed_at <= ? ORDER BY id`), ts(out.Cutoff)); err != nil {
			return fmt.Errorf("store: retention: %w", err)
		}
		for _, p := range due {
			dep, err := erasePerson(ctx, tx, p, now)
			if err != nil {
				return fmt.Errorf("store: retention: %w", err)
			}
			out.Intros = append(out.Intros, dep.Intros...)
		}
		out.People = len(due)
		res, err = tx.ExecContext(ctx, tx.Rebind(`UPDATE feedback SET went_well = '', to_change = '', progress = ''
			WHERE (went_well <> '' OR to_change <> '' OR progress <> '')
			AND pairing_id IN (SELECT id FROM pairings WHERE status = 'ended' AND ended_at <= ?)`), ts(out.Cutoff))
		if err != nil {
			return fmt.Errorf("store: retention feedback: %w", err)
		}
		n, _ := res.RowsAffected()
		out.FeedbackRows = int(n)
		if out.GoalRows, err = goalsql.EraseEndedGoals(ctx, tx, out.Cutoff); err != nil {
			return fmt.Errorf("store: retention goals: %w", err)
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE retention_runs SET people = ?, feedback_rows = ? WHERE day = ?`),
			out.People, out.FeedbackRows, day); err != nil {
			return err
		}
		if out.People+out.FeedbackRows+out.GoalRows == 0 {
			return nil // the run is in retention_runs; the audit log records erasures
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO audit_log (at, actor_id, action, target, outcome, detail)
			VALUES (?, ?, 'retention', ?, 'ok', ?)`), now, directoryActor, day,
			fmt.Sprintf("erased %d departed people and the text of %d feedback answers (kept %s)", out.People, out.FeedbackRows, keep)); err != nil {
			return err
		}
		return markErasePending(ctx, tx, now)
	})
	if err != nil {
		return store.RetentionResult{}, err
	}
	if out.People+out.FeedbackRows+out.GoalRows > 0 {
		d.erase.pending.Store(true)
	}
	return out, nil
}
