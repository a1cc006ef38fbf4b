package scheduler_test

import (
	"os"
	"testing"

	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// TestMain stops the throwaway PostgreSQL cluster the replica tests may
// have started (sqldbtest).
func TestMain(m *testing.M) { os.Exit(sqldbtest.Main(m)) }

// Three replicas on one PostgreSQL database (three pools, as three serve
// processes would have): each plans and dispatches the same slots at the
// same time; claims FOR UPDATE SKIP LOCKED and SERIALIZABLE writers send
// every key exactly once. Skipped when no PostgreSQL server can be had.
func TestThreeSchedulersOnPostgresSendEachKeyOnce(t *testing.T) {
	c := newClock("2026-01-04 12:00:00")
	target := sqldbtest.PostgresTarget(t)
	dbs := []*sqldb.DB{openDB(t, target, c), openDB(t, target, c), openDB(t, target, c)}
	schedulersSendEachKeyOnce(t, c, dbs...)
}
