package report

import (
	"strings"
	"testing"
)

// Rounds' rates follow the minimum group; counts are always shown; every
// format says the same in words.
func TestRoundsFiguresUnderMinimumGroup(t *testing.T) {
	for _, tc := range []struct {
		raw            RoundsRaw
		met, cross     string
		perRound, note string
	}{
		{RoundsRaw{}, "n/a", "n/a", "n/a", ""},
		{RoundsRaw{Series: 1, Rounds: 2, People: 7, Groups: 3, CrossGroups: 2, Answers: 4, Met: 3}, suppressedWord, suppressedWord, "3.5", "fewer than 5"},
		{RoundsRaw{Series: 2, Rounds: 2, People: 20, Groups: 10, CrossGroups: 4, Answers: 8, Met: 6}, "75.0%", "40.0%", "10.0", ""},
	} {
		raw := sampleRaw()
		raw.Rounds = tc.raw
		r := Build(raw, 5)
		var rows map[string]string
		for _, tb := range r.tables() {
			if tb.ID == tableRounds {
				rows = map[string]string{}
				for _, row := range tb.Rows {
					rows[row[0]] = row[1]
				}
				if tc.note != "" && !strings.Contains(tb.Note, tc.note) {
					t.Errorf("note %q", tb.Note)
				}
			}
		}
		if rows["Met rate (share of answers)"] != tc.met || rows["Share of groups across departments"] != tc.cross || rows["People per round (average)"] != tc.perRound {
			t.Errorf("%+v: %v", tc.raw, rows)
		}
		checkSameEverywhere(t, r, "rounds")
	}
}
