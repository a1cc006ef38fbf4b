package dashboard

import (
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

func TestRoundsLine(t *testing.T) {
	for _, tc := range []struct {
		in   store.RoundCounts
		want string
	}{
		{store.RoundCounts{Series: 2}, "no rounds run (2 series running)"},
		{store.RoundCounts{Series: 1, Rounds: 2, People: 7, Groups: 3, CrossGroups: 3, Answers: 4, Met: 4}, "2 rounds, 3.5 people per round; too few answers to show a met rate"},
		{store.RoundCounts{Series: 1, Rounds: 2, People: 20, Groups: 10, CrossGroups: 4, Answers: 8, Met: 6}, "2 rounds, 10.0 people per round; met 75% of 8 answers; 40% of groups across departments"},
	} {
		if got := roundsLine(tc.in); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.in, got, tc.want)
		}
	}
}
