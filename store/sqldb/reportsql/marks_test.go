package reportsql_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store/report"
	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/reportsql"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// TestMarksAndProbesAgree: on random histories, with check-ins answered,
// re-answered, deleted, added and moved to another person or slot by raw
// SQL (whoever writes, the triggers of migration 0020 must follow), the
// report read from checkin_marks equals the report that probes the
// check-ins of each pairing (the path of a schema before 0020), in every
// scope; and checkin_marks equals a recount.
func TestMarksAndProbesAgree(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			target := generateDB(t, genSpec{People: 300, Checkins: 6000, Seed: seed, Marker: feedbackMarker})
			raw := sqldbtest.Raw(t, target, sqldb.DSN)
			rng := rand.New(rand.NewPCG(seed, 7))
			var ids []int64
			if err := raw.Select(&ids, `SELECT id FROM checkins ORDER BY id`); err != nil {
				t.Fatal(err)
			}
			var pairings []struct {
				ID     int64 `db:"id"`
				Mentor int64 `db:"mentor_id"`
				Mentee int64 `db:"mentee_id"`
			}
			if err := raw.Select(&pairings, `SELECT id, mentor_id, mentee_id FROM pairings ORDER BY id`); err != nil {
				t.Fatal(err)
			}
			answers := []string{"", "met", "not_yet", "need_help"}
			later := genBase.Add(time.Hour)
			for round := 0; round < 6; round++ {
				for i := 0; i < 150; i++ {
					execRaw(t, raw, `UPDATE checkins SET answer = ? WHERE id = ?`, answers[rng.IntN(len(answers))], ids[rng.IntN(len(ids))])
				}
				for i := 0; i < 30; i++ {
					execRaw(t, raw, `DELETE FROM checkins WHERE id = ?`, ids[rng.IntN(len(ids))])
				}
				for i := 0; i < 60; i++ {
					pa := pairings[rng.IntN(len(pairings))]
					who := pa.Mentor
					if rng.IntN(2) == 0 {
						who = pa.Mentee
					}
					later = later.Add(time.Duration(1+rng.IntN(3)) * 24 * time.Hour)
					execRaw(t, raw, `INSERT INTO checkins (pairing_id, participant_id, slot, sent_at, answer) VALUES (?, ?, ?, ?, ?)
						ON CONFLICT (pairing_id, participant_id, slot) DO NOTHING`, pa.ID, who, later, later, answers[rng.IntN(len(answers))])
				}
				for i := 0; i < 10; i++ {
					// Move a check-in to the other member, or to another
					// pairing, at a slot of its own (the key stays unique).
					pa := pairings[rng.IntN(len(pairings))]
					later = later.Add(time.Minute)
					execRaw(t, raw, `UPDATE checkins SET pairing_id = ?, participant_id = ?, slot = ? WHERE id = ?`,
						pa.ID, pa.Mentee, later, ids[rng.IntN(len(ids))])
				}
				checkMarksRecount(t, raw)
				for _, scope := range []report.Scope{{}, {Program: "Spring"}, {Since: later.AddDate(0, 0, -20)}, {Since: genBase.AddDate(0, -1, 0)}} {
					probes, marks := report.Raw{Scope: scope}, report.Raw{Scope: scope}
					if err := reportsql.Read(ctx, []reportsql.Reader{raw}, &probes, false); err != nil {
						t.Fatal(err)
					}
					if err := reportsql.Read(ctx, []reportsql.Reader{raw}, &marks, true); err != nil {
						t.Fatal(err)
					}
					if len(marks.AtRisk) == 0 || marks.Participants.Met == 0 {
						t.Fatalf("round %d, scope %+v: nothing at risk or met, the comparison proves little", round, scope)
					}
					if !equalJSON(t, probes, marks) {
						t.Fatalf("round %d, scope %+v: reports differ\nprobes: %+v %+v\nmarks:  %+v %+v", round, scope,
							probes.Participants, probes.Pairings, marks.Participants, marks.Pairings)
					}
				}
			}
		})
	}
}

func execRaw(t *testing.T, raw *sqldbtest.RawDB, query string, args ...any) {
	t.Helper()
	if _, err := raw.Exec(raw.Rebind(query), args...); err != nil {
		t.Fatal(err)
	}
}

// checkMarksRecount compares checkin_marks with the check-ins counted
// afresh; a row left by check-ins that are all gone must be empty.
func checkMarksRecount(t *testing.T, raw *sqldbtest.RawDB) {
	t.Helper()
	var diff []struct {
		Pairing     int64 `db:"pairing_id"`
		Participant int64 `db:"participant_id"`
		Third       any   `db:"third_slot"`
		Met         any   `db:"last_met"`
		Help        any   `db:"last_help"`
	}
	kept := `SELECT pairing_id, participant_id, third_slot, last_met, last_help FROM checkin_marks
		WHERE third_slot IS NOT NULL OR last_met IS NOT NULL OR last_help IS NOT NULL`
	recounted := `SELECT * FROM (` + marksRecount + `) a WHERE third_slot IS NOT NULL OR last_met IS NOT NULL OR last_help IS NOT NULL`
	for _, q := range []string{recounted + ` EXCEPT ` + kept, kept + ` EXCEPT ` + recounted} {
		if err := raw.Select(&diff, q); err != nil {
			t.Fatal(err)
		}
		if len(diff) > 0 {
			t.Fatalf("checkin_marks differs from a recount in %d rows, first %+v", len(diff), diff[0])
		}
	}
	var n int
	if err := raw.Get(&n, `SELECT COUNT(*) FROM checkin_marks`); err != nil || n == 0 {
		t.Fatalf("checkin_marks holds %d rows (%v)", n, err)
	}
}

// marksRecount is checkin_marks counted afresh from the check-ins.
const marksRecount = `SELECT k.pairing_id, k.participant_id,
		(SELECT c.slot FROM checkins c WHERE c.pairing_id = k.pairing_id AND c.participant_id = k.participant_id
			ORDER BY c.slot DESC LIMIT 1 OFFSET 2) AS third_slot,
		k.last_met, k.last_help
	FROM (SELECT pairing_id, participant_id, MAX(slot) FILTER (WHERE answer = 'met') AS last_met,
			MAX(slot) FILTER (WHERE answer = 'need_help') AS last_help
		FROM checkins GROUP BY pairing_id, participant_id) k`
