package groups

import (
	"slices"
	"sync/atomic"

	"github.com/mentorbot/mentorbot/bot/match/groups/general"
)

// blossomTree answers Σ z_B over the blossoms holding both ends of a pair.
type blossomTree struct {
	inner  []int32 // innermost blossom of each vertex, -1 if none
	top    []int32 // top-level blossom of each vertex, -1 if none
	parent []int32
	depth  []int32
	zUp    []int64 // Σ z from the blossom up to its top-level blossom
}

func newBlossomTree(n int, sol general.Solution) *blossomTree {
	nb := len(sol.Blossoms)
	t := &blossomTree{inner: make([]int32, n), top: make([]int32, n), parent: make([]int32, nb),
		depth: make([]int32, nb), zUp: make([]int64, nb)}
	order := make([]int32, nb)
	for b, bl := range sol.Blossoms {
		t.parent[b] = int32(bl.Parent)
		order[b] = int32(b)
	}
	for b := range nb {
		for p := t.parent[b]; p >= 0; p = t.parent[p] {
			t.depth[b]++
		}
	}
	slices.SortFunc(order, func(a, b int32) int { return int(t.depth[a] - t.depth[b]) })
	for _, b := range order {
		t.zUp[b] = sol.Blossoms[b].Z2
		if p := t.parent[b]; p >= 0 {
			t.zUp[b] += t.zUp[p]
		}
	}
	for v := range n {
		t.inner[v], t.top[v] = -1, -1
	}
	for _, b := range order { // outer blossoms first: inner ones overwrite
		for _, v := range sol.Blossoms[b].Members {
			t.inner[v] = b
			if t.parent[b] < 0 {
				t.top[v] = b
			}
		}
	}
	return t
}

func (t *blossomTree) zsum(u, v int) int64 {
	if t.top[u] < 0 || t.top[u] != t.top[v] {
		return 0
	}
	a, b := t.inner[u], t.inner[v]
	for a != b {
		if t.depth[a] >= t.depth[b] {
			a = t.parent[a]
		} else {
			b = t.parent[b]
		}
	}
	return t.zUp[a]
}

// Pricing: a pair whose reduced cost is negative violates the certificate.
// Each check adds, per person, up to maxAddedPerRow pairs with a reduced
// cost under slackMargin (the most violated first): nearly tight pairs
// join too, since the next solve tends to need them (measured: three
// solves instead of five or six on the 5,000-person benchmark).
const (
	maxAddedPerRow = 16
	slackMargin    = 8 // in 4·(score units), as the duals
)

// violations scans every allowed pair of the round against the duals of
// sol. If none has a negative reduced cost it returns nil: the duals are a
// certificate for the whole round. Otherwise it returns the pairs to add
// (see maxAddedPerRow). It first uses the weight without the repeat
// penalty (an upper bound), so MetRecently is asked only about pairs that
// might violate.
func (m *model) violations(l lex, sol general.Solution) []uint64 {
	tree := newBlossomTree(m.n, sol)
	rows := make([][]uint64, m.n)
	var anyViolated atomic.Bool
	forEachRow(m.n, func(i int) {
		type viol struct {
			red int64
			j   int
		}
		var found []viol
		// The bound for the cheap first test: red >= slackMargin iff
		// Y4[j] - 4·score >= need.
		need := slackMargin - sol.Y4[i] + 4*l.place
		y := sol.Y4
		for j := i + 1; j < m.n; j++ {
			if y[j]-4*m.score(i, j) >= need {
				continue
			}
			if int(sol.Mate[i]) == j || m.forbidden(i, j) {
				continue
			}
			red := sol.Y4[i] + y[j] - 4*(l.place+m.score(i, j))
			if red += 2 * tree.zsum(i, j); red >= slackMargin {
				continue
			}
			if m.repeat(i, j) {
				if red += 4 * l.repeat; red >= slackMargin {
					continue
				}
			}
			found = append(found, viol{red, j})
		}
		if len(found) == 0 {
			return
		}
		for _, f := range found {
			if f.red < 0 {
				anyViolated.Store(true)
			}
		}
		slices.SortStableFunc(found, func(a, b viol) int {
			switch {
			case a.red < b.red:
				return -1
			case a.red > b.red:
				return 1
			}
			return a.j - b.j
		})
		found = found[:min(len(found), maxAddedPerRow)]
		row := make([]uint64, len(found))
		for x, v := range found {
			row[x] = pairKey(i, v.j)
		}
		rows[i] = row
	})
	var keys []uint64
	for _, r := range rows {
		keys = append(keys, r...)
	}
	slices.Sort(keys)
	if !anyViolated.Load() {
		return nil
	}
	return keys
}
