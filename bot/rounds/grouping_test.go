package rounds

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot/match/groups"
	"github.com/mentorbot/mentorbot/store"
)

func key(a, b string) string {
	if a > b {
		a, b = b, a
	}
	return a + " " + b
}

// Across many rounds with memory: everyone is placed once, an odd count
// makes exactly one group of three, and the repeats the grouping reports
// are exactly the recent pairs its groups hold. With an even n and memory
// m ≤ n/2 - 1 the pairs still allowed form a graph of degree at least n/2,
// which has a perfect matching (Dirac), so no pair may meet again within
// the memory; odd counts are checked for placement (a third may have to
// repeat: five people with memory 1 cannot avoid it).
func TestGrouperRepeatMemoryAcrossRounds(t *testing.T) {
	g := Grouper(groups.DefaultWeights(), func() time.Time { return time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC) })
	for _, tc := range []struct{ n, memory, rounds int }{{8, 3, 20}, {10, 4, 20}, {12, 5, 30}, {9, 3, 20}, {5, 1, 10}} {
		t.Run(fmt.Sprintf("%d people, memory %d", tc.n, tc.memory), func(t *testing.T) {
			var people []store.RoundPerson
			for i := 0; i < tc.n; i++ {
				people = append(people, store.RoundPerson{SlackID: fmt.Sprintf("U%02d", i), Department: []string{"Sales", "Ops", "Eng"}[i%3], Timezone: "Europe/Paris"})
			}
			var history [][][]string
			total := 0
			defer func() { t.Logf("%d repeated pairs over %d rounds", total, tc.rounds) }()
			for round := 0; round < tc.rounds; round++ {
				met := map[string]bool{}
				for _, past := range history[max(0, len(history)-tc.memory):] {
					for _, grp := range past {
						for i := range grp {
							for j := i + 1; j < len(grp); j++ {
								met[key(grp[i], grp[j])] = true
							}
						}
					}
				}
				got, reps, err := g(people, 2, func(a, b string) bool { return met[key(a, b)] })
				if err != nil {
					t.Fatal(err)
				}
				seen, threes, found := map[string]bool{}, 0, 0
				for _, grp := range got {
					if len(grp) == 3 {
						threes++
					}
					for i, a := range grp {
						if seen[a] {
							t.Fatalf("round %d: %s in two groups", round, a)
						}
						seen[a] = true
						for _, b := range grp[i+1:] {
							if met[key(a, b)] {
								found++
							}
						}
					}
				}
				if tc.n%2 == 0 && found > 0 {
					t.Errorf("round %d: %d pairs meet again within memory %d though avoidable: %v", round, found, tc.memory, got)
				}
				if reps != found || len(seen) != tc.n || threes != tc.n%2 {
					t.Errorf("round %d: %d repeats reported, %d found, %d placed of %d, %d groups of three: %v", round, reps, found, len(seen), tc.n, threes, got)
				}
				total += found
				history = append(history, got)
			}
		})
	}
}

// A manager never meets their own report, whatever else the score says.
func TestGrouperManagerRule(t *testing.T) {
	g := Grouper(groups.Weights{}, time.Now)
	people := []store.RoundPerson{
		{SlackID: "UBOSS", Department: "Eng"}, {SlackID: "UREP", Department: "Sales", ManagerSlack: "UBOSS"},
		{SlackID: "UX", Department: "Eng"}, {SlackID: "UY", Department: "Eng"},
	}
	got, _, err := g(people, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, grp := range got {
		if slices.Contains(grp, "UBOSS") && slices.Contains(grp, "UREP") {
			t.Errorf("manager and report grouped: %v", got)
		}
	}
}

func TestIcebreakerIsStableAndVaried(t *testing.T) {
	seen := map[string]bool{}
	for id := int64(1); id <= 40; id++ {
		if icebreaker(id) != icebreaker(id) {
			t.Fatal("not deterministic")
		}
		seen[icebreaker(id)] = true
	}
	if len(seen) != len(icebreakers) {
		t.Errorf("%d of %d icebreakers used", len(seen), len(icebreakers))
	}
}

func TestParseStart(t *testing.T) {
	for _, tc := range []struct {
		in          []string
		weeks, size int
		ok          bool
	}{
		{[]string{"<#C123|coffee>"}, 2, 2, true},
		{[]string{"<#C123>", "every", "week"}, 1, 2, true},
		{[]string{"<#C123|x>", "every", "3", "weeks", "groups", "of", "3"}, 3, 3, true},
		{[]string{"<#C123|x>", "groups", "of", "3", "every", "4w"}, 4, 3, true},
		{[]string{"#coffee"}, 0, 0, false},
		{[]string{"<@U123>"}, 0, 0, false},
		{[]string{"<#C123>", "every", "0", "weeks"}, 0, 0, false},
		{[]string{"<#C123>", "every", "13", "weeks"}, 0, 0, false},
		{[]string{"<#C123>", "every", "2", "days"}, 0, 0, false},
		{[]string{"<#C123>", "groups", "of", "4"}, 0, 0, false},
		{[]string{"<#C123>", "groups", "of"}, 0, 0, false},
		{[]string{"<#C123>", "every", "2", "weeks", "every", "3", "weeks"}, 0, 0, false},
		{[]string{"<#C123>", "soon"}, 0, 0, false},
		{nil, 0, 0, false},
	} {
		c, err := parseStart(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("%v: err %v", tc.in, err)
			continue
		}
		if tc.ok && (c.Channel != "C123" || c.Weeks != tc.weeks || c.Size != tc.size) {
			t.Errorf("%v: %+v", tc.in, c)
		}
	}
}
