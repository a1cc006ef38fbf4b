package match

import (
	"math"
	"sync"
)

// cand is one candidate arc: mentor position and score units (no bonus).
type cand struct {
	m int32
	s int64
}

// pairTie is a fixed pseudo-random number per (mentee, mentor) pair that
// breaks ties between equal keys. Ties by index would send every mentee
// to the same few mentors when scores are equal (a cohort with empty
// profiles), and the dual check would then need thousands of rounds.
func pairTie(e, m int32) uint64 {
	x := uint64(uint32(e))<<32 | uint64(uint32(m))
	x += 0x9e3779b97f4a7c15 // splitmix64
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// rank orders entries: larger key first, then smaller tie.
type rank struct {
	key int64
	tie uint64
}

func (a rank) before(b rank) bool {
	return a.key > b.key || a.key == b.key && a.tie < b.tie
}

// topList keeps the k best entries of one mentee by rank. Callers ask
// admits first, so costly checks (the history) run only for entries that
// would enter.
type topList struct {
	k     int
	buf   []cand
	ranks []rank
}

func newTopList(k int) *topList { return &topList{k: k} }

// admits reports whether (key, tie of e-m) would enter the list.
func (t *topList) admits(key int64, e, m int32) bool {
	if len(t.buf) < t.k {
		return true
	}
	if t.k == 0 {
		return false
	}
	last := t.ranks[t.k-1]
	return key > last.key || key == last.key && pairTie(e, m) < last.tie
}

// offer inserts an entry that admits accepted.
func (t *topList) offer(key int64, e int32, x cand) {
	if t.buf == nil {
		t.buf, t.ranks = make([]cand, 0, t.k), make([]rank, 0, t.k)
	}
	if len(t.buf) == t.k {
		t.buf, t.ranks = t.buf[:t.k-1], t.ranks[:t.k-1]
	}
	r := rank{key, pairTie(e, x.m)}
	i := len(t.buf)
	t.buf, t.ranks = append(t.buf, x), append(t.ranks, r)
	for ; i > 0 && r.before(t.ranks[i-1]); i-- {
		t.buf[i], t.buf[i-1] = t.buf[i-1], t.buf[i]
		t.ranks[i], t.ranks[i-1] = t.ranks[i-1], t.ranks[i]
	}
}

// mentorTops keeps, per mentor, its best mentees by rank.
type mentorTops struct {
	at    []int32 // mentor m's entries are ent[at[m] : at[m]+n[m]]
	n     []int32
	size  []int32
	floor []int64 // smallest key that may still enter (MinInt64 until full)
	ent   []topEntry
}

type topEntry struct {
	e int32
	r rank
}

func (c *cohort) newMentorTops(size func(m int) int32) *mentorTops {
	nM := len(c.mentors)
	t := &mentorTops{at: make([]int32, nM+1), n: make([]int32, nM), size: make([]int32, nM), floor: make([]int64, nM)}
	for m := range nM {
		t.size[m] = size(m)
		t.at[m+1] = t.at[m] + t.size[m]
		t.floor[m] = math.MinInt64
		if t.size[m] == 0 {
			t.floor[m] = math.MaxInt64
		}
	}
	t.ent = make([]topEntry, t.at[nM])
	return t
}

func (t *mentorTops) list(m int32) []topEntry {
	return t.ent[t.at[m] : t.at[m]+t.n[m]]
}

// admits reports whether mentee e with key would enter mentor m's list.
func (t *mentorTops) admits(m, e int32, key int64) bool {
	if key < t.floor[m] {
		return false
	}
	n := t.n[m]
	if n < t.size[m] {
		return true
	}
	last := t.ent[t.at[m]+n-1].r
	return key > last.key || pairTie(e, m) < last.tie
}

// insert adds an entry that admits accepted (or one from another list).
func (t *mentorTops) insert(m int32, x topEntry) {
	l := t.ent[t.at[m] : t.at[m]+t.size[m]]
	n := t.n[m]
	if n == t.size[m] {
		if !x.r.before(l[n-1].r) {
			return
		}
		n--
	}
	i := n
	for ; i > 0 && x.r.before(l[i-1].r); i-- {
		l[i] = l[i-1]
	}
	l[i] = x
	n++
	t.n[m] = n
	if n == t.size[m] {
		t.floor[m] = l[n-1].r.key
	}
}

// mergeTops merges per-worker mentor lists. The rank order is total, so
// the result does not depend on which worker saw which mentee.
func (c *cohort) mergeTops(tops []*mentorTops, size func(m int) int32) *mentorTops {
	merged := c.newMentorTops(size)
	for _, t := range tops {
		for m := range int32(len(c.mentors)) {
			for _, x := range t.list(m) {
				merged.insert(m, x)
			}
		}
	}
	return merged
}

// workerTops hands each worker its own mentorTops on first use.
type workerTops struct {
	mu   sync.Mutex
	all  []*mentorTops
	size func(m int) int32
}

func (w *workerTops) get(c *cohort, s *rowScratch) *mentorTops {
	if s.tops == nil {
		s.tops = c.newMentorTops(w.size)
		w.mu.Lock()
		w.all = append(w.all, s.tops)
		w.mu.Unlock()
	}
	return s.tops
}

// initialCandidates gives each mentee its k best feasible mentors by score,
// and each mentor its (capacity + slack) best feasible mentees, so that the
// first sparse solve can already fill every mentor.
func (c *cohort) initialCandidates(k, slack int) [][]cand {
	out := make([][]cand, len(c.mentees))
	wt := &workerTops{size: func(m int) int32 { return c.cap[m] + int32(slack) }}
	c.forEachMentee(func(e int32, s *rowScratch) {
		t := wt.get(c, s)
		best := newTopList(k)
		for m, sc := range c.scoreRow(e, s) {
			if sc < 0 {
				continue
			}
			if best.admits(sc, e, int32(m)) && !c.metBefore(int32(m), e) {
				best.offer(sc, e, cand{int32(m), sc})
			}
			if t.admits(int32(m), e, sc) {
				t.insert(int32(m), topEntry{e, rank{sc, pairTie(e, int32(m))}})
			}
		}
		out[e] = best.buf
	})
	merged := c.mergeTops(wt.all, wt.size)
	for m := range int32(len(c.mentors)) {
		for _, x := range merged.list(m) {
			if !containsMentor(out[x.e], m) && !c.metBefore(m, x.e) {
				out[x.e] = append(out[x.e], cand{m, x.r.key})
			}
		}
	}
	return out
}

func containsMentor(cs []cand, m int32) bool {
	for _, x := range cs {
		if x.m == m {
			return true
		}
	}
	return false
}

// pricing is the result of one dual check over every pair.
type pricing struct {
	add        [][]cand // per mentee: pairs to add to the candidate graph
	violated   []bool   // per mentee: some added pair violates the duals
	violations int      // added pairs that violate the duals
}

// price checks dual feasibility u(e) + v(m) >= bonus + s over every pair,
// not only the candidates. For each mentee it keeps its k pairs with the
// least slack, and for each mentor its kM, among the pairs not yet in the
// graph whose slack is below margin: the violated ones (slack < 0) must be
// added; the nearly violated ones are added too, because later rounds
// would likely need them. No violation means the sparse solution is
// optimal for the full graph.
func (c *cohort) price(u, v []int64, k, kM int, margin int64, inGraph func(e, m int32) bool) pricing {
	add := make([][]cand, len(c.mentees))
	wt := &workerTops{size: func(int) int32 { return int32(kM) }}
	c.forEachMentee(func(e int32, s *rowScratch) {
		t := wt.get(c, s)
		scores := c.scoreRow(e, s)
		// slack = u(e) + v(m) - bonus - s. Per mentee the key is s - v(m);
		// per mentor it is s - u(e); both grow as the slack shrinks.
		limit := u[e] - c.bonus - margin
		worst := newTopList(k)
		ue := u[e]
		v := v[:len(scores)]
		for m, sc := range scores {
			if sc < 0 || sc-v[m] <= limit {
				continue
			}
			ok := -1 // feasible and not in the graph; unknown until asked
			if key := sc - v[m]; worst.admits(key, e, int32(m)) {
				if ok = b2i(!inGraph(e, int32(m)) && !c.metBefore(int32(m), e)); ok == 1 {
					worst.offer(key, e, cand{int32(m), sc})
				}
			}
			if key := sc - ue; ok != 0 && t.admits(int32(m), e, key) {
				if ok == 1 || !inGraph(e, int32(m)) && !c.metBefore(int32(m), e) {
					t.insert(int32(m), topEntry{e, rank{key, pairTie(e, int32(m))}})
				}
			}
		}
		add[e] = worst.buf
	})
	merged := c.mergeTops(wt.all, wt.size)
	for m := range int32(len(c.mentors)) {
		for _, x := range merged.list(m) {
			if !containsMentor(add[x.e], m) {
				add[x.e] = append(add[x.e], cand{m, x.r.key + u[x.e]})
			}
		}
	}
	p := pricing{add: add, violated: make([]bool, len(add))}
	for e, xs := range add {
		for _, x := range xs {
			if u[e]+v[x.m] < c.bonus+x.s {
				p.violated[e] = true
				p.violations++
			}
		}
	}
	return p
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
