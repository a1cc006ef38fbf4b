package sqldb

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb/circlesql"
	"github.com/mentorbot/mentorbot/store/sqldb/goalsql"
	"github.com/mentorbot/mentorbot/store/sqldb/roundsql"
)

// Leave ends the person's pairings and erases their personal data
// everywhere (product.md, "Confidentiality and data rights"). The row
// stays, anonymised, so past pairings, check-ins and ratings remain as
// anonymous counts; every free-text and identifying field is overwritten,
// and every other place their Slack ID was kept (audit log, previews,
// programs) gets a random pseudonym. secure_delete zeroes the old bytes in
// the pages; call EraseFromDisk next to cut them from the write-ahead log.
func (d *DB) Leave(ctx context.Context, slackID string) (store.Departure, error) {
	var dep store.Departure
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		p, err := participantBySlackID(ctx, tx, slackID)
		if err != nil {
			return err
		}
		dep, err = erasePerson(ctx, tx, p, d.Now())
		return err
	})
	if err != nil {
		return store.Departure{}, err
	}
	d.erase.pending.Store(true)
	return dep, nil
}

// erasePerson is Leave's erasure of participant p inside tx (also run by
// the retention job on departed people, whose status is already left).
func erasePerson(ctx context.Context, tx *sqlx.Tx, p store.Participant, now time.Time) (store.Departure, error) {
	var dep store.Departure
	slackID := p.SlackID
	if err := tx.SelectContext(ctx, &dep.Ended, tx.Rebind(pairingSelect+` WHERE pa.status = 'active' AND (pa.mentor_id = ? OR pa.mentee_id = ?) ORDER BY pa.id`), p.ID, p.ID); err != nil {
		return dep, err
	}
	// Two unrelated pseudonyms: the anonymous row must not link to the
	// audit entries (they would tell whose ratings the row holds).
	rowName, auditName := store.NewPseudonym(), store.NewPseudonym()
	if err := tx.SelectContext(ctx, &dep.Intros, tx.Rebind(`SELECT pa.id, pa.channel_id, pa.intro_ts,
		CASE WHEN pa.mentor_id = ? THEN ? ELSE mr.slack_id END AS mentor_slack,
		CASE WHEN pa.mentee_id = ? THEN ? ELSE me.slack_id END AS mentee_slack
		FROM pairings pa JOIN participants mr ON mr.id = pa.mentor_id JOIN participants me ON me.id = pa.mentee_id
		WHERE (pa.mentor_id = ? OR pa.mentee_id = ?) AND pa.channel_id <> '' AND pa.intro_ts <> '' ORDER BY pa.id`),
		p.ID, rowName, p.ID, rowName, p.ID, p.ID); err != nil {
		return dep, err
	}
	stmts := []struct {
		q    string
		args []any
	}{
		{`UPDATE pairings SET status = 'ended', ended_at = ?, end_reason = 'left' WHERE status = 'active' AND (mentor_id = ? OR mentee_id = ?)`, []any{now, p.ID, p.ID}},
		// The group DM's ID would name the person again (its members).
		{`UPDATE pairings SET reasons = '', channel_id = '', intro_ts = '' WHERE mentor_id = ? OR mentee_id = ?`, []any{p.ID, p.ID}},
		{`DELETE FROM participant_topics WHERE participant_id = ?`, []any{p.ID}},
		// A topic only this person named would keep their words: drop
		// every topic nobody uses any more.
		{`DELETE FROM topics WHERE id NOT IN (SELECT topic_id FROM participant_topics)`, nil},
		// A matching preview lists the person with reasons (their
		// topics): it can no longer be confirmed, and its text goes.
		{`UPDATE match_proposals SET body = '{}', status = CASE WHEN status = 'pending' THEN 'stale' ELSE status END
			WHERE instr(body, ?) > 0`, []any{`"` + slackID + `"`}},
		{`UPDATE match_proposals SET admin_id = ? WHERE admin_id = ?`, []any{auditName, slackID}},
		{`UPDATE programs SET created_by = ? WHERE created_by = ?`, []any{auditName, slackID}},
		{`DELETE FROM program_members WHERE participant_id = ?`, []any{p.ID}},
		{`DELETE FROM match_requests WHERE mentee_id = ? OR mentor_id = ?`, []any{p.ID, p.ID}},
		{`UPDATE feedback SET went_well = '', to_change = '', progress = '' WHERE participant_id = ?`, []any{p.ID}},
		{`UPDATE deliveries SET state = CASE WHEN state IN ('pending', 'sending') THEN 'missed' ELSE state END, channel_id = '', message_ts = '', last_error = '' WHERE recipient_id = ?`, []any{p.ID}},
		{`UPDATE participants SET slack_id = ?, name = '', goals = '', department = '', seniority = 0, manager_slack_id = '',
			capacity = 0, timezone = 'UTC', status = 'left', paused_until = NULL, unreachable_at = NULL, unreachable_why = '',
			updated_at = ?, left_at = COALESCE(left_at, ?), departed_at = NULL WHERE id = ?`, []any{rowName, now, now, p.ID}},
		{`UPDATE participants SET manager_slack_id = '' WHERE manager_slack_id = ?`, []any{slackID}},
	}
	for _, s := range stmts {
		if _, err := tx.ExecContext(ctx, tx.Rebind(s.q), s.args...); err != nil {
			return dep, fmt.Errorf("store: leave: %w", err)
		}
	}
	if err := goalsql.EraseGoalsOf(ctx, tx, p.ID); err != nil { // goals are free text about the pair
		return dep, fmt.Errorf("store: leave: %w", err)
	}
	circleIntros, err := circlesql.PersonGone(ctx, tx, p.ID, slackID, now, true)
	if err != nil {
		return dep, err
	}
	dep.Intros = append(dep.Intros, circleIntros...)
	if err := pseudonymiseAudit(ctx, tx, slackID, auditName); err != nil {
		return dep, fmt.Errorf("store: leave: %w", err)
	}
	if err := roundsql.ErasePerson(ctx, tx, slackID, auditName); err != nil {
		return dep, err
	}
	return dep, markErasePending(ctx, tx, now)
}
