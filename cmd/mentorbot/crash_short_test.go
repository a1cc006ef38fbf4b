package main

import "testing"

// TestCrashSafetyShort is the crash test's short version for every go
// test run (about 10 s; skipped with -short): 6 SIGKILLs.
func TestCrashSafetyShort(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the binary; skipped with -short")
	}
	signups, answers, checkins := crashRun(t, 6, 20, 1)
	t.Logf("6 kills survived: %d confirmed sign-ups, %d confirmed answers, %d check-in messages, all present, none twice", signups, answers, checkins)
}
