package roundsql

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
)

// ErasePerson removes a person's Slack ID from the rounds when their data
// is erased (/mentor leave, retention; store/sqldb runs it in the erasure's
// transaction): their memberships go, their asks go, and each of their
// past group places keeps its answer under a pseudonym of its own (so the
// figures stay and no two places link), and a series they started names a
// pseudonym (auditName, the audit log's) instead.
func ErasePerson(ctx context.Context, tx *sqlx.Tx, slackID, auditName string) error {
	var groups []int64
	if err := tx.SelectContext(ctx, &groups, tx.Rebind(`SELECT group_id FROM round_group_members WHERE slack_id = ?`), slackID); err != nil {
		return fmt.Errorf("store: erase rounds: %w", err)
	}
	for _, g := range groups {
		if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE round_group_members SET slack_id = ? WHERE group_id = ? AND slack_id = ?`),
			store.NewPseudonym(), g, slackID); err != nil {
			return fmt.Errorf("store: erase rounds: %w", err)
		}
	}
	for _, q := range []struct {
		q    string
		args []any
	}{
		{`DELETE FROM round_messages WHERE recipient = ?`, []any{slackID}},
		{`DELETE FROM round_members WHERE slack_id = ?`, []any{slackID}},
		{`UPDATE round_series SET created_by = ? WHERE created_by = ?`, []any{auditName, slackID}},
	} {
		if _, err := tx.ExecContext(ctx, tx.Rebind(q.q), q.args...); err != nil {
			return fmt.Errorf("store: erase rounds: %w", err)
		}
	}
	return nil
}
