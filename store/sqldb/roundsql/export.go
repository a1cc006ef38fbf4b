package roundsql

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
)

const exportSeries = `SELECT m.series_id, s.channel_id, s.every_weeks, s.group_size, s.status AS series_status,
	m.status AS my_status, m.skip_next, m.timezone, m.joined_at, m.left_at
	FROM round_members m JOIN round_series s ON s.id = m.series_id
	WHERE m.slack_id = ? ORDER BY m.joined_at, m.series_id`

// exportGroups reads my group places: my own answer and ask only (the
// row is mine: gm.slack_id), and whether the group's introduction went out.
const exportGroups = `SELECT g.id AS group_id, r.series_id, se.channel_id, r.slot, gm.answer, gm.answered_at,
	EXISTS (SELECT 1 FROM round_messages im WHERE im.group_id = g.id AND im.kind = 'intro' AND im.state = 'sent') AS introduced,
	(SELECT am.sent_at FROM round_messages am WHERE am.group_id = g.id AND am.kind = 'ask' AND am.recipient = gm.slack_id) AS asked_at
	FROM round_group_members gm JOIN round_groups g ON g.id = gm.group_id
	JOIN rounds r ON r.id = g.round_id JOIN round_series se ON se.id = r.series_id
	WHERE gm.slack_id = ? ORDER BY r.slot, g.id`

// Export adds slackID's rounds data to ex (/mentor export; docs/privacy.md,
// "Networking rounds"): the series they joined with their skip, each round
// they were grouped in with its date and their own answer. The others of
// a group are named only once its group DM introduced them to each other
// (a grouping never introduced told them nothing); someone whose data was
// erased shows as store.FormerParticipant. Nobody else's answer, department
// or reason for the grouping is read.
func Export(ctx context.Context, tx *sqlx.Tx, slackID string, ex *store.Export) error {
	ex.RoundsSeries, ex.RoundsGroups = []store.ExportRoundsSeries{}, []store.ExportRoundsGroup{}
	if err := tx.SelectContext(ctx, &ex.RoundsSeries, tx.Rebind(exportSeries), slackID); err != nil {
		return fmt.Errorf("store: export rounds: %w", err)
	}
	if err := tx.SelectContext(ctx, &ex.RoundsGroups, tx.Rebind(exportGroups), slackID); err != nil {
		return fmt.Errorf("store: export rounds: %w", err)
	}
	for i := range ex.RoundsGroups {
		g := &ex.RoundsGroups[i]
		g.GroupedWith = []string{}
		if !g.Introduced {
			continue
		}
		var others []string
		if err := tx.SelectContext(ctx, &others, tx.Rebind(`SELECT slack_id FROM round_group_members WHERE group_id = ? AND slack_id <> ? ORDER BY slack_id`),
			g.GroupID, slackID); err != nil {
			return fmt.Errorf("store: export rounds: %w", err)
		}
		for _, o := range others {
			if store.IsFormerParticipant(o) {
				o = store.FormerParticipant
			}
			g.GroupedWith = append(g.GroupedWith, o)
		}
	}
	return nil
}
