package bot

import (
	"testing"
	"time"
)

// TestRecentKeys: an in-memory delivery key is new once, then a duplicate
// for recentFor, then forgotten.
func TestRecentKeys(t *testing.T) {
	var r recentKeys
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	steps := []struct {
		key   string
		at    time.Duration
		first bool
	}{
		{"trigger:a", 0, true},
		{"trigger:a", time.Second, false},
		{"trigger:b", time.Minute, true},
		{"trigger:a", recentFor, false},
		{"trigger:a", recentFor + time.Minute, true},
		{"trigger:b", 3 * recentFor, true},
	}
	for _, s := range steps {
		if got := r.first(s.key, t0.Add(s.at)); got != s.first {
			t.Errorf("%s at +%v: first=%v, want %v", s.key, s.at, got, s.first)
		}
	}
	if len(r.seen) != 1 {
		t.Errorf("%d keys kept, want 1 (the others swept)", len(r.seen))
	}
}
