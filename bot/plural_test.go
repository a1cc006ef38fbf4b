package bot

import "testing"

func TestCount(t *testing.T) {
	for _, tc := range []struct {
		n         int
		one, many string
		want      string
	}{
		{0, "year", "years", "0 years"},
		{1, "year", "years", "1 year"},
		{2, "year", "years", "2 years"},
		{1, "person", "people", "1 person"},
		{7, "person", "people", "7 people"},
		{1, "active pairing", "active pairings", "1 active pairing"},
	} {
		if got := Count(tc.n, tc.one, tc.many); got != tc.want {
			t.Errorf("Count(%d, %q, %q) = %q, want %q", tc.n, tc.one, tc.many, got, tc.want)
		}
	}
}
