package general

import (
	"errors"
	"fmt"
	"slices"
)

func (s *solver) solution() Solution {
	sol := Solution{Mate: make([]int32, s.n), Y4: append([]int64(nil), s.dual[:s.n]...)}
	for v := 0; v < s.n; v++ {
		sol.Mate[v] = -1
		if p := s.mate[v]; p >= 0 {
			w := s.endpoint[p]
			sol.Mate[v] = w
			if int32(v) < w {
				sol.Weight += s.edges[p/2].W
			}
		}
	}
	index := map[int32]int{}
	var order []int32
	for b := s.n; b < 2*s.n; b++ {
		if s.base[b] >= 0 {
			index[int32(b)] = len(order)
			order = append(order, int32(b))
		}
	}
	for _, b := range order {
		parent := -1
		if p := s.parent[b]; p >= 0 {
			parent = index[p]
		}
		sol.Blossoms = append(sol.Blossoms, Blossom{Parent: parent, Z2: s.dual[b], Members: s.leaves(b, nil)})
	}
	return sol
}

// Verify checks that sol is a maximum-weight matching of the graph by its
// dual certificate alone (see Solution), without trusting the algorithm:
// the matching uses edges of the graph, no vertex twice, the weight adds
// up, the blossoms form a laminar family of odd sets, and the duals are
// feasible and complementary. By LP duality (Edmonds' matching polytope)
// that proves no matching has a larger weight.
func Verify(n int, edges []Edge, sol Solution) error {
	if err := checkInput(n, edges); err != nil {
		return err
	}
	if len(sol.Mate) != n || len(sol.Y4) != n {
		return errors.New("general: solution has the wrong size")
	}
	var errs []error
	fail := func(format string, args ...any) {
		if len(errs) < 10 {
			errs = append(errs, fmt.Errorf(format, args...))
		}
	}
	// Blossom membership: depth-first chains per vertex, checked laminar.
	depth := make([]int, len(sol.Blossoms))
	for i, b := range sol.Blossoms {
		if b.Parent >= len(sol.Blossoms) || b.Parent == i {
			return fmt.Errorf("general: blossom %d has a bad parent", i)
		}
		if len(b.Members)%2 == 0 || len(b.Members) < 3 {
			fail("blossom %d has %d members, want an odd number >= 3", i, len(b.Members))
		}
		if b.Z2 < 0 {
			fail("blossom %d has 2z = %d < 0", i, b.Z2)
		}
		for p, d := b.Parent, 0; p >= 0; p = sol.Blossoms[p].Parent {
			if d++; d > len(sol.Blossoms) {
				return errors.New("general: blossom parents form a cycle")
			}
			depth[i] = d
		}
	}
	// inner[v] is the innermost blossom holding v, -1 if none.
	inner := make([]int, n)
	for v := range inner {
		inner[v] = -1
	}
	for i, b := range sol.Blossoms {
		for _, v := range b.Members {
			if v < 0 || int(v) >= n {
				return fmt.Errorf("general: blossom %d holds vertex %d", i, v)
			}
			if inner[v] == -1 || depth[i] > depth[inner[v]] {
				inner[v] = i
			}
		}
	}
	// Laminar: each blossom's members lie in its parent, and a vertex's
	// blossoms are exactly the chain from its innermost one.
	count := make([]int, len(sol.Blossoms))
	for v := 0; v < n; v++ {
		for b := inner[v]; b >= 0; b = sol.Blossoms[b].Parent {
			count[b]++
		}
	}
	for i, b := range sol.Blossoms {
		if count[i] != len(b.Members) {
			fail("blossom %d: members are not laminar", i)
		}
	}
	// zUp[b] is Σ z from blossom b up to its top-level blossom; lca is the
	// innermost blossom holding both (-1 if none).
	zUp := make([]int64, len(sol.Blossoms))
	byDepth := make([]int, len(sol.Blossoms))
	for b := range byDepth {
		byDepth[b] = b
	}
	slices.SortFunc(byDepth, func(a, b int) int { return depth[a] - depth[b] })
	for _, b := range byDepth {
		zUp[b] = sol.Blossoms[b].Z2
		if p := sol.Blossoms[b].Parent; p >= 0 {
			zUp[b] += zUp[p]
		}
	}
	lca := func(a, b int) int {
		for a >= 0 && b >= 0 && a != b {
			if depth[a] >= depth[b] {
				a = sol.Blossoms[a].Parent
			} else {
				b = sol.Blossoms[b].Parent
			}
		}
		if a < 0 || b < 0 {
			return -1
		}
		return a
	}
	zsum := func(u, v int32) int64 {
		if c := lca(inner[u], inner[v]); c >= 0 {
			return zUp[c]
		}
		return 0
	}
	var weight int64
	matchedInside := make([]int, len(sol.Blossoms))
	used := make(map[[2]int32]bool)
	for k, e := range edges {
		red := sol.Y4[e.U] + sol.Y4[e.V] - 4*e.W
		if inner[e.U] >= 0 && inner[e.V] >= 0 {
			red += 2 * zsum(e.U, e.V)
		}
		if red < 0 {
			fail("edge %d (%d, %d): reduced cost %d < 0", k, e.U, e.V, red)
		}
		key := [2]int32{min(e.U, e.V), max(e.U, e.V)}
		if sol.Mate[e.U] == e.V && sol.Mate[e.V] == e.U && !used[key] && red == 0 {
			used[key] = true // the matched edge (a tight copy if parallel)
		}
	}
	for v := int32(0); v < int32(n); v++ {
		if sol.Y4[v] < 0 {
			fail("vertex %d: y = %d/4 < 0", v, sol.Y4[v])
		}
		w := sol.Mate[v]
		if w == -1 {
			if sol.Y4[v] != 0 {
				fail("unmatched vertex %d has y = %d/4 != 0", v, sol.Y4[v])
			}
			continue
		}
		if w < 0 || int(w) >= n || sol.Mate[w] != v {
			fail("vertex %d: mate %d is not mutual", v, w)
			continue
		}
		if v < w {
			if !used[[2]int32{v, w}] {
				fail("matched pair (%d, %d) is no tight edge of the graph", v, w)
			}
			for b := lca(inner[v], inner[w]); b >= 0; b = sol.Blossoms[b].Parent {
				matchedInside[b]++
			}
		}
	}
	// The weight: the largest tight parallel edge between each matched pair.
	best := map[[2]int32]int64{}
	for _, e := range edges {
		key := [2]int32{min(e.U, e.V), max(e.U, e.V)}
		if sol.Mate[e.U] == e.V {
			if cur, ok := best[key]; !ok || e.W > cur {
				best[key] = e.W
			}
		}
	}
	for _, w := range best {
		weight += w
	}
	if weight != sol.Weight {
		fail("weight %d, solution says %d", weight, sol.Weight)
	}
	for i, b := range sol.Blossoms {
		if b.Z2 > 0 && 2*matchedInside[i] != len(b.Members)-1 {
			fail("blossom %d has 2z = %d > 0 but %d matched edges inside, want %d", i, b.Z2, matchedInside[i], (len(b.Members)-1)/2)
		}
	}
	return errors.Join(errs...)
}
