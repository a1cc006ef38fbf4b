package groups

import (
	"math"
	"math/bits"
	"slices"

	"github.com/mentorbot/mentorbot/bot/match/groups/general"
)

// Groups of three (docs/rounds.md, "Groups of 3"):
//
//  1. the exact pairing of Size 2 (most placed, fewest repeats, best score);
//  2. keep as many of its pairs as the round has groups (shape), dropping
//     the least valuable; their people join the people left over;
//  3. place those as third members by a maximum-weight assignment of
//     people to pairs (exact, by the same matching code on the bipartite
//     graph person–pair, with the same lexicographic weights; for a big
//     round each person's 32 best pairs only, then anyone left takes the
//     open pair where they add the most);
//  4. improve by local search: regroup the people of two groups in the
//     best way with the same sizes (every swap and move between them)
//     while that lowers the repeats or raises the score, under the manager
//     rule, until nothing helps or a fixed work budget is spent (so the
//     result stays deterministic).
func (m *model) triples(pairs [][]int) ([][]int, []int) {
	left := m.unmatched(pairs)
	t, p := shape(2*len(pairs) + len(left))
	if keep := t + p; len(pairs) > keep {
		order := make([]int, len(pairs))
		for k := range order {
			order[k] = k
		}
		// Best first: fewer repeats, higher score, earlier pair.
		slices.SortStableFunc(order, func(a, b int) int {
			va, vb := m.groupValue(pairs[a]), m.groupValue(pairs[b])
			switch {
			case va > vb:
				return -1
			case va < vb:
				return 1
			}
			return 0
		})
		kept := make([][]int, 0, keep)
		for _, k := range order[:keep] {
			kept = append(kept, pairs[k])
		}
		slices.SortFunc(kept, func(a, b []int) int { return a[0] - b[0] })
		for _, k := range order[keep:] {
			left = append(left, pairs[k]...)
		}
		slices.Sort(left)
		pairs = kept
	}
	groups, unplaced := m.assignThirds(pairs, left)
	// In a big round the assignment sees each person's best pairs only;
	// whoever it could not place takes any pair still open.
	groups, unplaced = m.addThirds(groups, unplaced)
	m.improve(groups)
	return groups, unplaced
}

// groupValue is a group's value for the local search: the score of its
// pairs minus the repeat penalty for each pair that met recently.
func (m *model) groupValue(g []int) int64 {
	var v int64
	for a := range g {
		for b := a + 1; b < len(g); b++ {
			pv := m.pairValue(g[a], g[b])
			if pv == forbiddenValue {
				return forbiddenValue
			}
			v += pv
		}
	}
	return v
}

const forbiddenValue = -1 << 60

// pairValue is score minus the repeat penalty, or forbiddenValue; memoised
// because the local search asks about the same pairs many times and
// MetRecently may be slow.
func (m *model) pairValue(i, j int) int64 {
	if m.n <= denseMemo {
		if m.pairDense == nil {
			m.pairDense = make([]int64, m.n*m.n)
			for k := range m.pairDense {
				m.pairDense[k] = unknownValue
			}
		}
		if v := m.pairDense[i*m.n+j]; v != unknownValue {
			return v
		}
		v := m.computePairValue(i, j)
		m.pairDense[i*m.n+j], m.pairDense[j*m.n+i] = v, v
		return v
	}
	key := pairKey(i, j)
	if v, ok := m.pairMemo[key]; ok {
		return v
	}
	v := m.computePairValue(i, j)
	if m.pairMemo == nil {
		m.pairMemo = map[uint64]int64{}
	}
	m.pairMemo[key] = v
	return v
}

// denseMemo: up to this many people the memo is an n×n table (8 MB).
const (
	denseMemo    = 1024
	unknownValue = math.MinInt64
)

func (m *model) computePairValue(i, j int) int64 {
	var v int64 = forbiddenValue
	if !m.forbidden(i, j) {
		v = m.score(i, j)
		if m.repeat(i, j) {
			v -= m.lex().repeat
		}
	}
	return v
}

// maxThirdCandidates bounds the pairs each leftover person may join in the
// assignment of a big round (the whole bipartite graph up to this size).
const (
	maxThirdCandidates = 32
	denseAssignment    = 200_000
)

// assignThirds places the people in left into distinct pairs by a
// maximum-weight assignment: each placed person is worth more than any
// sum of scores and repeat penalties, then fewer repeats, then score.
func (m *model) assignThirds(pairs [][]int, left []int) ([][]int, []int) {
	if len(left) == 0 || len(pairs) == 0 {
		return pairs, left
	}
	l := m.lex()
	place := l.place * 2 // a third adds two pairs' worth of score and repeats
	limit := denseAssignment
	if m.assignDense > 0 {
		limit = m.assignDense
	}
	dense := len(left)*len(pairs) <= limit
	var edges []general.Edge
	nl := len(left)
	for x, v := range left {
		type opt struct {
			w int64
			g int
		}
		var opts []opt
		for g, pr := range pairs {
			reps, score, ok := m.gain(pr, v)
			if ok {
				opts = append(opts, opt{place + score - int64(reps)*l.repeat, g})
			}
		}
		if !dense && len(opts) > maxThirdCandidates {
			slices.SortStableFunc(opts, func(a, b opt) int {
				switch {
				case a.w > b.w:
					return -1
				case a.w < b.w:
					return 1
				}
				return 0
			})
			opts = opts[:maxThirdCandidates]
		}
		for _, o := range opts {
			edges = append(edges, general.Edge{U: int32(x), V: int32(nl + o.g), W: o.w})
		}
	}
	sol, err := general.MaxWeightMatching(nl+len(pairs), edges)
	if err != nil {
		panic(err) // the graph is built valid
	}
	var unplaced []int
	for x, v := range left {
		if g := sol.Mate[x]; g >= 0 {
			pairs[int(g)-nl] = append(pairs[int(g)-nl], v)
		} else {
			unplaced = append(unplaced, v)
		}
	}
	return pairs, unplaced
}

// improveBudget bounds the local search's work (group evaluations).
const improveBudget = 2_000_000

// improve regroups two groups at a time until no regrouping helps. Each
// change must raise the two groups' summed value (groupValue), so the
// search ends; the budget keeps big rounds quick.
func (m *model) improve(groups [][]int) {
	budget := improveBudget
	for changed := true; changed && budget > 0; {
		changed = false
		for a := 0; a < len(groups) && budget > 0; a++ {
			for b := a + 1; b < len(groups) && budget > 0; b++ {
				if m.improvePair(&groups[a], &groups[b], &budget) {
					changed = true
				}
			}
		}
		if changed || len(groups) > maxGroupsForThreeWay {
			continue
		}
		// A small round: regroup three groups at a time too.
		for a := 0; a < len(groups) && budget > 0; a++ {
			for b := a + 1; b < len(groups) && budget > 0; b++ {
				for c := b + 1; c < len(groups) && budget > 0; c++ {
					if m.improveThree([3]*[]int{&groups[a], &groups[b], &groups[c]}, &budget) {
						changed = true
					}
				}
			}
		}
	}
}

// maxGroupsForThreeWay: three-group regrouping costs up to 1,680 splits per
// three groups, so only small rounds (up to 60 people) get it.
const maxGroupsForThreeWay = 20

// improveThree regroups the people of three groups in the best way with
// the same sizes, if that is strictly better.
func (m *model) improveThree(gs [3]*[]int, budget *int) bool {
	var all []int
	var size [3]int
	before := int64(0)
	for k, g := range gs {
		all = append(all, *g...)
		size[k] = len(*g)
		before += m.groupValue(*g)
	}
	var cur, best [3][]int
	bestV := before
	found := false
	var rec func(i int)
	rec = func(i int) {
		if *budget <= 0 {
			return
		}
		if i == len(all) {
			*budget -= 3
			v := m.groupValue(cur[0]) + m.groupValue(cur[1]) + m.groupValue(cur[2])
			if v > bestV {
				bestV, found = v, true
				for k := range cur {
					best[k] = append([]int(nil), cur[k]...)
				}
			}
			return
		}
		for k := range cur {
			if len(cur[k]) < size[k] {
				cur[k] = append(cur[k], all[i])
				rec(i + 1)
				cur[k] = cur[k][:len(cur[k])-1]
			}
		}
	}
	rec(0)
	if !found {
		return false
	}
	for k, g := range gs {
		*g = best[k]
	}
	return true
}

// improvePair regroups the people of two groups in the best way with the
// same two sizes (either way round), if that is strictly better: at most
// ten splits for five or six people, which covers every swap and move.
func (m *model) improvePair(ga, gb *[]int, budget *int) bool {
	all := append(append(make([]int, 0, 6), *ga...), *gb...)
	n := len(all)
	best := m.groupValue(*ga) + m.groupValue(*gb)
	var bestA, bestB []int
	sizes := []int{len(*ga)}
	if len(*gb) != len(*ga) {
		sizes = append(sizes, len(*gb))
	}
	for _, la := range sizes {
		for mask := 0; mask < 1<<n; mask++ {
			if bits.OnesCount(uint(mask)) != la || (la*2 == n && mask&1 == 0) {
				continue // each split once when the sizes are equal
			}
			var a, b []int
			for k, v := range all {
				if mask&(1<<k) != 0 {
					a = append(a, v)
				} else {
					b = append(b, v)
				}
			}
			*budget -= 2
			if v := m.groupValue(a) + m.groupValue(b); v > best {
				best, bestA, bestB = v, a, b
			}
		}
	}
	if bestA == nil {
		return false
	}
	*ga, *gb = bestA, bestB
	return true
}
