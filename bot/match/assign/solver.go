package assign

// Solver keeps a maximum-weight b-matching of a sparse candidate graph
// between mentees (capacity 1) and mentors (capacity = remaining slots),
// with integer dual potentials, and updates it when arcs are added.
//
// It is a successive-shortest-path min-cost flow (the Hungarian method for
// a transportation problem, with Jonker–Volgenant's early exit). A dummy
// node D with unlimited capacity and weight 0 stands for "stays unmatched"
// on either side, so every unit is always placed somewhere. With u the
// mentee potentials and p the mentor potentials (both >= 0):
//
//	u(e) + p(m) >= w(e, m) for every arc without flow,
//	u(e) + p(m) == w(e, m) for every arc with flow,
//	u(e) = 0 when e sits in D, p(m) = 0 while m has a free slot (slots held
//	back during a warm start count as taken until reopened).
//
// These are the LP optimality conditions (dual feasibility and
// complementary slackness) on the candidate arcs. Tight flow arcs are also
// what lets a search step from a column to its members at no cost. Augmenting
// paths can start from either side (side is symmetric), which is what lets
// a warm start reopen a mentor's slot as well as a mentee.
type Solver struct {
	w                []int64 // arc -> weight, PairBonus + score
	flow             []bool  // arc -> carries the pair
	mentees, mentors side
	arcE             []int32 // arc -> mentee
	arcM             []int32 // arc -> mentor
	gen              uint32
	heap             []heapItem
}

// side holds the nodes of one side: adjacency, potentials, flow slots and
// the search scratch used when they are the rows or the columns.
type side struct {
	n        int
	start    []int32 // node i's arcs are adj[start[i]:start[i+1]]
	adj      []int32
	pot      []int64
	cap      []int32
	used     []int32 // flow arcs
	inD      []int32 // units placed in D
	reserved []int32 // slots held back while a warm start reopens them
	slotAt   []int32 // node i's flow arcs are slots[slotAt[i] : slotAt[i]+used[i]]
	slots    []int32

	seen, done []uint32
	dist       []int64
	predArc    []int32 // as a column: arc that reached it, -1 from D
	predRow    []int32 // as a column: row that reached it
	via        []int32 // as a row: flow arc it was reached through
	settled    []int32
}

type heapItem struct {
	d    int64
	col  int32
	free bool
}

func newSide(capacity []int32) side {
	n := len(capacity)
	s := side{
		n: n, cap: capacity,
		pot: make([]int64, n+1), used: make([]int32, n), inD: make([]int32, n), reserved: make([]int32, n),
		slotAt: make([]int32, n+1),
		seen:   make([]uint32, n+1), done: make([]uint32, n+1), dist: make([]int64, n+1),
		predArc: make([]int32, n+1), predRow: make([]int32, n+1), via: make([]int32, n+1),
	}
	for i, c := range capacity {
		s.slotAt[i+1] = s.slotAt[i] + c
	}
	s.slots = make([]int32, s.slotAt[n])
	return s
}

// New returns a solver for nE mentees and len(mentorCap) mentors, with no
// arcs yet.
func New(nE int, mentorCap []int32) *Solver {
	ones := make([]int32, nE)
	for i := range ones {
		ones[i] = 1
	}
	return &Solver{mentees: newSide(ones), mentors: newSide(mentorCap)}
}

// SetArcs replaces the arc list by one that extends it (old arcs keep
// their index and flow) and rebuilds both adjacency lists.
func (s *Solver) SetArcs(arcE, arcM []int32, w []int64) {
	s.arcE, s.arcM, s.w = arcE, arcM, w
	s.flow = append(s.flow, make([]bool, len(w)-len(s.flow))...)
	index := func(sd *side, node []int32) {
		sd.start = make([]int32, sd.n+1)
		for _, i := range node {
			sd.start[i+1]++
		}
		for i := range sd.n {
			sd.start[i+1] += sd.start[i]
		}
		sd.adj = make([]int32, len(node))
		next := append([]int32(nil), sd.start[:sd.n]...)
		for k, i := range node {
			sd.adj[next[i]] = int32(k)
			next[i]++
		}
	}
	index(&s.mentees, arcE)
	index(&s.mentors, arcM)
}

// HasArc reports whether mentee e already has an arc to mentor m.
func (s *Solver) HasArc(e, m int32) bool {
	for _, k := range s.mentees.adj[s.mentees.start[e]:s.mentees.start[e+1]] {
		if s.arcM[k] == m {
			return true
		}
	}
	return false
}

// raise sets node i's potential to the least value that makes every arc
// out of it feasible (and >= 0); only for a node without flow.
func (s *Solver) raise(sd *side, other *side, otherOf []int32, i int32) {
	var u int64
	for _, k := range sd.adj[sd.start[i]:sd.start[i+1]] {
		u = max(u, s.w[k]-other.pot[otherOf[k]])
	}
	sd.pot[i] = u
}

// PlaceMentee places mentee e, which has no pair yet, along a shortest
// augmenting path; first its potential is raised so that every arc out of
// it is feasible (the mentee has no flow, so nothing else depends on it).
func (s *Solver) PlaceMentee(e int32) {
	s.raise(&s.mentees, &s.mentors, s.arcM, e)
	s.augment(&s.mentees, &s.mentors, s.arcE, s.arcM, e)
}

// placeMentorSlot fills (or gives up, lowering the price to 0) one free
// slot of mentor m along a shortest augmenting path from the mentor side.
// Lowering the price of a settled mentor leaves its other pairs slack, so
// their mentees' potentials are raised to make them tight again.
func (s *Solver) placeMentorSlot(m int32) {
	s.augment(&s.mentors, &s.mentees, s.arcM, s.arcE, m)
	for _, r := range s.mentors.settled {
		for _, k := range s.mentors.slots[s.mentors.slotAt[r] : s.mentors.slotAt[r]+s.mentors.used[r]] {
			s.mentees.pot[s.arcE[k]] = s.w[k] - s.mentors.pot[r]
		}
	}
}

// augment places one unit of row r along a shortest augmenting path in
// reduced costs pot(i) + pot(c) - w(i, c), ending at the first free column
// (or D) popped, then shifts the potentials of everything settled before it.
func (s *Solver) augment(R, C *side, rowOf, colOf []int32, r int32) {
	s.gen++
	if s.gen == 0 { // wrapped: clear the stamps once
		for _, sd := range []*side{&s.mentees, &s.mentors} {
			clear(sd.seen)
			clear(sd.done)
		}
		s.gen = 1
	}
	s.heap = s.heap[:0]
	R.settled = R.settled[:0]
	C.settled = C.settled[:0]
	s.settleRow(R, C, colOf, r, 0, -1)

	var end int32
	var delta int64
	for {
		it := s.pop()
		c := it.col
		if C.done[c] == s.gen || it.d != C.dist[c] {
			continue // stale entry
		}
		if it.free {
			end, delta = c, it.d
			break
		}
		C.done[c] = s.gen
		C.settled = append(C.settled, c)
		for _, k := range C.slots[C.slotAt[c] : C.slotAt[c]+C.used[c]] {
			if i := rowOf[k]; R.done[i] != s.gen {
				s.settleRow(R, C, colOf, i, it.d, k)
			}
		}
	}
	for _, c := range C.settled {
		C.pot[c] += delta - C.dist[c]
	}
	for _, i := range R.settled {
		R.pot[i] -= delta - R.dist[i]
	}
	// Shift the path: each row takes the column it reached and gives up
	// the one it was reached through.
	for c := end; ; {
		i, k := C.predRow[c], C.predArc[c]
		next := int32(-1)
		if i != r {
			via := R.via[i]
			next = colOf[via]
			s.flow[via] = false
			removeSlot(R, i, via)
			removeSlot(C, next, via)
		}
		if k < 0 {
			R.inD[i]++
		} else {
			s.flow[k] = true
			addSlot(R, i, k)
			addSlot(C, c, k)
			if C.used[c]+C.inD[c] > C.cap[c] {
				C.inD[c]-- // a mentee leaves D, or a mentor slot given up earlier is taken
			}
		}
		if i == r {
			return
		}
		c = next
	}
}

// settleRow fixes row i's distance and relaxes its arcs without flow.
func (s *Solver) settleRow(R, C *side, colOf []int32, i int32, d int64, via int32) {
	R.done[i] = s.gen
	R.dist[i] = d
	R.via[i] = via
	R.settled = append(R.settled, i)
	base := d + R.pot[i]
	for _, k := range R.adj[R.start[i]:R.start[i+1]] {
		c := colOf[k]
		if s.flow[k] || C.done[c] == s.gen {
			continue
		}
		s.relax(C, c, base+C.pot[c]-s.w[k], i, k)
	}
	s.relax(C, int32(C.n), base, i, -1)
}

func (s *Solver) relax(C *side, c int32, d int64, from, arc int32) {
	if C.seen[c] == s.gen && d >= C.dist[c] {
		return
	}
	C.seen[c] = s.gen
	C.dist[c] = d
	C.predRow[c] = from
	C.predArc[c] = arc
	free := int(c) == C.n || C.used[c]+C.reserved[c] < C.cap[c]
	s.push(heapItem{d: d, col: c, free: free})
}

func addSlot(sd *side, i, k int32) {
	sd.slots[sd.slotAt[i]+sd.used[i]] = k
	sd.used[i]++
}

func removeSlot(sd *side, i, k int32) {
	m := sd.slots[sd.slotAt[i] : sd.slotAt[i]+sd.used[i]]
	for x, y := range m {
		if y == k {
			m[x] = m[len(m)-1]
			break
		}
	}
	sd.used[i]--
}

// UnplaceMentee takes mentee e off its mentor (holding the mentor's slot
// back as reserved, so the mentor still counts as full and its price stays
// valid) or out of D. PlaceMentee then places it again.
func (s *Solver) UnplaceMentee(e int32) {
	if s.mentees.used[e] > 0 {
		k := s.mentees.slots[s.mentees.slotAt[e]]
		m := s.arcM[k]
		s.flow[k] = false
		removeSlot(&s.mentees, e, k)
		removeSlot(&s.mentors, m, k)
		s.mentors.reserved[m]++
	} else {
		s.mentees.inD[e]--
	}
}

// ReopenMentorSlots releases the reserved slots: a slot whose mentor has
// price 0 is simply free; otherwise it is placed from the mentor side,
// which either pulls a mentee in or lowers the price to 0.
func (s *Solver) ReopenMentorSlots() {
	for m := range int32(s.mentors.n) {
		for s.mentors.reserved[m] > 0 {
			s.mentors.reserved[m]--
			if s.mentors.pot[m] > 0 {
				s.placeMentorSlot(m)
			}
		}
	}
}

// less orders by distance, then free columns first (shorter searches),
// then column index (determinism).
func less(a, b heapItem) bool {
	if a.d != b.d {
		return a.d < b.d
	}
	if a.free != b.free {
		return a.free
	}
	return a.col < b.col
}

func (s *Solver) push(it heapItem) {
	h := append(s.heap, it)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !less(h[i], h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
	s.heap = h
}

func (s *Solver) pop() heapItem {
	h := s.heap
	top := h[0]
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	for i := 0; ; {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && less(h[r], h[l]) {
			m = r
		}
		if !less(h[m], h[i]) {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
	s.heap = h
	return top
}
