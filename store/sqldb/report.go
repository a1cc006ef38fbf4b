package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/report"
)

// reportSchema is the oldest schema the report queries can read (0001 has
// every table and column they use; 0003 only adds indexes for speed).
const reportSchema = 1

// SchemaStatus returns the schema version applied to the database and the
// newest this program knows. A reader that cannot migrate (a read-only
// report) uses it to say what is missing.
func (d *DB) SchemaStatus(ctx context.Context) (applied, known int, err error) {
	ms, err := loadMigrations()
	if err != nil {
		return 0, 0, err
	}
	if len(ms) > 0 {
		known = ms[len(ms)-1].version
	}
	err = d.snapshot(ctx, func(tx reader) error {
		applied, err = schemaVersion(ctx, tx)
		return err
	})
	return applied, known, err
}

// reader is what the report's statements need: a transaction or a
// connection inside one.
type reader interface {
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	Rebind(query string) string
}

// snapshot runs fn inside a deferred read transaction on a connection of
// its own. The pool's transactions begin IMMEDIATE (they take the write
// lock at once, for writers); a report must neither wait for the bot's
// writers nor hold them up for the seconds it reads, and in WAL mode a
// plain BEGIN gives a consistent snapshot at the first read without any
// lock. It works the same on a read-only handle.
func (d *DB) snapshot(ctx context.Context, fn func(r reader) error) error {
	conn, err := d.rdb.Connx(ctx)
	if err != nil {
		return fmt.Errorf("store: connect: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN`); err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer func() {
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`); err != nil {
			// Never hand the pool a connection still inside a transaction.
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	return fn(conn)
}

// schemaVersion reads the applied version; a file without the migrations
// table is version 0.
func schemaVersion(ctx context.Context, tx reader) (int, error) {
	var n int
	if err := tx.GetContext(ctx, &n, `SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'`); err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	if n == 0 {
		return 0, nil
	}
	var v int
	if err := tx.GetContext(ctx, &v, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`); err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	return v, nil
}

// ReportData gathers the raw figures of a report in one read transaction
// (one consistent snapshot, beside a running bot thanks to WAL, taking no
// lock: see snapshot). It only reads, so it works on a read-only handle. Every figure
// but the ratings is aggregated in SQL; what comes back is a few rows per
// department and per week, one row per active pairing for the health
// rules, and one small row per rating for the release rule.
//
// A person who left counts in Participants.Left and their activity in
// Former (their department is erased); their pairings count as ended.
func (d *DB) ReportData(ctx context.Context, scope report.Scope) (report.Raw, error) {
	raw := report.Raw{Scope: scope, GeneratedAt: d.Now()}
	raw.Scope.Since = scope.Since.UTC()
	err := d.snapshot(ctx, func(tx reader) error {
		v, err := schemaVersion(ctx, tx)
		if err != nil {
			return err
		}
		if v < reportSchema {
			return fmt.Errorf("schema version %d, reports need %d: run `mentorbot migrate`: %w", v, reportSchema, store.ErrSchemaTooOld)
		}
		// The health probes jump around indexes of 100 MB and more; a page
		// cache of 16 MB instead of SQLite's 2 MB keeps their upper levels
		// in memory. The connection returns to the pool as it came.
		var cacheSize int
		if err := tx.GetContext(ctx, &cacheSize, `PRAGMA cache_size`); err != nil {
			return fmt.Errorf("store: report: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `PRAGMA cache_size = -16384`); err != nil {
			return fmt.Errorf("store: report: %w", err)
		}
		defer func() { _, _ = tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = %d`, cacheSize)) }()
		q := reportQuery{ctx: ctx, tx: tx, params: map[string]any{"since": ts(scope.Since), "pid": int64(0)}, since: !scope.Since.IsZero(), exactBelow: report.MaxMinGroup}
		if scope.Program != "" {
			var ids []int64
			if err := tx.SelectContext(ctx, &ids, tx.Rebind(`SELECT id FROM programs WHERE name = ?`), scope.Program); err != nil {
				return fmt.Errorf("store: report: %w", err)
			}
			if len(ids) == 0 {
				return fmt.Errorf("program %q: %w", scope.Program, store.ErrNotFound)
			}
			q.params["pid"] = ids[0]
			q.program = true
		}
		depts := map[string]*report.Department{}
		dept := func(name string, former bool) *report.Department {
			if former {
				return &raw.Former
			}
			if depts[name] == nil {
				depts[name] = &report.Department{Name: name}
			}
			return depts[name]
		}
		for _, step := range []func(*report.Raw, func(string, bool) *report.Department) error{
			q.participants, q.pairings, q.checkins, q.weeks, q.feedback, q.health,
		} {
			if err := step(&raw, dept); err != nil {
				return fmt.Errorf("store: report: %w", err)
			}
		}
		for _, dp := range depts {
			raw.Departments = append(raw.Departments, *dp)
		}
		slices.SortFunc(raw.Departments, func(a, b report.Department) int { return strings.Compare(a.Name, b.Name) })
		return nil
	})
	if err != nil {
		return report.Raw{}, err
	}
	return raw, nil
}

// reportQuery runs the report's statements with the scope's parameters:
// :since (activity from) and :pid (the program, when program is set).
type reportQuery struct {
	ctx     context.Context
	tx      reader
	params  map[string]any
	program bool
	since   bool
	// exactBelow: weekly people counts under it are counted exactly
	// (report.MaxMinGroup; tests lower it to see the bounds).
	exactBelow int
}

// sinceSlot limits check-ins to slots from :since; without --since it is
// left out, which spares a comparison per check-in.
func (q reportQuery) sinceSlot() string {
	if q.since {
		return ` AND slot >= :since`
	}
	return ``
}

// scoped picks the statement's program-scoped variant. Both are constant
// SQL; only the parameters come from outside.
func (q reportQuery) scoped(all, program string) string {
	if q.program {
		return program
	}
	return all
}

func (q reportQuery) selectInto(dst any, query string) error {
	named, args, err := sqlx.Named(query, q.params)
	if err != nil {
		return err
	}
	return q.tx.SelectContext(q.ctx, dst, q.tx.Rebind(named), args...)
}

func (q reportQuery) getInto(dst any, query string) error {
	named, args, err := sqlx.Named(query, q.params)
	if err != nil {
		return err
	}
	return q.tx.GetContext(q.ctx, dst, q.tx.Rebind(named), args...)
}

// Scope fragments. A program's people are its members; its pairings,
// check-ins and feedback are those of its pairings.
const (
	membersAll     = `participants p`
	membersProgram = `participants p JOIN program_members m ON m.participant_id = p.id AND m.program_id = :pid`
	activeMentee   = `EXISTS (SELECT 1 FROM pairings pa WHERE pa.mentee_id = p.id AND pa.status = 'active')`
	// The unary + keeps the planner on pairings_mentee: the program's
	// index would scan all its pairings once per person.
	activeMenteeP = `EXISTS (SELECT 1 FROM pairings pa WHERE pa.mentee_id = p.id AND pa.status = 'active' AND +pa.program_id = :pid)`
	// The unary + keeps the planner on the covering check-in indexes
	// (testing each entry against the program's pairings) instead of
	// fetching check-in rows pairing by pairing.
	inProgramUnindexed = ` AND +pairing_id IN (SELECT id FROM pairings WHERE program_id = :pid)`
)

// participants counts people by department, and the people who left.
func (q reportQuery) participants(raw *report.Raw, dept func(string, bool) *report.Department) error {
	paired := q.scoped(activeMentee, activeMenteeP)
	var rows []struct {
		Department string `db:"department"`
		People     int    `db:"people"`
		Mentors    int    `db:"mentors"`
		Mentees    int    `db:"mentees"`
		Paused     int    `db:"paused"`
		Waiting    int    `db:"waiting"`
		Matched    int    `db:"matched"`
	}
	// The pairing lookup runs once per mentee (CASE is lazy; the
	// materialised CTE keeps it from being repeated per use).
	err := q.selectInto(&rows, `WITH people AS MATERIALIZED (
			SELECT p.department, p.status, p.role IN ('mentor', 'both') AS mentor, p.role IN ('mentee', 'both') AS mentee,
				CASE WHEN p.role IN ('mentee', 'both') THEN `+paired+` ELSE 0 END AS paired
			FROM `+q.scoped(membersAll, membersProgram)+`
			WHERE p.status <> 'left')
		SELECT department, COUNT(*) AS people, SUM(mentor) AS mentors, SUM(mentee) AS mentees,
			SUM(status = 'paused') AS paused, SUM(mentee AND status = 'active' AND NOT paired) AS waiting, SUM(paired) AS matched
		FROM people GROUP BY department`)
	if err != nil {
		return fmt.Errorf("participants: %w", err)
	}
	pt := &raw.Participants
	for _, r := range rows {
		d := dept(r.Department, false)
		d.People, d.Mentors, d.Mentees, d.Paused, d.Waiting = r.People, r.Mentors, r.Mentees, r.Paused, r.Waiting
		pt.Total += r.People
		pt.Mentors += r.Mentors
		pt.Mentees += r.Mentees
		pt.Paused += r.Paused
		pt.Waiting += r.Waiting
		pt.Matched += r.Matched
	}
	// Leaving deletes the memberships: a program's leavers are found
	// through its pairings.
	err = q.getInto(&pt.Left, q.scoped(
		`SELECT COUNT(*) FROM participants WHERE status = 'left'`,
		`SELECT COUNT(*) FROM participants WHERE status = 'left' AND id IN (
			SELECT mentor_id FROM pairings WHERE program_id = :pid UNION SELECT mentee_id FROM pairings WHERE program_id = :pid)`))
	if err != nil {
		return fmt.Errorf("people who left: %w", err)
	}
	raw.Former.People = pt.Left
	return nil
}

// pairings counts pairings, the active ones by the mentee's department, and
// the median time to match.
func (q reportQuery) pairings(raw *report.Raw, dept func(string, bool) *report.Department) error {
	filter := q.scoped(`1 = 1`, `pa.program_id = :pid`)
	pr := &raw.Pairings
	var totals struct {
		Active  int `db:"active"`
		Ended   int `db:"ended"`
		Started int `db:"started"`
	}
	if err := q.getInto(&totals, `SELECT COALESCE(SUM(pa.status = 'active'), 0) AS active,
		COALESCE(SUM(pa.status = 'ended' AND pa.ended_at >= :since), 0) AS ended,
		COALESCE(SUM(pa.started_at >= :since), 0) AS started
		FROM pairings pa WHERE `+filter); err != nil {
		return fmt.Errorf("pairings: %w", err)
	}
	pr.Active, pr.Ended, pr.Started = totals.Active, totals.Ended, totals.Started

	var rows []struct {
		Department string `db:"department"`
		Pairings   int    `db:"pairings"`
		Mentees    int    `db:"mentees"`
	}
	if err := q.selectInto(&rows, `SELECT me.department, COUNT(*) AS pairings, COUNT(DISTINCT pa.mentee_id) AS mentees
		FROM pairings pa JOIN participants me ON me.id = pa.mentee_id
		WHERE pa.status = 'active' AND me.status <> 'left' AND `+filter+`
		GROUP BY me.department`); err != nil {
		return fmt.Errorf("pairings by department: %w", err)
	}
	for _, r := range rows {
		dept(r.Department, false).Pairings = report.Count{Value: r.Pairings, People: r.Mentees}
	}

	// Days from sign-up (or joining the program) to the mentee's first
	// pairing; the median is the middle one or the mean of the two middle
	// ones, picked in SQL with LIMIT/OFFSET.
	signup := q.scoped(`p.created_at`, `COALESCE(m.joined_at, p.created_at)`)
	join := q.scoped(``, `LEFT JOIN program_members m ON m.participant_id = p.id AND m.program_id = :pid`)
	var med struct {
		N      int     `db:"n"`
		Median float64 `db:"median"`
	}
	if err := q.getInto(&med, `WITH firsts AS (
			SELECT pa.mentee_id, MIN(pa.started_at) AS first_at FROM pairings pa WHERE `+filter+` GROUP BY pa.mentee_id),
		d AS MATERIALIZED (
			SELECT MAX(0, julianday(f.first_at) - julianday(`+signup+`)) AS days
			FROM firsts f JOIN participants p ON p.id = f.mentee_id `+join+`
			WHERE f.first_at >= :since),
		n AS (SELECT COUNT(*) AS c FROM d)
		SELECT (SELECT c FROM n) AS n,
			COALESCE((SELECT AVG(days) FROM (SELECT days FROM d ORDER BY days
				LIMIT 2 - (SELECT c FROM n) % 2 OFFSET ((SELECT c FROM n) - 1) / 2)), 0) AS median`); err != nil {
		return fmt.Errorf("time to match: %w", err)
	}
	pr.DaysToMatch, pr.DaysToMatchMentees = med.Median, med.N
	return nil
}

// checkins counts check-ins by the department of the person asked. It
// first folds the check-ins into one row per person (so the join to
// participants touches each person once), then folds people into
// departments; a person with any check-in counts once in People.
func (q reportQuery) checkins(raw *report.Raw, dept func(string, bool) *report.Department) error {
	var rows []struct {
		Department     string `db:"department"`
		Former         bool   `db:"former"`
		Sent           int    `db:"sent"`
		SentPeople     int    `db:"sent_people"`
		Answered       int    `db:"answered"`
		AnsweredPeople int    `db:"answered_people"`
		Met            int    `db:"met"`
		MetPeople      int    `db:"met_people"`
	}
	err := q.selectInto(&rows, `SELECT p.department, p.status = 'left' AS former,
		SUM(x.sent) AS sent, SUM(x.sent > 0) AS sent_people,
		SUM(x.answered) AS answered, SUM(x.answered > 0) AS answered_people,
		SUM(x.met) AS met, SUM(x.met > 0) AS met_people
		FROM (SELECT participant_id, COUNT(*) AS sent,
				COUNT(*) FILTER (WHERE answer <> '') AS answered, COUNT(*) FILTER (WHERE answer = 'met') AS met
			FROM checkins WHERE sent_at IS NOT NULL`+q.sinceSlot()+q.scoped(``, inProgramUnindexed)+`
			GROUP BY participant_id) x
		JOIN participants p ON p.id = x.participant_id
		GROUP BY p.department, former`)
	if err != nil {
		return fmt.Errorf("check-ins: %w", err)
	}
	ci := &raw.CheckIns
	for _, r := range rows {
		d := dept(r.Department, r.Former)
		d.Sent = addCount(d.Sent, r.Sent, r.SentPeople)
		d.Answered = addCount(d.Answered, r.Answered, r.AnsweredPeople)
		d.Met = addCount(d.Met, r.Met, r.MetPeople)
		ci.Sent += r.Sent
		ci.Answered += r.Answered
		ci.Met += r.Met
	}
	return nil
}

// weeks counts check-ins by ISO week of their slot (UTC), with the number
// of distinct people behind each figure.
//
// Counts stream out of the checkins_report_slot index grouped by slot and
// are folded into weeks. Distinct people per week are not additive across
// slots, so they are bounded from below, as cheaply as will do: exact
// counts matter only under report.MaxMinGroup, where they can decide
// suppression. Three tiers, each run only for weeks the previous one left
// under that line:
//
//  1. per slot, count / K, where K bounds the pairings of any one person
//     (one check-in per pairing, person and slot): free;
//  2. per slot, distinct recipients r, and r − (sent − answered) people who
//     answered (a person with no answer has an unanswered check-in), the
//     same for met: one more pass, cheap in slot order;
//  3. an exact count over that week alone.
//
// A big program with one slot a week stops at tier 1; one spread over
// timezones at tier 2; a small one reaches tier 3, over few rows.
func (q reportQuery) weeks(raw *report.Raw, _ func(string, bool) *report.Department) error {
	slots, err := q.slotCounts(false)
	if err != nil {
		return err
	}
	k, err := q.maxPairingsPerPerson()
	if err != nil {
		return err
	}
	perPair := func(n int) int { return (n + k - 1) / k }
	for _, s := range slots {
		start := weekStart(s.Slot)
		if n := len(raw.Weeks); n == 0 || !raw.Weeks[n-1].Start.Equal(start) {
			raw.Weeks = append(raw.Weeks, report.Week{Start: start})
		}
		w := &raw.Weeks[len(raw.Weeks)-1]
		w.Sent.Value += s.Sent
		w.Answered.Value += s.Answered
		w.Met.Value += s.Met
		w.Sent.People = max(w.Sent.People, perPair(s.Sent))
		w.Answered.People = max(w.Answered.People, perPair(s.Answered))
		w.Met.People = max(w.Met.People, perPair(s.Met))
	}
	if !q.weeksBelow(raw.Weeks) {
		return nil
	}
	if slots, err = q.slotCounts(true); err != nil {
		return err
	}
	byWeek := map[time.Time]*report.Week{}
	for i := range raw.Weeks {
		byWeek[raw.Weeks[i].Start] = &raw.Weeks[i]
	}
	for _, s := range slots {
		w := byWeek[weekStart(s.Slot)]
		w.Sent.People = max(w.Sent.People, s.Recipients)
		w.Answered.People = max(w.Answered.People, s.Recipients-(s.Sent-s.Answered))
		w.Met.People = max(w.Met.People, s.Recipients-(s.Sent-s.Met))
	}
	for i := range raw.Weeks {
		if w := &raw.Weeks[i]; q.weeksBelow(raw.Weeks[i : i+1]) {
			if err := q.exactWeek(w); err != nil {
				return err
			}
		}
	}
	return nil
}

// slotCount is one slot's check-ins.
type slotCount struct {
	Slot       time.Time `db:"slot"`
	Sent       int       `db:"sent"`
	Recipients int       `db:"recipients"`
	Answered   int       `db:"answered"`
	Met        int       `db:"met"`
}

// slotCounts groups the check-ins by slot, in slot order; with recipients,
// it also counts distinct people per slot.
func (q reportQuery) slotCounts(recipients bool) ([]slotCount, error) {
	r := `0`
	if recipients {
		r = `COUNT(DISTINCT participant_id)`
	}
	var slots []slotCount
	err := q.selectInto(&slots, `SELECT slot, COUNT(*) AS sent, `+r+` AS recipients,
		COUNT(*) FILTER (WHERE answer <> '') AS answered, COUNT(*) FILTER (WHERE answer = 'met') AS met
		FROM checkins WHERE sent_at IS NOT NULL AND slot >= :since`+q.scoped(``, inProgramUnindexed)+`
		GROUP BY slot ORDER BY slot`)
	if err != nil {
		return nil, fmt.Errorf("check-ins by slot: %w", err)
	}
	return slots, nil
}

// maxPairingsPerPerson bounds how many check-ins one person can get in one
// slot: the most pairings anyone mentors plus the most anyone is mentee in.
func (q reportQuery) maxPairingsPerPerson() (int, error) {
	filter := q.scoped(``, ` WHERE program_id = :pid`)
	var k int
	err := q.getInto(&k, `SELECT COALESCE((SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM pairings`+filter+` GROUP BY mentor_id)), 0)
		+ COALESCE((SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM pairings`+filter+` GROUP BY mentee_id)), 0)`)
	if err != nil {
		return 0, fmt.Errorf("pairings per person: %w", err)
	}
	return max(k, 1), nil
}

// weeksBelow tells whether any week has a people bound that could still
// decide suppression.
func (q reportQuery) weeksBelow(weeks []report.Week) bool {
	for _, w := range weeks {
		if min(w.Sent.People, w.Answered.People, w.Met.People) < q.exactBelow {
			return true
		}
	}
	return false
}

// exactWeek counts the distinct people of one week.
func (q reportQuery) exactWeek(w *report.Week) error {
	q.params["week_start"], q.params["week_end"] = ts(w.Start), ts(w.Start.AddDate(0, 0, 7))
	var exact struct {
		Sent     int `db:"sent"`
		Answered int `db:"answered"`
		Met      int `db:"met"`
	}
	err := q.getInto(&exact, `SELECT COUNT(DISTINCT participant_id) AS sent,
		COUNT(DISTINCT CASE WHEN answer <> '' THEN participant_id END) AS answered,
		COUNT(DISTINCT CASE WHEN answer = 'met' THEN participant_id END) AS met
		FROM checkins WHERE sent_at IS NOT NULL AND slot >= :week_start AND slot < :week_end AND slot >= :since`+q.scoped(``, inProgramUnindexed))
	if err != nil {
		return fmt.Errorf("check-in people of week %s: %w", w.Start.Format(time.DateOnly), err)
	}
	w.Sent.People, w.Answered.People, w.Met.People = exact.Sent, exact.Answered, exact.Met
	return nil
}

// weekStart is the Monday 00:00 UTC of t's ISO week.
func weekStart(t time.Time) time.Time {
	t = t.UTC()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return day.AddDate(0, 0, -(int(day.Weekday())+6)%7)
}

// feedback lists every rating of the scope's pairings, whatever :since,
// in the order they were given within each program: the release rule
// (store/report/release.go) forms its groups over a program's whole
// history and publishes only whole groups, so :since only marks which
// ratings fall in the window. It never selects the text columns. One row
// per rating, scanned without reflection (a big company has 100,000).
func (q reportQuery) feedback(raw *report.Raw, _ func(string, bool) *report.Department) error {
	named, args, err := sqlx.Named(`SELECT COALESCE(pa.program_id, 0), f.participant_id, f.rating, f.created_at >= :since
		FROM feedback f JOIN pairings pa ON pa.id = f.pairing_id`+q.scoped(``, ` WHERE pa.program_id = :pid`)+`
		ORDER BY 1, f.created_at, f.id`, q.params)
	if err != nil {
		return fmt.Errorf("feedback: %w", err)
	}
	rows, err := q.tx.QueryContext(q.ctx, q.tx.Rebind(named), args...)
	if err != nil {
		return fmt.Errorf("feedback: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r report.Rating
		if err := rows.Scan(&r.Program, &r.Rater, &r.Value, &r.InWindow); err != nil {
			return fmt.Errorf("feedback: %w", err)
		}
		raw.Feedback = append(raw.Feedback, r)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("feedback: %w", err)
	}
	return nil
}

// health reads one row per active pairing with what the at-risk rules
// need, each from a few index probes (checkins_met, checkins_help, the
// check-ins' unique key): the pairing's last "met" slot; for each member,
// their third most recent check-in slot (three slots after the last "met"
// means three check-ins without meeting); whether "need help" came at or
// after the last "met". Low ratings come from the few ratings of 2 or less
// (feedback_low) that no later rating by the same person replaced. It also
// gives the funnel's last stage: matched mentees whose pairing met since
// :since.
func (q reportQuery) health(raw *report.Raw, _ func(string, bool) *report.Department) error {
	var rows []struct {
		ID          int64      `db:"id"`
		Program     string     `db:"program"`
		Mentor      string     `db:"mentor"`
		Mentee      string     `db:"mentee"`
		MenteeID    int64      `db:"mentee_id"`
		StartedAt   time.Time  `db:"started_at"`
		NotMet      bool       `db:"not_met"`
		HelpOpen    bool       `db:"help_open"`
		MetRecently bool       `db:"met_recently"`
		LowRating   bool       `db:"low_rating"`
		FlagReason  string     `db:"at_risk_reason"`
		FlaggedAt   *time.Time `db:"at_risk_at"`
	}
	// A member's third most recent check-in (sent or being sent) read from
	// the unique key alone; a slot later than the last "met" means three
	// check-ins without a meeting.
	const third = `(SELECT c.slot FROM checkins c WHERE c.pairing_id = h.id AND c.participant_id = %s
		ORDER BY c.slot DESC LIMIT 1 OFFSET 2)`
	err := q.selectInto(&rows, `WITH h AS MATERIALIZED (
			SELECT pa.id, pa.program_id, pa.mentor_id, pa.mentee_id, pa.started_at, pa.at_risk_reason, pa.at_risk_at,
				COALESCE((SELECT MAX(c.slot) FROM checkins c WHERE c.pairing_id = pa.id AND c.answer = 'met'), '') AS last_met
			FROM pairings pa
			WHERE pa.status = 'active'`+q.scoped(``, ` AND pa.program_id = :pid`)+`
			ORDER BY pa.id),
		low AS MATERIALIZED (
			SELECT DISTINCT f.pairing_id FROM feedback f
			WHERE f.rating <= 2 AND NOT EXISTS (SELECT 1 FROM feedback g
				WHERE g.pairing_id = f.pairing_id AND g.participant_id = f.participant_id AND g.slot > f.slot)),
		r AS MATERIALIZED (
			SELECT h.*,
				COALESCE(`+fmt.Sprintf(third, "h.mentor_id")+` > h.last_met, 0) OR COALESCE(`+fmt.Sprintf(third, "h.mentee_id")+` > h.last_met, 0) AS not_met,
				EXISTS (SELECT 1 FROM checkins c WHERE c.pairing_id = h.id AND c.answer = 'need_help' AND c.slot >= h.last_met) AS help_open,
				h.last_met <> '' AND h.last_met >= :since AS met_recently,
				low.pairing_id IS NOT NULL AS low_rating
			FROM h LEFT JOIN low ON low.pairing_id = h.id)
		SELECT r.id, r.mentee_id, r.started_at, r.not_met, r.help_open, r.met_recently, r.low_rating, r.at_risk_reason, r.at_risk_at,
			CASE WHEN at_risk THEN COALESCE((SELECT name FROM programs WHERE id = r.program_id), '') ELSE '' END AS program,
			CASE WHEN at_risk THEN (SELECT slack_id FROM participants WHERE id = r.mentor_id) ELSE '' END AS mentor,
			CASE WHEN at_risk THEN (SELECT slack_id FROM participants WHERE id = r.mentee_id) ELSE '' END AS mentee
		FROM (SELECT *, not_met OR help_open OR low_rating OR at_risk_at IS NOT NULL AS at_risk FROM r) r`)
	if err != nil {
		return fmt.Errorf("pairing health: %w", err)
	}
	met := map[int64]bool{}
	for _, r := range rows {
		if r.MetRecently {
			met[r.MenteeID] = true
		}
		var reasons []string
		add := func(ok bool, reason string) {
			if ok && !slices.Contains(reasons, reason) {
				reasons = append(reasons, reason)
			}
		}
		add(r.NotMet, report.ReasonNotMet)
		add(r.HelpOpen, report.ReasonNeedHelp)
		add(r.LowRating, report.ReasonLowRating)
		flag := ""
		if r.FlaggedAt != nil {
			flag = r.FlagReason
			// The health rules' own reasons map onto the report's; any
			// other flag (an unreachable person) is shown as recorded.
			switch r.FlagReason {
			case store.RiskNotMeeting:
				add(true, report.ReasonNotMet)
			case store.RiskNeedHelp:
				add(true, report.ReasonNeedHelp)
			case store.RiskLowRating:
				add(true, report.ReasonLowRating)
			default:
				add(true, report.ReasonFlagged)
			}
		}
		if len(reasons) == 0 {
			continue
		}
		slices.SortFunc(reasons, func(a, b string) int { return reasonOrder(a) - reasonOrder(b) })
		raw.AtRisk = append(raw.AtRisk, report.AtRisk{
			PairingID: r.ID, Program: r.Program, Mentor: r.Mentor, Mentee: r.Mentee,
			StartedAt: r.StartedAt, Reasons: reasons, Flag: flag,
		})
	}
	raw.Participants.Met = len(met)
	raw.Pairings.AtRisk = len(raw.AtRisk)
	return nil
}

func reasonOrder(r string) int {
	return slices.Index([]string{report.ReasonNotMet, report.ReasonNeedHelp, report.ReasonLowRating, report.ReasonFlagged}, r)
}

func addCount(c report.Count, value, people int) report.Count {
	return report.Count{Value: c.Value + value, People: c.People + people}
}
