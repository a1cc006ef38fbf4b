package general

import "slices"

// addBlossom makes a new S-blossom with the given base from the cycle
// closed by edge k between two S vertices of the same tree.
func (s *solver) addBlossom(base int32, k int32) {
	v, w := s.edges[k].U, s.edges[k].V
	bb, bv, bw := s.inBlossom[base], s.inBlossom[v], s.inBlossom[w]
	b := s.unused[len(s.unused)-1]
	s.unused = s.unused[:len(s.unused)-1]
	s.base[b] = base
	s.parent[b] = -1
	s.parent[bb] = b
	var path, endps []int32
	for bv != bb {
		s.parent[bv] = b
		path = append(path, bv)
		endps = append(endps, s.labelEnd[bv])
		v = s.endpoint[s.labelEnd[bv]]
		bv = s.inBlossom[v]
	}
	path = append(path, bb)
	slices.Reverse(path)
	slices.Reverse(endps)
	endps = append(endps, 2*k)
	for bw != bb {
		s.parent[bw] = b
		path = append(path, bw)
		endps = append(endps, s.labelEnd[bw]^1)
		w = s.endpoint[s.labelEnd[bw]]
		bw = s.inBlossom[w]
	}
	s.childs[b], s.endps[b] = path, endps
	s.label[b] = 1
	s.touch(b)
	s.labelEnd[b] = s.labelEnd[bb]
	s.dual[b] = 0
	s.leafBuf = s.leaves(b, s.leafBuf[:0])
	for _, x := range s.leafBuf {
		if s.label[s.inBlossom[x]] == 2 {
			// A former T vertex is now S: scan it.
			s.queue = append(s.queue, x)
		}
		s.inBlossom[x] = b
	}
	// The least-slack edge from the new blossom to each other S-blossom.
	var touched []int32
	consider := func(k int32) {
		e := &s.edges[k]
		j := e.V
		if s.inBlossom[j] == b {
			j = e.U
		}
		bj := s.inBlossom[j]
		if bj != b && s.label[bj] == 1 {
			if cur := s.bestEdgeTo[bj]; cur == -1 {
				s.bestEdgeTo[bj] = k
				touched = append(touched, bj)
			} else if s.slack(k) < s.slack(cur) {
				s.bestEdgeTo[bj] = k
			}
		}
	}
	for _, sub := range path {
		if s.bestEdges[sub] == nil {
			var buf []int32
			for _, x := range s.leaves(sub, buf) {
				for _, p := range s.adj[s.adjStart[x]:s.adjStart[x+1]] {
					consider(p / 2)
				}
			}
		} else {
			for _, k := range s.bestEdges[sub] {
				consider(k)
			}
		}
		s.bestEdges[sub] = nil
		s.bestEdge[sub] = -1
	}
	slices.Sort(touched) // the order of the list must not depend on scan order
	best := make([]int32, 0, len(touched))
	for _, bj := range touched {
		best = append(best, s.bestEdgeTo[bj])
		s.bestEdgeTo[bj] = -1
	}
	s.bestEdges[b] = best
	s.bestEdge[b] = -1
	for _, k := range best {
		if s.bestEdge[b] == -1 || s.slack(k) < s.slack(s.bestEdge[b]) {
			s.bestEdge[b] = k
		}
	}
}

// expandBlossom dissolves blossom b into its sub-blossoms: at the end of a
// stage (endStage) recursively for zero-dual ones, or during a stage when a
// T-blossom's dual reached zero, relabelling the part of its cycle that
// stays in the tree.
func (s *solver) expandBlossom(b int32, endStage bool) {
	for _, sub := range s.childs[b] {
		s.parent[sub] = -1
		switch {
		case int(sub) < s.n:
			s.inBlossom[sub] = sub
		case endStage && s.dual[sub] == 0:
			s.expandBlossom(sub, endStage)
		default:
			s.leafBuf = s.leaves(sub, s.leafBuf[:0])
			for _, x := range s.leafBuf {
				s.inBlossom[x] = sub
			}
		}
	}
	if !endStage && s.label[b] == 2 {
		childs, endps := s.childs[b], s.endps[b]
		nc := len(childs)
		at := func(j int) int { return ((j % nc) + nc) % nc }
		entry := s.inBlossom[s.endpoint[s.labelEnd[b]^1]]
		j, jstep, trick := walkFrom(slices.Index(childs, entry), nc)
		p := s.labelEnd[b]
		for j != 0 {
			s.label[s.endpoint[p^1]] = 0
			s.label[s.endpoint[endps[at(j-trick)]^int32(trick)^1]] = 0
			s.assignLabel(s.endpoint[p^1], 2, p)
			s.allow(endps[at(j-trick)] / 2)
			j += jstep
			p = endps[at(j-trick)] ^ int32(trick)
			s.allow(p / 2)
			j += jstep
		}
		bv := childs[at(j)]
		s.label[s.endpoint[p^1]], s.label[bv] = 2, 2
		s.touch(bv)
		s.labelEnd[s.endpoint[p^1]], s.labelEnd[bv] = p, p
		s.bestEdge[bv] = -1
		j += jstep
		for childs[at(j)] != entry {
			bv = childs[at(j)]
			if s.label[bv] == 1 {
				j += jstep
				continue
			}
			s.leafBuf = s.leaves(bv, s.leafBuf[:0])
			for _, v := range s.leafBuf {
				if s.label[v] != 0 {
					s.label[v] = 0
					s.label[s.endpoint[s.mate[s.base[bv]]]] = 0
					s.assignLabel(v, 2, s.labelEnd[v])
					break
				}
			}
			j += jstep
		}
	}
	s.label[b], s.labelEnd[b] = -1, -1
	s.childs[b], s.endps[b] = nil, nil
	s.base[b] = -1
	s.bestEdges[b] = nil
	s.bestEdge[b] = -1
	s.unused = append(s.unused, b)
}

// augmentBlossom swaps matched and unmatched edges along the even path
// through blossom b from vertex v to its base, making v the new base.
func (s *solver) augmentBlossom(b, v int32) {
	t := v
	for s.parent[t] != b {
		t = s.parent[t]
	}
	if int(t) >= s.n {
		s.augmentBlossom(t, v)
	}
	childs, endps := s.childs[b], s.endps[b]
	nc := len(childs)
	at := func(j int) int { return ((j % nc) + nc) % nc }
	i := slices.Index(childs, t)
	j, jstep, trick := walkFrom(i, nc)
	for j != 0 {
		j += jstep
		t = childs[at(j)]
		p := endps[at(j-trick)] ^ int32(trick)
		if int(t) >= s.n {
			s.augmentBlossom(t, s.endpoint[p])
		}
		j += jstep
		t = childs[at(j)]
		if int(t) >= s.n {
			s.augmentBlossom(t, s.endpoint[p^1])
		}
		s.mate[s.endpoint[p]] = p ^ 1
		s.mate[s.endpoint[p^1]] = p
	}
	s.childs[b] = append(append(make([]int32, 0, nc), childs[i:]...), childs[:i]...)
	s.endps[b] = append(append(make([]int32, 0, nc), endps[i:]...), endps[:i]...)
	s.base[b] = s.base[s.childs[b][0]]
}

// walkFrom says how to walk a blossom's cycle of nc sub-blossoms from
// position i back to its base at 0 along the even-length side: the start
// (made negative to walk forwards), the step, and the endpoint trick of
// Van Rantwijk's implementation (which end of each cycle edge to take).
func walkFrom(i, nc int) (j, jstep, trick int) {
	if i&1 != 0 {
		return i - nc, 1, 0
	}
	return i, -1, 1
}

// augmentMatching augments along the path through edge k between two
// S vertices of different trees.
func (s *solver) augmentMatching(k int32) {
	e := s.edges[k]
	s.flipToRoot(e.U, 2*k+1)
	s.flipToRoot(e.V, 2*k)
}

// flipToRoot gives S vertex v the mate endpoint p (-1: none) and swaps
// matched and unmatched edges along the tree path from v up to its root.
func (s *solver) flipToRoot(v, p int32) {
	for {
		bs := s.inBlossom[v]
		if int(bs) >= s.n {
			s.augmentBlossom(bs, v)
		}
		s.mate[v] = p
		if s.labelEnd[bs] == -1 {
			return // reached the root
		}
		t := s.endpoint[s.labelEnd[bs]]
		bt := s.inBlossom[t]
		v = s.endpoint[s.labelEnd[bt]]
		j := s.endpoint[s.labelEnd[bt]^1]
		if int(bt) >= s.n {
			s.augmentBlossom(bt, j)
		}
		s.mate[j] = s.labelEnd[bt]
		p = s.labelEnd[bt] ^ 1
	}
}
