package reportsql

import (
	"testing"
	"time"
)

// isoWeekIndex must split time exactly where time.Time.ISOWeek does: every
// hour from 2000 to 2060 (and each Monday midnight itself) gets the index
// of the previous hour when, and only when, ISOWeek says the week is the same.
func TestISOWeekIndexMatchesISOWeek(t *testing.T) {
	julian := func(at time.Time) float64 { return float64(at.Unix())/86400 + 2440587.5 }
	prev := time.Date(2000, 1, 3, 0, 0, 0, 0, time.UTC)
	if got := isoWeekIndex(julian(prev)); got != 0 {
		t.Fatalf("2000-01-03 00:00 UTC: index %d, want 0", got)
	}
	for at := prev.Add(time.Hour); at.Year() < 2060; at = at.Add(time.Hour) {
		py, pw := prev.ISOWeek()
		y, w := at.ISOWeek()
		same := py == y && pw == w
		if got := isoWeekIndex(julian(at)) == isoWeekIndex(julian(prev)); got != same {
			t.Fatalf("%v and %v: same index %v, same ISO week %v", prev, at, got, same)
		}
		prev = at
	}
}
