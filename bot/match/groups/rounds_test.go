package groups

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestMemoryAcrossManyRounds runs a series: each round remembers the pairs
// of the last `memory` rounds. With enough people nobody meets a
// remembered partner again; in a tiny series repeats are unavoidable and
// then they are as few as possible while everyone still meets someone.
func TestMemoryAcrossManyRounds(t *testing.T) {
	for _, tc := range []struct {
		n, size, memory, rounds int
		wantRepeats             bool
	}{
		{n: 40, size: 2, memory: 6, rounds: 10},
		{n: 31, size: 2, memory: 6, rounds: 8},
		{n: 33, size: 3, memory: 4, rounds: 6},
		{n: 5, size: 2, memory: 6, rounds: 6, wantRepeats: true},
	} {
		if raceEnabled && !tc.wantRepeats {
			// Still past the memory window once for pairs; the race
			// detector makes the local search of threes very slow.
			tc.rounds = tc.memory + 1
			if tc.size == 3 {
				tc.rounds = 2
			}
		}
		people := GeneratePeople(uint64(tc.n), tc.n)
		for i := range people {
			people[i].ManagerID = "" // every pair allowed: placement is total
		}
		last := map[[2]string]int{} // the last round a pair met in
		round := 0
		met := func(a, b string) bool {
			r, ok := last[[2]string{a, b}]
			return ok && round-r <= tc.memory
		}
		totalRepeats := 0
		for round = 1; round <= tc.rounds; round++ {
			opt := Options{Size: tc.size, MetRecently: met}
			res, err := Form(people, opt)
			if err != nil {
				t.Fatal(err)
			}
			if placed := checkResult(t, people, opt, res); placed != tc.n {
				t.Fatalf("n %d round %d: placed %d", tc.n, round, placed)
			}
			if !tc.wantRepeats && res.Repeats > 0 {
				t.Fatalf("n %d round %d: %d repeats", tc.n, round, res.Repeats)
			}
			totalRepeats += res.Repeats
			for _, g := range res.Groups {
				for a := range g.Members {
					for b := range g.Members {
						if a != b {
							last[[2]string{g.Members[a], g.Members[b]}] = round
						}
					}
				}
			}
		}
		// Five people can form 10 pairs: 2 per round, so from round 6 on
		// some pair must repeat; the exact pairing keeps it to the minimum.
		if tc.wantRepeats && totalRepeats == 0 {
			t.Fatalf("n %d: expected unavoidable repeats", tc.n)
		}
	}
}

func TestFormIsDeterministic(t *testing.T) {
	people := GeneratePeople(9, 150)
	for _, size := range []int{2, 3} {
		opt := Options{Size: size, MetRecently: GenerateHistory(9, people, 4)}
		a, err := Form(people, opt)
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			b, _ := Form(slices.Clone(people), opt)
			if !slices.EqualFunc(a.Groups, b.Groups, func(x, y Group) bool { return slices.Equal(x.Members, y.Members) }) {
				t.Fatalf("size %d: two runs differ", size)
			}
		}
		// Another input order gives an equally good grouping (the optimum
		// for pairs; for threes the same objective, possibly other groups).
		shuffled := slices.Clone(people)
		rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		c, _ := Form(shuffled, opt)
		if size == 2 && (c.Total != a.Total || c.Repeats != a.Repeats || len(c.Unplaced) != len(a.Unplaced)) {
			t.Fatalf("shuffled input: total %d repeats %d, want %d and %d", c.Total, c.Repeats, a.Total, a.Repeats)
		}
	}
}
