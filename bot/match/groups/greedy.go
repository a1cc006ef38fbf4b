package groups

import "slices"

// greedyPairs repeatedly takes the best remaining allowed pair: a fresh
// pair before a repeat, then the higher score, then the earlier people. It
// is the baseline the exact matching is compared with, and the pairs it
// returns are index pairs into the model.
func (m *model) greedyPairs() [][2]int {
	keys := make([]uint64, 0, m.n*(m.n-1)/2)
	for i := 0; i < m.n; i++ {
		for j := i + 1; j < m.n; j++ {
			if m.forbidden(i, j) {
				continue
			}
			var rep uint64
			if m.repeat(i, j) {
				rep = 1
			}
			keys = append(keys, rep<<62|uint64(m.maxPair-m.score(i, j))<<40|uint64(i)<<20|uint64(j))
		}
	}
	slices.Sort(keys)
	used := make([]bool, m.n)
	var pairs [][2]int
	for _, k := range keys {
		i, j := int(k>>20&(1<<20-1)), int(k&(1<<20-1))
		if used[i] || used[j] {
			continue
		}
		used[i], used[j] = true, true
		pairs = append(pairs, [2]int{i, j})
	}
	return pairs
}

// FormGreedy groups people into pairs (and the odd one out into a group of
// three) by the greedy rule of greedyPairs: a baseline for benchmarks, not
// for rounds.
func FormGreedy(people []Person, opt Options) (Result, error) {
	m, err := prepare(people, opt)
	if err != nil {
		return Result{}, err
	}
	groups := asGroups(m.greedyPairs())
	return m.result(m.addThirds(groups, m.unmatched(groups))), nil
}
