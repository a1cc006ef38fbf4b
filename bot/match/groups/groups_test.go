package groups

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// refScore is an independent, plain computation of a pair's score.
func refScore(w Weights, a, b Person) int64 {
	var s int64
	da, db := strings.ToLower(strings.TrimSpace(a.Department)), strings.ToLower(strings.TrimSpace(b.Department))
	if da != "" && db != "" && da != db {
		s += w.Department
	}
	if a.HasZone && b.HasZone {
		best := int64(0)
		a0 := int64(9*60) - int64(a.UTCOffset/time.Minute)
		for k := int64(-2); k <= 2; k++ {
			b0 := int64(9*60) - int64(b.UTCOffset/time.Minute) + k*1440
			if o := min(a0, b0) + 480 - max(a0, b0); o > best {
				best = o
			}
		}
		s += w.Overlap * best / 480
	} else {
		s += w.Overlap / 2
	}
	seen := map[string]bool{}
	for _, t := range a.Topics {
		seen[strings.ToLower(strings.Join(strings.Fields(t), " "))] = true
	}
	c := int64(0)
	done := map[string]bool{}
	for _, t := range b.Topics {
		k := strings.ToLower(strings.Join(strings.Fields(t), " "))
		if k != "" && seen[k] && !done[k] {
			c++
			done[k] = true
		}
	}
	return s + w.Topics*min(c, 3)/3
}

// checkResult checks a result against the input without trusting the
// package: everyone exactly once, group sizes, the manager rule, and the
// total and repeats recomputed. It returns the number of people placed.
func checkResult(t *testing.T, people []Person, opt Options, r Result) int {
	t.Helper()
	w := opt.Weights
	if w == (Weights{}) {
		w = DefaultWeights()
	}
	byID := map[string]Person{}
	for _, p := range people {
		byID[p.ID] = p
	}
	seen := map[string]bool{}
	mark := func(id string) {
		if _, ok := byID[id]; !ok {
			t.Fatalf("unknown ID %q in result", id)
		}
		if seen[id] {
			t.Fatalf("%q appears twice", id)
		}
		seen[id] = true
	}
	var total int64
	reps, placed, threes := 0, 0, 0
	for _, g := range r.Groups {
		if len(g.Members) < 2 || len(g.Members) > 3 {
			t.Fatalf("group of %d: %v", len(g.Members), g.Members)
		}
		if len(g.Members) == 3 {
			threes++
		}
		for k, a := range g.Members {
			mark(a)
			placed++
			for _, b := range g.Members[:k] {
				pa, pb := byID[a], byID[b]
				if pa.ManagerID == b || pb.ManagerID == a {
					t.Fatalf("%s grouped with their manager %s", a, b)
				}
				total += refScore(w, pa, pb)
				if opt.MetRecently != nil && (opt.MetRecently(a, b) || opt.MetRecently(b, a)) {
					reps++
				}
			}
		}
	}
	for _, id := range r.Unplaced {
		mark(id)
	}
	if len(seen) != len(people) {
		t.Fatalf("%d of %d people in the result", len(seen), len(people))
	}
	if total != r.Total || reps != r.Repeats {
		t.Fatalf("total %d repeats %d, result says %d and %d", total, reps, r.Total, r.Repeats)
	}
	return placed
}

func TestFormRulesTable(t *testing.T) {
	hour := time.Hour
	tests := []struct {
		name     string
		people   []Person
		size     int
		met      [][2]string
		groups   int
		unplaced []string
		repeats  int
	}{
		{name: "empty", size: 2},
		{name: "one person", people: []Person{{ID: "a"}}, size: 2, unplaced: []string{"a"}},
		{name: "only their manager left", people: []Person{{ID: "a"}, {ID: "b", ManagerID: "a"}}, size: 2, unplaced: []string{"a", "b"}},
		{name: "odd one out joins", people: []Person{{ID: "a"}, {ID: "b"}, {ID: "c"}}, size: 2, groups: 1},
		{name: "manager of everyone", people: []Person{{ID: "m"}, {ID: "a", ManagerID: "m"}, {ID: "b", ManagerID: "m"}, {ID: "c", ManagerID: "m"}},
			size: 2, groups: 1, unplaced: []string{"m"}},
		{name: "repeat rather than nobody", people: []Person{{ID: "a"}, {ID: "b"}}, size: 2, met: [][2]string{{"b", "a"}}, groups: 1, repeats: 1},
		{name: "fresh pairs avoid repeats", people: []Person{{ID: "a", Department: "x"}, {ID: "b", Department: "y"}, {ID: "c", Department: "x"}, {ID: "d", Department: "y"}},
			size: 2, met: [][2]string{{"a", "b"}, {"c", "d"}}, groups: 2},
		{name: "zones", people: []Person{{ID: "a", HasZone: true}, {ID: "b", HasZone: true, UTCOffset: 9 * hour}, {ID: "c", HasZone: true, UTCOffset: 8 * hour}, {ID: "d", HasZone: true, UTCOffset: -hour}},
			size: 2, groups: 2},
		{name: "six in threes", people: []Person{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}, {ID: "e"}, {ID: "f"}}, size: 3, groups: 2},
		{name: "four in threes are two pairs", people: []Person{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}}, size: 3, groups: 2},
		{name: "seven in threes", people: []Person{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}, {ID: "e"}, {ID: "f"}, {ID: "g"}}, size: 3, groups: 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			met := map[[2]string]bool{}
			for _, p := range tc.met {
				met[p] = true
			}
			opt := Options{Size: tc.size, MetRecently: func(a, b string) bool { return met[[2]string{a, b}] }}
			r, err := Form(tc.people, opt)
			if err != nil {
				t.Fatal(err)
			}
			checkResult(t, tc.people, opt, r)
			if len(r.Groups) != tc.groups || strings.Join(r.Unplaced, ",") != strings.Join(tc.unplaced, ",") || r.Repeats != tc.repeats {
				t.Fatalf("got %+v", r)
			}
		})
	}
}

func TestFormRejectsBadInput(t *testing.T) {
	ok := []Person{{ID: "a"}, {ID: "b"}}
	for name, tc := range map[string]struct {
		people []Person
		opt    Options
		want   string
	}{
		"size":      {ok, Options{Size: 4}, "size 4"},
		"weight":    {ok, Options{Size: 2, Weights: Weights{Department: -1}}, "Department=-1"},
		"too heavy": {ok, Options{Size: 2, Weights: Weights{Topics: MaxWeight + 1}}, "Topics="},
		"empty ID":  {[]Person{{ID: " "}}, Options{Size: 2}, "empty ID"},
		"duplicate": {[]Person{{ID: "a"}, {ID: "a"}}, Options{Size: 3}, "duplicate"},
	} {
		if _, err := Form(tc.people, tc.opt); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err %v, want %q", name, err, tc.want)
		}
	}
}

func TestScoreMatchesReference(t *testing.T) {
	for _, vocab := range []int{5, 100, 300} { // one word, two words, the wide path
		n := 120
		if raceEnabled {
			n = 50
		}
		people := GeneratePeople(uint64(vocab), n)
		for i := range people {
			for k := range people[i].Topics {
				people[i].Topics[k] = fmt.Sprintf(" Topic  %d", (i*7+k*13)%vocab)
			}
		}
		for _, w := range []Weights{DefaultWeights(), {Department: 7, Overlap: 11, Topics: 13}} {
			m := newModel(people, Options{Size: 2, Weights: w})
			for i := range people {
				for j := range people {
					if got, want := m.score(i, j), refScore(w, people[i], people[j]); got != want {
						t.Fatalf("vocab %d: score(%d, %d) = %d, reference %d", vocab, i, j, got, want)
					}
				}
			}
		}
	}
}
