package groups

import (
	"math/bits"
	"math/rand/v2"
	"testing"
)

// exactGroups is the best grouping by dynamic programming over subsets:
// groups of 3 and at most two groups of 2 (as Form's shape), anyone may
// stay unplaced; most placed first, then fewest repeats, then the highest
// score. It uses the reference scorer and rules.
func exactGroups(people []Person, w Weights, met func(a, b string) bool) (placed, repeats int, score int64) {
	n := len(people)
	type val struct {
		placed, repeats int
		score           int64
		ok              bool
	}
	better := func(a, b val) bool {
		if !b.ok {
			return a.ok
		}
		if a.placed != b.placed {
			return a.placed > b.placed
		}
		if a.repeats != b.repeats {
			return a.repeats < b.repeats
		}
		return a.score > b.score
	}
	allowed := func(i, j int) bool {
		return people[i].ManagerID != people[j].ID && people[j].ManagerID != people[i].ID
	}
	pairVal := func(i, j int) (int, int64) {
		r := 0
		if met(people[i].ID, people[j].ID) || met(people[j].ID, people[i].ID) {
			r = 1
		}
		return r, refScore(w, people[i], people[j])
	}
	memo := make([][3]val, 1<<n)
	var f func(mask uint, pairs int) val
	f = func(mask uint, pairs int) val {
		if mask == 0 {
			return val{ok: true}
		}
		if v := memo[mask][pairs]; v.ok {
			return v
		}
		i := bits.TrailingZeros(mask)
		rest := mask &^ (1 << i)
		best := f(rest, pairs) // i unplaced
		for j := i + 1; j < n; j++ {
			if rest&(1<<j) == 0 || !allowed(i, j) {
				continue
			}
			rij, sij := pairVal(i, j)
			if pairs > 0 {
				sub := f(rest&^(1<<j), pairs-1)
				if v := (val{sub.placed + 2, sub.repeats + rij, sub.score + sij, true}); better(v, best) {
					best = v
				}
			}
			for k := j + 1; k < n; k++ {
				if rest&(1<<k) == 0 || !allowed(i, k) || !allowed(j, k) {
					continue
				}
				rik, sik := pairVal(i, k)
				rjk, sjk := pairVal(j, k)
				sub := f(rest&^(1<<j)&^(1<<k), pairs)
				v := val{sub.placed + 3, sub.repeats + rij + rik + rjk, sub.score + sij + sik + sjk, true}
				if better(v, best) {
					best = v
				}
			}
		}
		memo[mask][pairs] = best
		return best
	}
	v := f(1<<n-1, 2)
	return v.placed, v.repeats, v.score
}

// TestTriplesAgainstExact compares groups of 3 with the exact optimum on
// small rounds and reports the gap (docs/rounds.md quotes it).
func TestTriplesAgainstExact(t *testing.T) {
	seeds := 400
	if testing.Short() || raceEnabled {
		seeds = 80
	}
	var gaps []float64
	worsePlaced, worseRepeats, optimal := 0, 0, 0
	for seed := range seeds {
		r := rand.New(rand.NewPCG(uint64(seed), 3))
		n := 2 + r.IntN(11)
		people, met := randomRound(r, n)
		opt := Options{Size: 3, MetRecently: met}
		res, err := Form(people, opt)
		if err != nil {
			t.Fatal(err)
		}
		placed := checkResult(t, people, opt, res)
		pairs := 0
		for _, g := range res.Groups {
			if len(g.Members) == 2 {
				pairs++
			}
		}
		if pairs > 2 {
			t.Fatalf("seed %d: %d groups of 2", seed, pairs)
		}
		ep, er, es := exactGroups(people, DefaultWeights(), met)
		switch {
		case placed > ep || placed == ep && res.Repeats < er || placed == ep && res.Repeats == er && res.Total > es:
			t.Fatalf("seed %d: better than the exact optimum: %d/%d/%d vs %d/%d/%d", seed, placed, res.Repeats, res.Total, ep, er, es)
		case placed < ep:
			worsePlaced++
		case res.Repeats > er:
			worseRepeats++
		default:
			gap := 0.0
			if es > 0 {
				gap = float64(es-res.Total) / float64(es)
			}
			if gap == 0 {
				optimal++
			}
			gaps = append(gaps, gap)
		}
	}
	lo, hi, sum := 1.0, 0.0, 0.0
	for _, g := range gaps {
		lo, hi, sum = min(lo, g), max(hi, g), sum+g
	}
	t.Logf("groups of 3 vs exact on %d rounds of 2–12 people: %d optimal; score gap min %.4f mean %.4f max %.4f over %d with equal placed and repeats; %d placed fewer, %d more repeats",
		seeds, optimal, lo, sum/float64(max(1, len(gaps))), hi, len(gaps), worsePlaced, worseRepeats)
	if worsePlaced > seeds/50 || sum/float64(max(1, len(gaps))) > 0.05 {
		t.Errorf("groups of 3 too far from the optimum")
	}
}

// A bigger round in threes through the sparse assignment: everyone placed,
// rules kept, shape right (the dense assignment's total is logged beside).
func TestTriplesSparseAssignment(t *testing.T) {
	n, groups := 301, 101 // 99 threes and 2 pairs
	if raceEnabled {
		n, groups = 151, 51
	}
	people := GeneratePeople(5, n)
	opt := Options{Size: 3, Weights: DefaultWeights(), MetRecently: GenerateHistory(5, people, 6)}
	m := newModel(people, opt)
	m.assignDense = 50
	pairs, _ := m.exactPairs()
	grouped, unplaced := m.triples(asGroups(pairs))
	res := m.result(grouped, unplaced)
	placed := checkResult(t, people, opt, res)
	if placed != n || len(res.Groups) != groups {
		t.Fatalf("placed %d in %d groups, want %d in %d", placed, len(res.Groups), n, groups)
	}
	dense, err := Form(people, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("sparse assignment total %d, dense %d", res.Total, dense.Total)
	if res.Repeats != 0 || dense.Repeats != 0 {
		t.Fatalf("repeats %d / %d", res.Repeats, dense.Repeats)
	}
}
