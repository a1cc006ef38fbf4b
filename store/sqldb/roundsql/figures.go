package roundsql

import (
	"context"
	"fmt"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// Getter is what Counts needs: a transaction or a connection inside one
// (the report's snapshot, the dashboard's read).
type Getter interface {
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	Rebind(query string) string
}

// Counts reads the rounds' figures from since on (store.RoundCounts), for
// the report (reportsql) and the dashboard (dashsql) alike.
func Counts(ctx context.Context, g Getter, since time.Time) (store.RoundCounts, error) {
	var c store.RoundCounts
	s := since.UTC()
	err := g.GetContext(ctx, &c, g.Rebind(`SELECT
		(SELECT COUNT(*) FROM round_series WHERE status = 'active') AS series,
		(SELECT COUNT(*) FROM rounds WHERE slot >= ?) AS rounds,
		(SELECT COALESCE(SUM(people), 0) FROM rounds WHERE slot >= ?) AS people,
		(SELECT COUNT(*) FROM round_groups g JOIN rounds r ON r.id = g.round_id WHERE r.slot >= ?) AS groups,
		(SELECT COUNT(*) FROM round_groups g JOIN rounds r ON r.id = g.round_id WHERE r.slot >= ? AND g.cross_dept = 1) AS cross_groups,
		(SELECT COUNT(*) FROM round_group_members gm JOIN round_groups g ON g.id = gm.group_id JOIN rounds r ON r.id = g.round_id
			WHERE r.slot >= ? AND gm.answer <> '') AS answers,
		(SELECT COUNT(*) FROM round_group_members gm JOIN round_groups g ON g.id = gm.group_id JOIN rounds r ON r.id = g.round_id
			WHERE r.slot >= ? AND gm.answer = 'met') AS met`), s, s, s, s, s, s)
	if err != nil {
		return c, fmt.Errorf("store: rounds figures: %w", err)
	}
	return c, nil
}
