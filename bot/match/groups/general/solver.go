package general

// solver holds the state of the primal-dual blossom algorithm. Vertices are
// 0..n-1, blossoms n..2n-1. An endpoint p identifies one end of edge p/2:
// endpoint[2k] = edges[k].U, endpoint[2k+1] = edges[k].V. The solver works
// on doubled weights ew = 2w and doubled vertex duals (dual[v] = 4·y_v,
// dual[b] = 2·z_B): all vertex duals then start even, which keeps every
// slack between two S vertices even (so a dual step of half of it stays
// integral) even though the jump start gives vertices different duals.
// slack(k) = dual[u] + dual[v] − 2·ew(k) ignores blossoms (edges inside a
// blossom are never scanned).
type solver struct {
	n        int
	edges    []Edge
	ew       []int64
	endpoint []int32
	adjStart []int32 // neighbour endpoints of v: adj[adjStart[v]:adjStart[v+1]]
	adj      []int32

	mate       []int32 // remote endpoint of v's matched edge, or -1
	label      []int8  // top-level blossoms and vertices: 0 free, 1 S, 2 T (5 while scanning)
	labelEnd   []int32 // endpoint through which the label was given, or -1
	inBlossom  []int32 // top-level blossom of each vertex
	parent     []int32
	childs     [][]int32
	base       []int32
	endps      [][]int32
	bestEdge   []int32
	bestEdges  [][]int32 // for non-trivial S-blossoms: least-slack edge to each S-blossom
	unused     []int32
	dual       []int64
	allowed    []int32 // stage in which the edge was found tight (allowed)
	stageNo    int32
	touched    []int32 // vertices and blossoms labelled or given a bestEdge this stage
	mark       []int32 // stage in which a vertex or blossom joined touched
	tbuf       []int32
	queue      []int32
	leafBuf    []int32
	bestEdgeTo []int32 // scratch of addBlossom, all -1 between uses
}

func newSolver(n int, edges []Edge) *solver {
	s := &solver{n: n, edges: edges, ew: make([]int64, len(edges))}
	for k, e := range edges {
		s.ew[k] = 2 * e.W
	}
	s.endpoint = make([]int32, 2*len(edges))
	s.adjStart = make([]int32, n+1)
	for k, e := range edges {
		s.endpoint[2*k], s.endpoint[2*k+1] = e.U, e.V
		s.adjStart[e.U+1]++
		s.adjStart[e.V+1]++
	}
	for v := 0; v < n; v++ {
		s.adjStart[v+1] += s.adjStart[v]
	}
	s.adj = make([]int32, 2*len(edges))
	fill := append([]int32(nil), s.adjStart[:n]...)
	for k, e := range edges {
		s.adj[fill[e.U]] = int32(2*k + 1)
		fill[e.U]++
		s.adj[fill[e.V]] = int32(2 * k)
		fill[e.V]++
	}
	s.mate = filled(n, -1)
	s.label = make([]int8, 2*n)
	s.labelEnd = filled(2*n, -1)
	s.inBlossom = make([]int32, n)
	for v := range s.inBlossom {
		s.inBlossom[v] = int32(v)
	}
	s.parent = filled(2*n, -1)
	s.childs = make([][]int32, 2*n)
	s.base = filled(2*n, -1)
	for v := 0; v < n; v++ {
		s.base[v] = int32(v)
	}
	s.endps = make([][]int32, 2*n)
	s.bestEdge = filled(2*n, -1)
	s.bestEdges = make([][]int32, 2*n)
	for b := 2*n - 1; b >= n; b-- {
		s.unused = append(s.unused, int32(b))
	}
	s.dual = make([]int64, 2*n)
	s.allowed = make([]int32, len(edges))
	s.mark = make([]int32, 2*n)
	s.stageNo = 1
	s.bestEdgeTo = filled(2*n, -1)
	return s
}

func filled(n int, v int32) []int32 {
	s := make([]int32, n)
	for i := range s {
		s[i] = v
	}
	return s
}

// touch records that x (vertex or blossom) has stage state to reset and
// to visit in the dual steps, which then cost the size of the trees, not n.
func (s *solver) touch(x int32) {
	if s.mark[x] != s.stageNo {
		s.mark[x] = s.stageNo
		s.touched = append(s.touched, x)
	}
}

func (s *solver) allow(k int32)          { s.allowed[k] = s.stageNo }
func (s *solver) isAllowed(k int32) bool { return s.allowed[k] == s.stageNo }

func (s *solver) slack(k int32) int64 {
	e := &s.edges[k]
	return s.dual[e.U] + s.dual[e.V] - 2*s.ew[k]
}

// jumpStart replaces the textbook start (every dual at the largest weight,
// nothing matched), which needs one stage per pair. Each vertex's dual
// starts at its largest edge weight (feasible), then is lowered in vertex
// order as far as its edges allow (each lowered vertex gets a tight edge),
// and tight edges between free vertices are matched greedily. This is a
// valid primal-dual state: duals feasible and even, matched edges tight, no
// blossoms. Free vertices then have different duals, which stage handles.
func (s *solver) jumpStart() {
	for k, e := range s.edges {
		s.dual[e.U] = max(s.dual[e.U], s.ew[k])
		s.dual[e.V] = max(s.dual[e.V], s.ew[k])
	}
	for v := 0; v < s.n; v++ {
		need := int64(0)
		for _, p := range s.adj[s.adjStart[v]:s.adjStart[v+1]] {
			need = max(need, 2*s.ew[p/2]-s.dual[s.endpoint[p]])
		}
		s.dual[v] = need
	}
	s.matchTight()
	s.augmentTight()
}

// tightDepth bounds the augmenting paths augmentTight looks for (in
// matched edges crossed), which keeps the jump start linear in practice.
const tightDepth = 8

// augmentTight augments along short alternating paths of tight edges from
// each free vertex, found by depth-first search without blossom handling
// (any path it finds is a valid augmenting path; paths it misses are left
// to the stages). Every edge stays tight, so the state stays valid, and
// each augmentation saves the stages a full pass over the free vertices.
func (s *solver) augmentTight() {
	seen := make([]int32, s.n)
	var path []int32 // endpoints: edges to match, from the root outwards
	var dfs func(v int32, depth int, stamp int32) bool
	dfs = func(v int32, depth int, stamp int32) bool {
		for _, p := range s.adj[s.adjStart[v]:s.adjStart[v+1]] {
			w := s.endpoint[p]
			if seen[w] == stamp || s.slack(p/2) != 0 {
				continue
			}
			seen[w] = stamp
			if s.mate[w] == -1 {
				path = append(path, p)
				return true
			}
			if depth == 0 {
				continue
			}
			x := s.endpoint[s.mate[w]] // w's partner continues the path
			if seen[x] == stamp {
				continue
			}
			seen[x] = stamp
			path = append(path, p)
			if dfs(x, depth-1, stamp) {
				return true
			}
			path = path[:len(path)-1]
		}
		return false
	}
	for v := int32(0); v < int32(s.n); v++ {
		if s.mate[v] != -1 || s.dual[v] == 0 {
			continue
		}
		seen[v] = v + 1
		path = path[:0]
		if !dfs(v, tightDepth, v+1) {
			continue
		}
		// Match each path edge; the matched edges in between are replaced.
		for _, p := range path {
			a, b := s.endpoint[p^1], s.endpoint[p]
			s.mate[a], s.mate[b] = p, p^1
		}
	}
}

// matchTight matches tight edges between free vertices greedily.
func (s *solver) matchTight() {
	for v := 0; v < s.n; v++ {
		if s.mate[v] != -1 || s.dual[v] == 0 {
			continue
		}
		for _, p := range s.adj[s.adjStart[v]:s.adjStart[v+1]] {
			if w := s.endpoint[p]; s.mate[w] == -1 && s.slack(p/2) == 0 {
				s.mate[v], s.mate[w] = p, p^1
				break
			}
		}
	}
}

// leaves appends the vertices inside blossom b to buf.
func (s *solver) leaves(b int32, buf []int32) []int32 {
	if int(b) < s.n {
		return append(buf, b)
	}
	for _, t := range s.childs[b] {
		if int(t) < s.n {
			buf = append(buf, t)
		} else {
			buf = s.leaves(t, buf)
		}
	}
	return buf
}

// assignLabel labels the top-level blossom of w with t (1 = S, 2 = T),
// reached through endpoint p; a T blossom's mate becomes S.
func (s *solver) assignLabel(w int32, t int8, p int32) {
	for {
		b := s.inBlossom[w]
		s.label[w], s.label[b] = t, t
		s.labelEnd[w], s.labelEnd[b] = p, p
		s.bestEdge[w], s.bestEdge[b] = -1, -1
		s.touch(b)
		s.tbuf = s.leaves(b, s.tbuf[:0])
		for _, x := range s.tbuf {
			s.touch(x)
		}
		if t == 1 {
			s.queue = append(s.queue, s.tbuf...)
			return
		}
		mb := s.mate[s.base[b]]
		w, t, p = s.endpoint[mb], 1, mb^1
	}
}

// scanBlossom traces back from v and w to find the base of a new blossom,
// or -1 if they are in different trees (an augmenting path).
func (s *solver) scanBlossom(v, w int32) int32 {
	var path []int32
	base := int32(-1)
	for v != -1 || w != -1 {
		b := s.inBlossom[v]
		if s.label[b]&4 != 0 {
			base = s.base[b]
			break
		}
		path = append(path, b)
		s.label[b] = 5
		if s.labelEnd[b] == -1 {
			v = -1
		} else {
			v = s.endpoint[s.labelEnd[b]]
			b = s.inBlossom[v]
			v = s.endpoint[s.labelEnd[b]]
		}
		if w != -1 {
			v, w = w, v
		}
	}
	for _, b := range path {
		s.label[b] = 1
	}
	return base
}
