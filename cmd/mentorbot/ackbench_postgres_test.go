package main

import (
	"testing"

	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// BenchmarkAckBurstPostgres is BenchmarkAckBurst with mentorbot's serve on
// PostgreSQL (MENTORBOT_TEST_POSTGRES, or a throwaway cluster):
//
//	go test ./cmd/mentorbot -run '^$' -bench AckBurstPostgres -benchtime 1x
func BenchmarkAckBurstPostgres(b *testing.B) {
	runAckBurst(b, func() string { return sqldbtest.PostgresTarget(b) })
}
