package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// runSync is `mentorbot import --sync`: it prints who would be added,
// updated and departed, and carries it out only with --yes. With
// --partial, the people on bad lines are left as they are (neither updated
// nor departed); a bad line whose slack_id cannot be read stops the run,
// since that person would be departed by mistake.
func runSync(ctx context.Context, db *sqldb.DB, profiles []store.Profile, bad []store.RowError, yes bool, stdout io.Writer) error {
	var keep []string
	for _, e := range bad {
		if e.SlackID == "" {
			return fmt.Errorf("line %d has no readable slack_id: a sync would depart that person; nothing was changed (fix the line)", e.Line)
		}
		keep = append(keep, e.SlackID)
	}
	plan, err := db.PlanSync(ctx, profiles, keep)
	if err != nil {
		return err
	}
	verb := map[bool][3]string{false: {"would add", "would update", "would depart"}, true: {"added", "updated", "departed"}}
	if yes {
		if plan, err = db.SyncProfiles(ctx, profiles, keep); err != nil {
			return fmt.Errorf("nothing was changed: %w", err)
		}
	}
	v := verb[yes]
	for i, ids := range [][]string{plan.Added, plan.Updated, plan.Departed} {
		fmt.Fprintf(stdout, "%s %d: %s\n", v[i], len(ids), strings.Join(ids, " "))
	}
	if len(keep) > 0 {
		fmt.Fprintf(stdout, "left alone (bad lines) %d: %s\n", len(keep), strings.Join(keep, " "))
	}
	if !yes {
		fmt.Fprintln(stdout, "nothing was changed: run again with --yes to apply")
		return nil
	}
	if len(plan.Departed) > 0 {
		fmt.Fprintln(stdout, "the departed people's partners are told by the running bot (within a minute)")
	}
	return nil
}
