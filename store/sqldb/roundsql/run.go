package roundsql

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
)

// RunRound runs one round of a series, at most once whatever runs it: in
// one transaction it claims the round by inserting its row under the
// unique (series, slot) (a second runner, here or in another replica,
// finds the row and does nothing), reads the members to group (active,
// not skipping, not departed), groups them with group, records the
// groups, consumes the skips, and enqueues each group's introduction (due
// at the slot) and each person's midpoint ask (due at AskAt).
func (s *Store) RunRound(ctx context.Context, p store.RoundPlan, worker string, group store.GroupFunc) (out store.RoundRun, err error) {
	err = s.db.Write(ctx, func(tx *sqlx.Tx) error {
		out = store.RoundRun{} // a retried attempt starts afresh
		if err := activeSeries(ctx, tx, p.SeriesID); err != nil {
			return nil // stopped meanwhile: nothing to run
		}
		var size int
		if err := tx.GetContext(ctx, &size, tx.Rebind(`SELECT group_size FROM round_series WHERE id = ?`), p.SeriesID); err != nil {
			return err
		}
		now := s.now()
		var ids []int64
		if err := tx.SelectContext(ctx, &ids, tx.Rebind(`INSERT INTO rounds (series_id, slot, ask_at, claimed_by, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (series_id, slot) DO NOTHING RETURNING id`), p.SeriesID, ts(p.Slot), ts(p.AskAt), worker, now); err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil // run already
		}
		out.RoundID, out.Ran = ids[0], true
		people, err := roundPeople(ctx, tx, p.SeriesID)
		if err != nil {
			return err
		}
		met, err := metRecently(ctx, tx, p)
		if err != nil {
			return err
		}
		groups, repeats, err := group(people, size, func(a, b string) bool { return met[pairKey(a, b)] })
		if err != nil {
			return fmt.Errorf("grouping: %w", err)
		}
		dept := map[string]string{}
		for _, pe := range people {
			dept[pe.SlackID] = pe.Department
		}
		for _, g := range groups {
			if err := addGroup(ctx, tx, out.RoundID, g, crossDept(g, dept), p, now); err != nil {
				return err
			}
			out.People += len(g)
		}
		out.Groups, out.Repeats = len(groups), repeats
		if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE rounds SET people = ?, repeats = ? WHERE id = ?`), out.People, repeats, out.RoundID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, tx.Rebind(`UPDATE round_members SET skip_next = 0 WHERE series_id = ? AND skip_next = 1`), p.SeriesID)
		return err
	})
	if err != nil {
		return store.RoundRun{}, fmt.Errorf("store: run round: %w", err)
	}
	return out, nil
}

func addGroup(ctx context.Context, tx *sqlx.Tx, roundID int64, members []string, cross bool, p store.RoundPlan, now time.Time) error {
	var gid int64
	if err := tx.GetContext(ctx, &gid, tx.Rebind(`INSERT INTO round_groups (round_id, cross_dept) VALUES (?, ?) RETURNING id`), roundID, boolInt(cross)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO round_messages (group_id, kind, recipient, not_before, created_at) VALUES (?, 'intro', '', ?, ?)`),
		gid, ts(p.Slot), now); err != nil {
		return err
	}
	for _, m := range members {
		if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO round_group_members (group_id, slack_id) VALUES (?, ?)`), gid, m); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO round_messages (group_id, kind, recipient, not_before, created_at) VALUES (?, 'ask', ?, ?, ?)`),
			gid, m, ts(p.AskAt), now); err != nil {
			return err
		}
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// crossDept: at least two different known departments meet.
func crossDept(g []string, dept map[string]string) bool {
	seen := map[string]bool{}
	for _, m := range g {
		if d := dept[m]; d != "" {
			seen[d] = true
		}
	}
	return len(seen) >= 2
}

// roundPeople reads the members a round groups: active, not skipping, and
// not departed. A participant brings department, manager, topics and
// zone; anyone else the zone Slack gave when they joined.
func roundPeople(ctx context.Context, tx *sqlx.Tx, seriesID int64) ([]store.RoundPerson, error) {
	var rows []struct {
		SlackID  string `db:"slack_id"`
		MemberTZ string `db:"member_tz"`
		Dept     string `db:"department"`
		Manager  string `db:"manager"`
		TZ       string `db:"tz"`
	}
	if err := tx.SelectContext(ctx, &rows, tx.Rebind(`SELECT m.slack_id, m.timezone AS member_tz,
		COALESCE(p.department, '') AS department, COALESCE(p.manager_slack_id, '') AS manager, COALESCE(p.timezone, '') AS tz
		FROM round_members m LEFT JOIN participants p ON p.slack_id = m.slack_id
		WHERE m.series_id = ? AND m.status = 'active' AND m.skip_next = 0 AND p.departed_at IS NULL
		ORDER BY m.slack_id`), seriesID); err != nil {
		return nil, err
	}
	var topics []struct {
		SlackID string `db:"slack_id"`
		Label   string `db:"label"`
	}
	if err := tx.SelectContext(ctx, &topics, tx.Rebind(`SELECT DISTINCT p.slack_id, t.label FROM round_members m
		JOIN participants p ON p.slack_id = m.slack_id JOIN participant_topics pt ON pt.participant_id = p.id JOIN topics t ON t.id = pt.topic_id
		WHERE m.series_id = ? AND m.status = 'active' ORDER BY p.slack_id, t.label`), seriesID); err != nil {
		return nil, err
	}
	byPerson := map[string][]string{}
	for _, t := range topics {
		byPerson[t.SlackID] = append(byPerson[t.SlackID], t.Label)
	}
	out := make([]store.RoundPerson, 0, len(rows))
	for _, r := range rows {
		tz := r.TZ
		if tz == "" {
			tz = r.MemberTZ
		}
		out = append(out, store.RoundPerson{SlackID: r.SlackID, Department: r.Dept, ManagerSlack: r.Manager, Timezone: tz, Topics: byPerson[r.SlackID]})
	}
	return out, nil
}

func pairKey(a, b string) string {
	if a > b {
		a, b = b, a
	}
	return a + " " + b
}

// metRecently reads the pairs that met in the series' last p.Memory rounds
// before this one.
func metRecently(ctx context.Context, tx *sqlx.Tx, p store.RoundPlan) (map[string]bool, error) {
	out := map[string]bool{}
	if p.Memory <= 0 {
		return out, nil
	}
	var pairs []struct {
		A string `db:"a"`
		B string `db:"b"`
	}
	if err := tx.SelectContext(ctx, &pairs, tx.Rebind(`SELECT a.slack_id AS a, b.slack_id AS b FROM round_group_members a
		JOIN round_group_members b ON b.group_id = a.group_id AND a.slack_id < b.slack_id
		JOIN round_groups g ON g.id = a.group_id
		WHERE g.round_id IN (SELECT id FROM rounds WHERE series_id = ? AND slot < ? ORDER BY slot DESC LIMIT ?)`),
		p.SeriesID, ts(p.Slot), p.Memory); err != nil {
		return nil, err
	}
	for _, pr := range pairs {
		out[pairKey(pr.A, pr.B)] = true
	}
	return out, nil
}

// RoundGroups lists a round's groups (sorted members), for tests and the
// playground.
func (s *Store) RoundGroups(ctx context.Context, seriesID int64, slot time.Time) (out [][]string, err error) {
	var rows []struct {
		GroupID int64  `db:"group_id"`
		SlackID string `db:"slack_id"`
	}
	err = s.db.Read(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &rows, tx.Rebind(`SELECT gm.group_id, gm.slack_id FROM round_group_members gm
			JOIN round_groups g ON g.id = gm.group_id JOIN rounds r ON r.id = g.round_id
			WHERE r.series_id = ? AND r.slot = ? ORDER BY gm.group_id, gm.slack_id`), seriesID, ts(slot))
	})
	if err != nil {
		return nil, fmt.Errorf("store: round groups: %w", err)
	}
	idx := map[int64]int{}
	for _, r := range rows {
		i, ok := idx[r.GroupID]
		if !ok {
			i = len(out)
			idx[r.GroupID] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], r.SlackID)
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out, nil
}

// RoundSlots lists the slots of the rounds a series ran, oldest first.
func (s *Store) RoundSlots(ctx context.Context, seriesID int64) (out []time.Time, err error) {
	err = s.db.Read(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &out, tx.Rebind(`SELECT slot FROM rounds WHERE series_id = ? ORDER BY slot`), seriesID)
	})
	if err != nil {
		return nil, fmt.Errorf("store: round slots: %w", err)
	}
	for i := range out {
		out[i] = out[i].UTC()
	}
	return out, nil
}
