package recent

import (
	"testing"
	"time"
)

// TestKeys: a delivery key is new once, then a duplicate for For, then
// forgotten.
func TestKeys(t *testing.T) {
	var r Keys
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	steps := []struct {
		key   string
		at    time.Duration
		first bool
	}{
		{"trigger:a", 0, true},
		{"trigger:a", time.Second, false},
		{"trigger:b", time.Minute, true},
		{"trigger:a", For, false},
		{"trigger:a", For + time.Minute, true},
		{"trigger:b", 3 * For, true},
	}
	for _, s := range steps {
		if got := r.First(s.key, t0.Add(s.at)); got != s.first {
			t.Errorf("%s at +%v: first=%v, want %v", s.key, s.at, got, s.first)
		}
	}
	if len(r.seen) != 1 {
		t.Errorf("%d keys kept, want 1 (the others swept)", len(r.seen))
	}
}
