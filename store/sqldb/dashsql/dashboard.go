// Package dashsql holds the SQL of the admin dashboard and the weekly
// digest: a handful of targeted, indexed queries (never the full report),
// run by store/sqldb inside its transactions on either engine.
package dashsql

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb/circlesql"
	"github.com/mentorbot/mentorbot/store/sqldb/roundsql"
)

// Tx is what the statements need: a transaction of store/sqldb.
type Tx interface {
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	Rebind(query string) string
}

// epoch stands for "never handled" in comparisons with answered_at.
var epoch = time.Unix(0, 0).UTC()

// pairingSelect reads a pairing as the dashboard shows it.
const pairingSelect = `SELECT pa.id, COALESCE(pr.name, '') AS program_name, mr.slack_id AS mentor_slack, me.slack_id AS mentee_slack,
	mr.name AS mentor_name, me.name AS mentee_name, pa.status, pa.started_at, pa.at_risk_reason, pa.at_risk_at
	FROM pairings pa JOIN participants mr ON mr.id = pa.mentor_id JOIN participants me ON me.id = pa.mentee_id
	LEFT JOIN programs pr ON pr.id = pa.program_id`

// openAlert is the condition of a pairing on *Needs attention*: active,
// flagged, and not marked handled since (or asking for help again after).
// An admin never sees their own pairing there: the health rules tell no
// one of a flag they did not raise (product.md, "Health"). Its arguments
// are alertArgs.
const openAlert = `pa.status = 'active' AND pa.at_risk_at IS NOT NULL
	AND (pa.handled_at IS NULL OR ` + helpSinceHandled + `)
	AND NOT EXISTS (SELECT 1 FROM participants v WHERE v.slack_id = ? AND v.id IN (pa.mentor_id, pa.mentee_id))`

func alertArgs(viewer string) []any { return []any{epoch, viewer} }

// helpSinceHandled: someone answered "need help" after the last "Mark
// handled" (any time, when never handled).
const helpSinceHandled = `EXISTS (SELECT 1 FROM checkins c WHERE c.pairing_id = pa.id AND c.answer = 'need_help'
	AND c.answered_at > COALESCE(pa.handled_at, ?))`

// waitingMentee is an active, reachable mentee without an active pairing
// as mentee: the report's "waiting" (reportsql/participants.go).
const noActivePairing = `NOT EXISTS (SELECT 1 FROM pairings pa WHERE pa.mentee_id = p.id AND pa.status = 'active')`

// Dashboard reads the dashboard at now as the admin viewer sees it:
// check-in figures cover the four weeks before now. Every list is capped
// and every count is one indexed query, so publishing the Home tab stays
// well under 300 ms on 100,000 participants and 2,000,000 check-ins
// (docs/benchmarks.md, "Admin dashboard").
func Dashboard(ctx context.Context, tx Tx, now time.Time, viewer string, lim store.DashboardLimits) (store.Dashboard, error) {
	var out store.Dashboard
	err := func() error {
		since := now.UTC().AddDate(0, 0, -28)
		// One pass over the people: w is 2 for a waiting mentee (the
		// report's "waiting"), 1 for a paused or unreachable one without a
		// mentor; the pairing lookup runs once per mentee.
		var people struct {
			Participants int           `db:"participants"`
			Waiting      sql.NullInt64 `db:"waiting"`
			Without      sql.NullInt64 `db:"without_mentor"`
		}
		if err := tx.GetContext(ctx, &people, `WITH people AS MATERIALIZED (
				SELECT CASE WHEN p.role IN ('mentee', 'both') AND p.status IN ('active', 'paused') AND `+noActivePairing+`
					THEN CASE WHEN p.status = 'active' AND p.unreachable_at IS NULL THEN 2 ELSE 1 END ELSE 0 END AS w
				FROM participants p WHERE p.status <> 'left')
			SELECT COUNT(*) AS participants, SUM(CASE WHEN w = 2 THEN 1 ELSE 0 END) AS waiting,
				SUM(CASE WHEN w > 0 THEN 1 ELSE 0 END) AS without_mentor FROM people`); err != nil {
			return fmt.Errorf("store: dashboard people: %w", err)
		}
		var err error
		var checkins struct {
			Active int           `db:"active"`
			Sent   int           `db:"sent"`
			Met    sql.NullInt64 `db:"met"`
			Goals  int           `db:"goals_done"`
		}
		if err := tx.GetContext(ctx, &checkins, tx.Rebind(`SELECT
			(SELECT COUNT(*) FROM pairings WHERE status = 'active') AS active,
			(SELECT COUNT(*) FROM goals WHERE status = 'done') AS goals_done,
			COUNT(*) AS sent, SUM(CASE WHEN c.answer = 'met' THEN 1 ELSE 0 END) AS met
			FROM checkins c WHERE c.sent_at IS NOT NULL AND c.slot >= ?`), since); err != nil {
			return fmt.Errorf("store: dashboard figures: %w", err)
		}
		out.Participants, out.Waiting, out.WaitingListTotal = people.Participants, int(people.Waiting.Int64), int(people.Without.Int64)
		out.ActivePairings, out.CheckinsSent, out.CheckinsMet = checkins.Active, checkins.Sent, int(checkins.Met.Int64)
		out.GoalsDone = checkins.Goals
		if out.Rounds, err = roundsql.Counts(ctx, tx, since); err != nil {
			return err
		}
		if out.Completed, out.EndedEarly, err = completion(ctx, tx); err != nil {
			return err
		}
		if out.Attention, out.AttentionTotal, err = attention(ctx, tx, viewer, lim.Attention); err != nil {
			return err
		}
		if out.WaitingList, err = waitingList(ctx, tx, lim.Waiting); err != nil {
			return err
		}
		if out.Circles, err = circles(ctx, tx, since, viewer, lim.Attention); err != nil {
			return err
		}
		out.Proposals, err = pendingProposals(ctx, tx, lim.Proposals)
		return err
	}()
	return out, err
}

// attention lists the open alerts, newest flag first, and counts them all.
func attention(ctx context.Context, tx Tx, viewer string, limit int) ([]store.AttentionItem, int, error) {
	var total int
	if err := tx.GetContext(ctx, &total, tx.Rebind(`SELECT COUNT(*) FROM pairings pa WHERE `+openAlert), alertArgs(viewer)...); err != nil {
		return nil, 0, fmt.Errorf("store: open alerts: %w", err)
	}
	var rows []struct {
		store.Pairing
		NeedHelp bool `db:"need_help"`
	}
	if err := tx.SelectContext(ctx, &rows, tx.Rebind(`SELECT x.*, `+helpSinceHandled+` AS need_help FROM (`+pairingSelect+`
		WHERE `+openAlert+` ORDER BY pa.at_risk_at DESC, pa.id DESC LIMIT ?) x
		JOIN pairings pa ON pa.id = x.id ORDER BY x.at_risk_at DESC, x.id DESC`), append(append([]any{epoch}, alertArgs(viewer)...), limit)...); err != nil {
		return nil, 0, fmt.Errorf("store: open alerts: %w", err)
	}
	out := make([]store.AttentionItem, 0, len(rows))
	for _, r := range rows {
		out = append(out, store.AttentionItem{Pairing: r.Pairing, NeedHelp: r.NeedHelp})
	}
	return out, total, nil
}

// waitingList lists mentees without a pairing and why: the waiting ones
// first, then the paused and unreachable, each in sign-up order. Each
// query walks the table in id order and stops at the limit.
func waitingList(ctx context.Context, tx Tx, limit int) ([]store.WaitingPerson, error) {
	type row struct {
		ID          int64      `db:"id"`
		SlackID     string     `db:"slack_id"`
		Name        string     `db:"name"`
		Status      string     `db:"status"`
		CreatedAt   time.Time  `db:"created_at"`
		Unreachable *time.Time `db:"unreachable_at"`
	}
	const who = `SELECT p.id, p.slack_id, p.name, p.status, p.created_at, p.unreachable_at FROM participants p
		WHERE p.role IN ('mentee', 'both') AND `
	var rows []row
	for _, cond := range []string{`p.status = 'active' AND p.unreachable_at IS NULL`,
		`(p.status = 'paused' OR p.status = 'active' AND p.unreachable_at IS NOT NULL)`} {
		var some []row
		if len(rows) >= limit {
			break
		}
		if err := tx.SelectContext(ctx, &some, tx.Rebind(who+cond+` AND `+noActivePairing+` ORDER BY p.id LIMIT ?`), limit-len(rows)); err != nil {
			return nil, fmt.Errorf("store: waiting list: %w", err)
		}
		rows = append(rows, some...)
	}
	out := make([]store.WaitingPerson, 0, len(rows))
	for _, r := range rows {
		w := store.WaitingPerson{SlackID: r.SlackID, Name: r.Name, Since: r.CreatedAt}
		switch {
		case r.Status == store.StatusPaused:
			w.Why = store.WaitPaused
		case r.Unreachable != nil:
			w.Why = store.WaitUnreachable
		default:
			var err error
			if w.Why, w.Learns, err = whyWaiting(ctx, tx, r.ID); err != nil {
				return nil, err
			}
		}
		out = append(out, w)
	}
	return out, nil
}

// whyWaiting tells why an active mentee has no mentor, from the topics
// index: nobody teaches what they want to learn, every teacher is full, or
// a teacher has room (the matching has not run since, or another rule
// keeps them apart). A teacher's room counts their circle seats too.
func whyWaiting(ctx context.Context, tx Tx, menteeID int64) (string, []string, error) {
	var learns []string
	if err := tx.SelectContext(ctx, &learns, tx.Rebind(`SELECT t.label FROM participant_topics pt JOIN topics t ON t.id = pt.topic_id
		WHERE pt.participant_id = ? AND pt.kind = 'learn' ORDER BY t.label`), menteeID); err != nil {
		return "", nil, fmt.Errorf("store: waiting topics: %w", err)
	}
	if len(learns) == 0 {
		return store.WaitNoTopics, nil, nil
	}
	const teachers = `SELECT 1 FROM participant_topics pt JOIN participants m ON m.id = pt.participant_id
		WHERE pt.kind = 'teach' AND pt.topic_id IN (SELECT topic_id FROM participant_topics WHERE participant_id = ? AND kind = 'learn')
		AND m.id <> ? AND m.status = 'active' AND m.unreachable_at IS NULL AND m.role IN ('mentor', 'both')`
	var r struct {
		Any  bool `db:"any_teacher"`
		Free bool `db:"free_teacher"`
	}
	if err := tx.GetContext(ctx, &r, tx.Rebind(`SELECT EXISTS (`+teachers+`) AS any_teacher, EXISTS (`+teachers+`
		AND m.capacity > (SELECT COUNT(*) FROM pairings pa WHERE pa.mentor_id = m.id AND pa.status = 'active') + `+circlesql.LeadSeatsSQL("m.id")+`) AS free_teacher`),
		menteeID, menteeID, menteeID, menteeID); err != nil {
		return "", nil, fmt.Errorf("store: waiting reason: %w", err)
	}
	switch {
	case !r.Any:
		return store.WaitNoTeacher, learns, nil
	case !r.Free:
		return store.WaitMentorsFull, learns, nil
	}
	return store.WaitNotMatched, learns, nil
}

// pendingProposals lists the newest matching previews still waiting for
// Confirm or Cancel, with how many pairs each proposes.
func pendingProposals(ctx context.Context, tx Tx, limit int) ([]store.PendingProposal, error) {
	var rows []struct {
		store.PendingProposal
		Body string `db:"body"`
	}
	if err := tx.SelectContext(ctx, &rows, tx.Rebind(`SELECT mp.id, mp.admin_id, COALESCE(pr.name, '') AS program, mp.created_at, mp.body
		FROM match_proposals mp LEFT JOIN programs pr ON pr.id = mp.program_id
		WHERE mp.status = 'pending' ORDER BY mp.id DESC LIMIT ?`), limit); err != nil {
		return nil, fmt.Errorf("store: pending proposals: %w", err)
	}
	out := make([]store.PendingProposal, 0, len(rows))
	for _, r := range rows {
		var body struct {
			Pairs []json.RawMessage `json:"pairs"`
		}
		_ = json.Unmarshal([]byte(r.Body), &body) // a body without pairs counts none
		r.PendingProposal.Pairs = len(body.Pairs)
		out = append(out, r.PendingProposal)
	}
	return out, nil
}

// MarkHandled takes a pairing off *Needs attention* until someone asks
// for help again. A pairing not on it is ErrAlreadyDone (another admin was
// first, or it ended); an unknown one ErrNotFound.
func MarkHandled(ctx context.Context, tx Tx, pairingID int64, admin string, now time.Time) error {
	{
		res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE pairings SET handled_at = ?, handled_by = ?
			WHERE id = ? AND status = 'active' AND at_risk_at IS NOT NULL
			AND (handled_at IS NULL OR EXISTS (SELECT 1 FROM checkins c WHERE c.pairing_id = pairings.id AND c.answer = 'need_help'
				AND c.answered_at > pairings.handled_at))`), now.UTC(), admin, pairingID)
		if err != nil {
			return fmt.Errorf("store: mark handled: %w", err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			return nil
		}
		var n int
		if err := tx.GetContext(ctx, &n, tx.Rebind(`SELECT COUNT(*) FROM pairings WHERE id = ?`), pairingID); err != nil {
			return fmt.Errorf("store: mark handled: %w", err)
		}
		if n == 0 {
			return fmt.Errorf("pairing %d: %w", pairingID, store.ErrNotFound)
		}
		return fmt.Errorf("pairing %d is not on the dashboard: %w", pairingID, store.ErrAlreadyDone)
	}
}

// DigestFigures reads the weekly digest's numbers since a moment, as the
// admin viewer sees them.
func Digest(ctx context.Context, tx Tx, since time.Time, viewer string) (store.DigestFigures, error) {
	out := store.DigestFigures{Since: since}
	err := func() error {
		var r struct {
			Signups  int           `db:"signups"`
			Pairings int           `db:"pairings"`
			Alerts   int           `db:"alerts"`
			Sent     int           `db:"sent"`
			Met      sql.NullInt64 `db:"met"`
		}
		s := since.UTC()
		err := tx.GetContext(ctx, &r, tx.Rebind(`SELECT
			(SELECT COUNT(*) FROM participants WHERE status <> 'left' AND created_at >= ?) AS signups,
			(SELECT COUNT(*) FROM pairings WHERE started_at >= ?) AS pairings,
			(SELECT COUNT(*) FROM pairings pa WHERE `+openAlert+`) AS alerts,
			COUNT(*) AS sent, SUM(CASE WHEN c.answer = 'met' THEN 1 ELSE 0 END) AS met
			FROM checkins c WHERE c.sent_at IS NOT NULL AND c.slot >= ?`), s, s, epoch, viewer, s)
		if err != nil {
			return fmt.Errorf("store: digest figures: %w", err)
		}
		out.NewSignups, out.NewPairings, out.OpenAlerts = r.Signups, r.Pairings, r.Alerts
		out.CheckinsSent, out.CheckinsMet = r.Sent, int(r.Met.Int64)
		circleAlerts, err := openCircleAlerts(ctx, tx, viewer)
		out.OpenAlerts += circleAlerts
		return err
	}()
	return out, err
}

// completion counts the pairings that ever ended: completed (on their end
// date or with their program) and early.
func completion(ctx context.Context, tx Tx) (completed, early int, err error) {
	var c struct {
		Completed sql.NullInt64 `db:"completed"`
		Ended     int           `db:"ended"`
	}
	if err := tx.GetContext(ctx, &c, `SELECT SUM(CASE WHEN end_reason IN ('completed', 'program closed') THEN 1 ELSE 0 END) AS completed,
		COUNT(*) AS ended FROM pairings WHERE status = 'ended'`); err != nil {
		return 0, 0, fmt.Errorf("store: dashboard completion: %w", err)
	}
	return int(c.Completed.Int64), c.Ended - int(c.Completed.Int64), nil
}
