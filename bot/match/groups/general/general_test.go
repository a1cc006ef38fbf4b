package general

import (
	"math/rand/v2"
	"testing"
)

// bruteForce is the best matching weight by trying every matching.
func bruteForce(n int, edges []Edge) int64 {
	const none = int64(-1) << 62
	w := make([][]int64, n)
	for i := range w {
		w[i] = make([]int64, n)
		for j := range w[i] {
			w[i][j] = none
		}
	}
	for _, e := range edges {
		w[e.U][e.V] = max(w[e.U][e.V], e.W)
		w[e.V][e.U] = w[e.U][e.V]
	}
	used := make([]bool, n)
	var rec func(i int) int64
	rec = func(i int) int64 {
		for i < n && used[i] {
			i++
		}
		if i == n {
			return 0
		}
		used[i] = true
		best := rec(i + 1) // i stays unmatched
		for j := i + 1; j < n; j++ {
			if !used[j] && w[i][j] != none {
				used[j] = true
				best = max(best, w[i][j]+rec(i+1))
				used[j] = false
			}
		}
		used[i] = false
		return best
	}
	return rec(0)
}

// randomGraph makes a graph on n vertices with edge density p and weights
// in [lo, hi]; a few instances get parallel edges.
func randomGraph(r *rand.Rand, n int, p float64, lo, hi int64) []Edge {
	var edges []Edge
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if r.Float64() < p {
				u, v := int32(i), int32(j)
				if r.IntN(2) == 0 {
					u, v = v, u
				}
				edges = append(edges, Edge{U: u, V: v, W: lo + r.Int64N(hi-lo+1)})
			}
		}
	}
	if len(edges) > 0 && r.IntN(8) == 0 {
		e := edges[r.IntN(len(edges))]
		e.W = lo + r.Int64N(hi-lo+1)
		edges = append(edges, e)
	}
	r.Shuffle(len(edges), func(i, j int) { edges[i], edges[j] = edges[j], edges[i] })
	return edges
}

func TestMatchingAgainstBruteForce(t *testing.T) {
	seeds := 3000
	if testing.Short() {
		seeds = 300
	}
	ranges := [][2]int64{{1, 10}, {1, 3}, {0, 0}, {-5, 5}, {-10, -1}, {1, 1000000}, {5, 5}, {1 << 40, 1<<40 + 3}}
	for seed := 0; seed < seeds; seed++ {
		r := rand.New(rand.NewPCG(uint64(seed), 17))
		n := r.IntN(11)
		rg := ranges[seed%len(ranges)]
		edges := randomGraph(r, n, []float64{0.2, 0.5, 0.9, 1}[r.IntN(4)], rg[0], rg[1])
		sol, err := MaxWeightMatching(n, edges)
		if err != nil {
			t.Fatal(err)
		}
		if want := bruteForce(n, edges); sol.Weight != want {
			t.Fatalf("seed %d n %d: weight %d, brute force %d; edges %v", seed, n, sol.Weight, want, edges)
		}
		if err := Verify(n, edges, sol); err != nil {
			t.Fatalf("seed %d: certificate: %v", seed, err)
		}
	}
}

func TestCertificateOnLargerGraphs(t *testing.T) {
	sizes := []int{50, 120, 250}
	if testing.Short() {
		sizes = sizes[:2]
	}
	for _, n := range sizes {
		for seed := 0; seed < 6; seed++ {
			r := rand.New(rand.NewPCG(uint64(seed), uint64(n)))
			// Few distinct weights on a dense graph, as in networking rounds,
			// make many ties; wide weights many dual steps (kept sparser so
			// the test stays quick under -race).
			hi := []int64{3, 100, 1 << 30}[seed%3]
			edges := randomGraph(r, n, []float64{1, 0.3, 0.1}[seed%3], 0, hi)
			sol, err := MaxWeightMatching(n, edges)
			if err != nil {
				t.Fatal(err)
			}
			if err := Verify(n, edges, sol); err != nil {
				t.Fatalf("n %d seed %d: %v", n, seed, err)
			}
		}
	}
}

func TestVerifyRejectsWrongCertificates(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	n := 30
	edges := randomGraph(r, n, 0.4, 1, 20)
	sol, err := MaxWeightMatching(n, edges)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(n, edges, sol); err != nil {
		t.Fatal(err)
	}
	clone := func() Solution {
		c := sol
		c.Mate = append([]int32(nil), sol.Mate...)
		c.Y4 = append([]int64(nil), sol.Y4...)
		c.Blossoms = append([]Blossom(nil), sol.Blossoms...)
		return c
	}
	for name, mutate := range map[string]func(s *Solution){
		"dual lowered": func(s *Solution) {
			for v := range s.Y4 {
				if s.Y4[v] > 0 {
					s.Y4[v]--
					return
				}
			}
		},
		"dual raised on a matched vertex": func(s *Solution) {
			for v := range s.Y4 {
				if s.Mate[v] >= 0 {
					s.Y4[v]++
					return
				}
			}
		},
		"pair dropped": func(s *Solution) {
			for v := range s.Mate {
				if w := s.Mate[v]; w >= 0 {
					s.Mate[v], s.Mate[w] = -1, -1
					return
				}
			}
		},
		"weight inflated": func(s *Solution) { s.Weight++ },
	} {
		c := clone()
		mutate(&c)
		if Verify(n, edges, c) == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := MaxWeightMatching(3, []Edge{{U: 1, V: 1, W: 2}}); err == nil {
		t.Error("self-loop accepted")
	}
	if _, err := MaxWeightMatching(2, []Edge{{U: 0, V: 2, W: 2}}); err == nil {
		t.Error("edge out of range accepted")
	}
}

func TestKnownMatchings(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		edges []Edge
		mate  []int32
	}{
		{"empty", 0, nil, []int32{}},
		{"single edge", 2, []Edge{{0, 1, 1}}, []int32{1, 0}},
		{"negative edge stays unused", 2, []Edge{{0, 1, -1}}, []int32{-1, -1}},
		{"path prefers the heavy middle", 4, []Edge{{0, 1, 2}, {1, 2, 5}, {2, 3, 2}}, []int32{-1, 2, 1, -1}},
		{"path takes both ends when they add up", 4, []Edge{{0, 1, 3}, {1, 2, 5}, {2, 3, 3}}, []int32{1, 0, 3, 2}},
		// A triangle with a pendant edge on each corner: needs a blossom.
		{"blossom", 6, []Edge{{0, 1, 6}, {1, 2, 6}, {0, 2, 6}, {0, 3, 5}, {1, 4, 4}, {2, 5, 3}}, nil},
		// Van Rantwijk's nested-blossom and expand cases.
		{"nested S-blossom relabelled", 8, []Edge{{0, 1, 10}, {0, 2, 10}, {1, 2, 12}, {2, 3, 20}, {3, 4, 20}, {4, 5, 25}, {3, 5, 8}, {5, 6, 10}, {6, 7, 8}, {4, 7, 16}}, nil},
		{"T-blossom expanded", 10, []Edge{{0, 1, 45}, {0, 4, 45}, {1, 2, 50}, {2, 3, 45}, {3, 4, 50}, {0, 5, 30}, {2, 8, 35}, {3, 7, 35}, {4, 6, 26}, {8, 9, 5}}, nil},
	}
	for _, tc := range tests {
		sol, err := MaxWeightMatching(tc.n, tc.edges)
		if err != nil {
			t.Fatal(err)
		}
		if err := Verify(tc.n, tc.edges, sol); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		if want := bruteForce(tc.n, tc.edges); sol.Weight != want {
			t.Errorf("%s: weight %d, want %d", tc.name, sol.Weight, want)
		}
		if tc.mate != nil {
			for v := range tc.mate {
				if sol.Mate[v] != tc.mate[v] {
					t.Errorf("%s: mates %v, want %v", tc.name, sol.Mate, tc.mate)
					break
				}
			}
		}
	}
}
