package reportsql_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/report"
	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// fixedClock is a settable clock for tests.
type fixedClock struct{ t time.Time }

func (c *fixedClock) Now() time.Time { return c.t }

func openTest(t *testing.T) (*sqldb.DB, *fixedClock) {
	t.Helper()
	clock := &fixedClock{t: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	db, err := sqldb.Open(context.Background(), sqldbtest.Target(t), sqldb.Options{Clock: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db, clock
}

func profile(id, role string) store.Profile {
	return store.Profile{SlackID: id, Name: "Person " + id, Role: role, Teaches: []string{"Go", "SQL"}, Learns: []string{"Kubernetes"},
		Goals: "grow", Department: "Eng", Seniority: 5, Capacity: 2, Cadence: store.CadenceWeekly, Timezone: "Europe/Paris"}
}

// namesOutsideAtRisk reports whether out names anyone ("Person U…") other
// than the people of the report's at-risk pairings, whom admins see by
// name (product.md, HR reports).
func namesOutsideAtRisk(out string, rep report.Report) bool {
	for _, a := range rep.AtRisk {
		for _, name := range []string{a.MentorName, a.MenteeName} {
			if name != "" {
				out = strings.ReplaceAll(out, name, "")
			}
		}
	}
	return strings.Contains(out, "Person U")
}
