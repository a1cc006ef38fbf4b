package match

import (
	"cmp"
	"container/heap"
	"fmt"
	"slices"
	"testing"
	"time"
)

var benchNow = time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)

var benchSizes = []struct{ mentees, mentors int }{{1000, 300}, {5000, 1500}, {10000, 3000}}

// BenchmarkMatch times the exact matcher on generated cohorts and reports
// how much better its total is than a greedy best-pair-first matching of
// the same cohort (exact/greedy), with both pair counts.
func BenchmarkMatch(b *testing.B) {
	for _, size := range benchSizes {
		b.Run(fmt.Sprintf("%dx%d", size.mentees, size.mentors), func(b *testing.B) {
			in := Input{People: GenerateCohort(42, size.mentees, size.mentors), Now: benchNow}
			var r Result
			b.ReportAllocs()
			for b.Loop() {
				var err error
				if r, err = Match(in); err != nil {
					b.Fatal(err)
				}
			}
			g := greedy(in)
			b.ReportMetric(r.Total/g.total, "exact/greedy")
			b.ReportMetric(float64(len(r.Pairs)), "pairs")
			b.ReportMetric(float64(g.pairs), "greedy-pairs")
			b.ReportMetric(r.Total, "total")
			b.ReportMetric(g.total, "greedy-total")
			b.ReportMetric(float64(r.Stats.Rounds), "rounds")
		})
	}
}

// BenchmarkVerifyCertificate times the independent check over all pairs.
func BenchmarkVerifyCertificate(b *testing.B) {
	for _, size := range benchSizes {
		b.Run(fmt.Sprintf("%dx%d", size.mentees, size.mentors), func(b *testing.B) {
			in := Input{People: GenerateCohort(42, size.mentees, size.mentors), Now: benchNow}
			r, err := Match(in)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if err := VerifyCertificate(in, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

type greedyResult struct {
	pairs int
	total float64
}

// greedy repeatedly takes the highest-scoring feasible pair whose mentee is
// free and whose mentor has room (ties by mentee then mentor position).
// Each free mentee has one heap entry: its best mentor with room when the
// entry was made; since room only shrinks, a popped entry whose mentor
// still has room is the best pair left.
func greedy(in Input) greedyResult {
	c, err := newCohort(in, nil)
	if err != nil {
		panic(err)
	}
	left := slices.Clone(c.cap)
	s := c.newScratch()
	const keep = 32
	lists := make([][]cand, len(c.mentees))
	next := make([]int, len(c.mentees))
	best := func(e int32, full bool) (cand, bool) {
		if !full {
			for ; next[e] < len(lists[e]); next[e]++ {
				if x := lists[e][next[e]]; left[x.m] > 0 {
					return x, true
				}
			}
		}
		// The kept list ran out (or is not built yet): rescan the row.
		scores := c.scoreRow(e, s)
		top := newTopList(keep)
		for m, sc := range scores {
			if sc >= 0 && left[m] > 0 && top.admits(sc, e, int32(m)) && !c.metBefore(int32(m), e) {
				top.offer(sc, e, cand{int32(m), sc})
			}
		}
		lists[e], next[e] = top.buf, 0
		if len(top.buf) == 0 {
			return cand{}, false
		}
		return top.buf[0], true
	}
	h := &greedyHeap{}
	for e := range int32(len(c.mentees)) {
		if x, ok := best(e, true); ok {
			*h = append(*h, greedyEntry{e, x})
		}
	}
	heap.Init(h)
	var g greedyResult
	var total int64
	for h.Len() > 0 {
		it := heap.Pop(h).(greedyEntry)
		if left[it.x.m] > 0 {
			left[it.x.m]--
			g.pairs++
			total += it.x.s
			continue
		}
		if x, ok := best(it.e, false); ok {
			heap.Push(h, greedyEntry{it.e, x})
		}
	}
	g.total = unitsToPoints(total)
	return g
}

type greedyEntry struct {
	e int32
	x cand
}

type greedyHeap []greedyEntry

func (h greedyHeap) Len() int { return len(h) }
func (h greedyHeap) Less(i, j int) bool {
	return cmp.Or(cmp.Compare(h[j].x.s, h[i].x.s), cmp.Compare(h[i].e, h[j].e), cmp.Compare(h[i].x.m, h[j].x.m)) < 0
}
func (h greedyHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *greedyHeap) Push(x any)   { *h = append(*h, x.(greedyEntry)) }
func (h *greedyHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// TestGreedyIsNeverBetter: the exact matching is never beaten by greedy,
// neither in pairs nor, with as many pairs, in total.
func TestGreedyIsNeverBetter(t *testing.T) {
	for seed := range uint64(20) {
		in := vocabCohort(seed, 40, 15, 10, 20, 3)
		r, err := Match(in)
		if err != nil {
			t.Fatal(err)
		}
		g := greedy(in)
		if g.pairs > len(r.Pairs) || (g.pairs == len(r.Pairs) && g.total > r.Total) {
			t.Fatalf("seed %d: greedy %d pairs %v, exact %d pairs %v", seed, g.pairs, g.total, len(r.Pairs), r.Total)
		}
	}
}
