//go:build crash

package main

import (
	"os"
	"strconv"
	"testing"
	"time"
)

// TestCrashSafety: go test -tags crash ./cmd/mentorbot -run Crash -v
// SIGKILLs serve 50 times (MENTORBOT_CRASH_KILLS to change) during
// sign-ups, check-in answers and scheduled sends.
func TestCrashSafety(t *testing.T) {
	kills := 50
	if v, err := strconv.Atoi(os.Getenv("MENTORBOT_CRASH_KILLS")); err == nil && v > 0 {
		kills = v
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	signups, answers, checkins := crashRun(t, kills, 40, seed)
	t.Logf("%d kills survived: %d confirmed sign-ups, %d confirmed answers, %d check-in messages, all present, none twice", kills, signups, answers, checkins)
}

// TestCrashSafetyReplicas: go test -tags crash ./cmd/mentorbot -run Replicas -v
// Three serve replicas on PostgreSQL (MENTORBOT_TEST_POSTGRES, or a
// throwaway cluster); one of them is SIGKILLed 20 times
// (MENTORBOT_CRASH_KILLS to change) while it dispatches, during sign-ups
// and answers, with the report run after each kill.
func TestCrashSafetyReplicas(t *testing.T) {
	kills := 20
	if v, err := strconv.Atoi(os.Getenv("MENTORBOT_CRASH_KILLS")); err == nil && v > 0 {
		kills = v
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	c := crashRunReplicas(t, 3, kills, 40, seed)
	t.Logf("3 replicas, %d kills (%d while dispatching), %d reports: %d confirmed sign-ups, %d confirmed answers, %d check-in messages, all present, none twice",
		kills, c.midDispatch, c.reports, c.signups, c.answers, c.checkins)
}
