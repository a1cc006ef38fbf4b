package groups

// unmatched lists, in input order, the people in none of the groups.
func (m *model) unmatched(groups [][]int) []int {
	in := make([]bool, m.n)
	for _, g := range groups {
		for _, v := range g {
			in[v] = true
		}
	}
	var left []int
	for v := range in {
		if !in[v] {
			left = append(left, v)
		}
	}
	return left
}

// gain is what adding person x to group g brings: repeats it adds (fewer is
// better) and score it adds; ok is false if the manager rule forbids it.
func (m *model) gain(g []int, x int) (reps int, score int64, ok bool) {
	for _, v := range g {
		if m.forbidden(v, x) {
			return 0, 0, false
		}
		if m.repeat(v, x) {
			reps++
		}
		score += m.score(v, x)
	}
	return reps, score, true
}

// addThirds places the people left over from a pairing, in input order,
// each into the pair where they add the fewest repeats and then the most
// score (ties: the earlier group); a pair takes at most one third. Whoever
// fits nowhere is returned as unplaced.
func (m *model) addThirds(groups [][]int, left []int) ([][]int, []int) {
	var unplaced []int
	for _, x := range left {
		best, bestReps, bestScore := -1, 0, int64(0)
		for k, g := range groups {
			if len(g) != 2 {
				continue
			}
			reps, score, ok := m.gain(g, x)
			if ok && (best < 0 || reps < bestReps || reps == bestReps && score > bestScore) {
				best, bestReps, bestScore = k, reps, score
			}
		}
		if best < 0 {
			unplaced = append(unplaced, x)
			continue
		}
		groups[best] = append(groups[best], x)
	}
	return groups, unplaced
}

// result turns index groups into IDs, with the total and the repeats.
func (m *model) result(groups [][]int, unplaced []int) Result {
	var r Result
	for _, g := range groups {
		ids := make([]string, len(g))
		for k, v := range g {
			ids[k] = m.ids[v]
			for _, u := range g[:k] {
				r.Total += m.score(u, v)
				if m.repeat(u, v) {
					r.Repeats++
				}
			}
		}
		r.Groups = append(r.Groups, Group{Members: ids})
	}
	for _, v := range unplaced {
		r.Unplaced = append(r.Unplaced, m.ids[v])
	}
	return r
}
