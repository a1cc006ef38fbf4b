package reportsql_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// genSpec sizes a generated database.
type genSpec struct {
	People   int
	Checkins int
	Seed     uint64
	// Marker is written into every feedback text column, so tests can
	// prove it never reaches a report.
	Marker string
}

// genBase is the generated data's "now": slots and sign-ups lie before it.
var genBase = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// generateDB builds a migrated database of the current engine
// (sqldbtest.Target) with spec's size and returns its target, fast: one
// transaction, multi-row INSERTs, the check-ins' indexes built after the
// load (gen_engine_test.go has what differs per engine). Departments
// follow a long tail (a few big, several under the minimum group), roles
// are 30% mentors, 60% mentees, 10% both; 4% paused, 3% left (anonymised
// as Leave does).
func generateDB(tb testing.TB, spec genSpec) string {
	tb.Helper()
	ctx := context.Background()
	target := sqldbtest.Target(tb)
	db, err := sqldb.Open(ctx, target, sqldb.Options{Clock: func() time.Time { return genBase }})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	db.Close()

	raw := sqldbtest.Raw(tb, target, sqldb.DSN)
	raw.SetMaxOpenConns(1) // the bulk-load settings are the connection's
	bulkLoadSettings(tb, raw)
	tx, err := raw.BeginTxx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(spec.Seed, 42))
	g := &gen{tb: tb, tx: tx}

	programs := []string{"Spring", "Autumn", "Leaders"}
	for i, name := range programs {
		g.add("programs", "id, name, created_at", i+1, name, genBase.AddDate(-1, 0, 0))
	}
	g.flush("programs")

	type person struct {
		id      int
		role    string
		status  string
		program int
		created time.Time
	}
	people := make([]person, spec.People)
	var mentors, mentees []int
	for i := range people {
		p := person{id: i + 1, program: 1 + rng.IntN(len(programs)), status: "active",
			created: genBase.AddDate(0, 0, -30-rng.IntN(300))}
		switch r := rng.IntN(10); {
		case r < 3:
			p.role = "mentor"
		case r < 9:
			p.role = "mentee"
		default:
			p.role = "both"
		}
		switch r := rng.IntN(100); {
		case r < 3:
			p.status = "left"
		case r < 7:
			p.status = "paused"
		}
		people[i] = p
		slack, dept := fmt.Sprintf("U%07d", p.id), department(rng)
		if p.status == "left" {
			slack, dept = fmt.Sprintf("left-%d", p.id), ""
		}
		var leftAt any
		if p.status == "left" {
			leftAt = genBase.AddDate(0, 0, -rng.IntN(20))
		}
		g.add("participants", "id, slack_id, name, role, department, capacity, status, created_at, updated_at, left_at",
			p.id, slack, "Person "+slack, p.role, dept, 2, p.status, p.created, p.created, leftAt)
		if p.role != "mentee" {
			mentors = append(mentors, i)
		}
		if p.role != "mentor" {
			mentees = append(mentees, i)
		}
	}
	g.flush("participants")
	for _, p := range people {
		if p.status != "left" {
			g.add("program_members", "program_id, participant_id, joined_at", p.program, p.id, p.created)
		}
	}
	g.flush("program_members")

	// Pair 85% of mentees with a mentor of the same program; 15% of
	// pairings have ended. Check-ins are spread evenly over the pairings.
	type pairing struct {
		id, mentor, mentee int
		start              time.Time
		active             bool
	}
	byProgram := map[int][]int{}
	for _, m := range mentors {
		byProgram[people[m].program] = append(byProgram[people[m].program], m)
	}
	var pairings []pairing
	for _, me := range mentees {
		pool := byProgram[people[me].program]
		if rng.IntN(100) >= 85 || len(pool) == 0 {
			continue
		}
		mr := pool[rng.IntN(len(pool))]
		if mr == me {
			continue
		}
		pa := pairing{id: len(pairings) + 1, mentor: mr, mentee: me,
			start:  people[me].created.AddDate(0, 0, rng.IntN(20)),
			active: rng.IntN(100) >= 15 && people[me].status != "left" && people[mr].status != "left"}
		pairings = append(pairings, pa)
		status, ended := "active", any(nil)
		if !pa.active {
			status, ended = "ended", genBase.AddDate(0, 0, -rng.IntN(10))
		}
		g.add("pairings", "id, program_id, mentor_id, mentee_id, status, source, started_at, ended_at",
			pa.id, people[me].program, people[mr].id, people[me].id, status, "match", pa.start, ended)
	}
	g.flush("pairings")

	// Indexes are cheaper built once than kept up row by row: drop the
	// check-ins' named indexes for the load and recreate them after.
	indexes := dropCheckinIndexes(tb, tx)
	resumeMarks := pauseMarks(tb, tx)

	perPairing := (spec.Checkins + 2*len(pairings) - 1) / (2 * len(pairings))
	answers := []string{"met", "met", "met", "met", "met", "met", "not_yet", "not_yet", "not_yet", "need_help"}
	n := 0
	for w := 0; w < perPairing && n < spec.Checkins; w++ {
		for _, pa := range pairings {
			slot := genBase.AddDate(0, 0, -7*(perPairing-w)).Truncate(time.Hour)
			for _, who := range []int{pa.mentor, pa.mentee} {
				if n == spec.Checkins {
					break
				}
				answer, answered := "", any(nil)
				if rng.IntN(100) < 75 {
					answer, answered = answers[rng.IntN(len(answers))], slot.Add(time.Hour)
				}
				g.add("checkins", "pairing_id, participant_id, slot, sent_at, answer, answered_at",
					pa.id, people[who].id, slot, slot, answer, answered)
				n++
			}
		}
	}
	g.flush("checkins")
	for _, q := range indexes {
		if _, err := tx.Exec(q); err != nil {
			tb.Fatal(err)
		}
	}
	resumeMarks()

	// About one feedback per 20 check-ins, with text carrying the marker.
	for i := 0; i < spec.Checkins/20; i++ {
		pa := pairings[rng.IntN(len(pairings))]
		who := pa.mentor
		if rng.IntN(2) == 0 {
			who = pa.mentee
		}
		rating := []int{1, 2, 3, 3, 4, 4, 4, 5, 5, 5}[rng.IntN(10)]
		at := genBase.AddDate(0, 0, -rng.IntN(120))
		g.add("feedback", "pairing_id, participant_id, slot, rating, went_well, to_change, progress, created_at",
			pa.id, people[who].id, at.Add(time.Duration(i)*time.Second), rating, spec.Marker+" went well", spec.Marker+" change", spec.Marker+" progress", at)
	}
	g.flush("feedback")
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	finishLoad(tb, raw)
	return target
}

// department draws from a long tail: a few big departments, a middle, and
// a handful so small they fall under the minimum group.
func department(rng *rand.Rand) string {
	switch r := rng.IntN(1000); {
	case r < 2:
		return fmt.Sprintf("Tiny-%d", rng.IntN(3))
	case r < 10:
		return ""
	case r < 600:
		return fmt.Sprintf("Big-%d", rng.IntN(4))
	default:
		return fmt.Sprintf("Dept-%02d", rng.IntN(20))
	}
}

// gen batches rows per table into multi-row INSERTs.
type gen struct {
	tb   testing.TB
	tx   *sqlx.Tx
	cols map[string]string
	rows map[string][][]any
}

const genBatch = 400

func (g *gen) add(table, cols string, vals ...any) {
	if g.rows == nil {
		g.rows, g.cols = map[string][][]any{}, map[string]string{}
	}
	g.cols[table] = cols
	g.rows[table] = append(g.rows[table], vals)
	if len(g.rows[table]) == genBatch {
		g.flush(table)
	}
}

func (g *gen) flush(table string) {
	rows := g.rows[table]
	if len(rows) == 0 {
		return
	}
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(rows[0])), ", ") + ")"
	args := make([]any, 0, len(rows)*len(rows[0]))
	for _, r := range rows {
		args = append(args, r...)
	}
	q := "INSERT INTO " + table + " (" + g.cols[table] + ") VALUES " + strings.TrimSuffix(strings.Repeat(one+", ", len(rows)), ", ")
	if _, err := g.tx.Exec(g.tx.Rebind(q), args...); err != nil {
		g.tb.Fatalf("insert %s: %v", table, err)
	}
	g.rows[table] = rows[:0]
}
