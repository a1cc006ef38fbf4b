package checkins_test

import (
	"os"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// TestMain stops the throwaway PostgreSQL cluster the PostgreSQL dispatch
// test and benchmark may have started (sqldbtest).
func TestMain(m *testing.M) { os.Exit(sqldbtest.Main(m)) }

// TestDispatchStaysWithinSlackLimitsOnPostgres: the 600 check-ins of
// TestDispatchStaysWithinSlackLimits with the outbox on PostgreSQL.
func TestDispatchStaysWithinSlackLimitsOnPostgres(t *testing.T) {
	r := runDispatchOn(t, sqldbtest.PostgresTarget(t), 300, 300)
	t.Logf("%d check-ins in %v (virtual; minimum %v): ratio %.4f, %d 429s, real time %v",
		r.checkins, r.elapsed.Round(time.Millisecond), r.minimum.Round(time.Millisecond), r.ratio, r.limited, r.real.Round(time.Millisecond))
	if r.limited != 0 {
		t.Errorf("%d 429s provoked", r.limited)
	}
	if r.ratio > 1.10 {
		t.Errorf("took %.2f× the minimum", r.ratio)
	}
}

// BenchmarkDispatch10kPostgres is BenchmarkDispatch10k with the outbox on
// PostgreSQL (MENTORBOT_TEST_POSTGRES, or a throwaway cluster).
//
//	go test ./bot -run '^$' -bench Dispatch10kPostgres -benchtime 1x
func BenchmarkDispatch10kPostgres(b *testing.B) {
	for i := 0; i < b.N; i++ {
		reportDispatch(b, runDispatchOn(b, sqldbtest.PostgresTarget(b), 5000, 300))
	}
}
