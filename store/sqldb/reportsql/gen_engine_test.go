package reportsql_test

import (
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// What generateDB does differently per engine.

// bulkLoadSettings are for the generator's one connection only: the data
// is generated consistent, and a crash just means generating again.
func bulkLoadSettings(tb testing.TB, raw *sqldbtest.RawDB) {
	tb.Helper()
	settings := []string{`PRAGMA foreign_keys = OFF`, `PRAGMA synchronous = OFF`, `PRAGMA cache_size = -131072`, `PRAGMA secure_delete = OFF`}
	if sqldbtest.Engine() == "postgres" {
		settings = []string{`SET synchronous_commit = off`, `SET maintenance_work_mem = '256MB'`}
	}
	for _, q := range settings {
		if _, err := raw.Exec(q); err != nil {
			tb.Fatal(err)
		}
	}
}

// dropCheckinIndexes drops the check-ins' indexes that back no constraint
// and returns the statements that build them again.
func dropCheckinIndexes(tb testing.TB, tx *sqlx.Tx) []string {
	tb.Helper()
	var defs []struct {
		Name string `db:"name"`
		SQL  string `db:"sql"`
	}
	q := `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'checkins' AND sql IS NOT NULL`
	if sqldbtest.Engine() == "postgres" {
		q = `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS sql FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
			WHERE i.indrelid = 'checkins'::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`
	}
	if err := tx.Select(&defs, q); err != nil {
		tb.Fatal(err)
	}
	var create []string
	for _, d := range defs {
		if _, err := tx.Exec(`DROP INDEX ` + d.Name); err != nil {
			tb.Fatal(err)
		}
		create = append(create, d.SQL)
	}
	return create
}

// finishLoad brings a PostgreSQL database to the state autovacuum keeps a
// live one in: identity sequences past the generated ids, statistics
// gathered, visibility map set (so covering indexes are read without the
// table). SQLite's generated file is used as it is.
func finishLoad(tb testing.TB, raw *sqldbtest.RawDB) {
	tb.Helper()
	if sqldbtest.Engine() != "postgres" {
		return
	}
	tables := []string{"programs", "participants", "program_members", "pairings", "checkins", "feedback"}
	for _, t := range []string{"programs", "participants", "pairings"} {
		if _, err := raw.Exec(`SELECT setval(pg_get_serial_sequence('` + t + `', 'id'), (SELECT MAX(id) FROM ` + t + `))`); err != nil {
			tb.Fatal(err)
		}
	}
	if _, err := raw.Exec(`VACUUM (ANALYZE) ` + strings.Join(tables, ", ")); err != nil {
		tb.Fatal(err)
	}
}

// pauseMarks stops checkin_marks' triggers for the bulk load (a recount
// per inserted row) and returns what starts them again and counts the
// marks once, as migration 0020 does.
func pauseMarks(tb testing.TB, tx *sqlx.Tx) (resume func()) {
	tb.Helper()
	var triggers []struct {
		Name string `db:"name"`
		SQL  string `db:"sql"`
	}
	pause, start := []string{`ALTER TABLE checkins DISABLE TRIGGER checkin_marks`}, []string{`ALTER TABLE checkins ENABLE TRIGGER checkin_marks`}
	if sqldbtest.Engine() != "postgres" {
		if err := tx.Select(&triggers, `SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'checkins'`); err != nil {
			tb.Fatal(err)
		}
		pause, start = nil, nil
		for _, t := range triggers {
			pause, start = append(pause, `DROP TRIGGER `+t.Name), append(start, t.SQL)
		}
	}
	run := func(qs ...string) {
		for _, q := range qs {
			if _, err := tx.Exec(q); err != nil {
				tb.Fatal(err)
			}
		}
	}
	run(pause...)
	return func() {
		run(start...)
		run(`DELETE FROM checkin_marks`, `INSERT INTO checkin_marks (pairing_id, participant_id, third_slot, last_met, last_help) `+marksRecount)
	}
}
