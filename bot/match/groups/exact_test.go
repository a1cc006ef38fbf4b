package groups

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot/match/groups/general"
)

// randomRound makes a small round with many ties: few departments, zones
// and topics, some managers, unknown zones and a memory of earlier pairs
// (sometimes so large that repeats are unavoidable).
func randomRound(r *rand.Rand, n int) ([]Person, func(a, b string) bool) {
	people := make([]Person, n)
	for i := range people {
		p := Person{ID: fmt.Sprintf("p%02d", i), Department: []string{"", "eng", "ENG ", "sales", "ops"}[r.IntN(5)]}
		if r.IntN(5) > 0 {
			p.HasZone = true
			p.UTCOffset = time.Duration(r.IntN(5)*3-6) * time.Hour
		}
		for range r.IntN(4) {
			p.Topics = append(p.Topics, []string{"go", "Go", "design", "data", "rust"}[r.IntN(5)])
		}
		if i > 0 && r.IntN(4) == 0 {
			p.ManagerID = people[r.IntN(i)].ID
		}
		people[i] = p
	}
	met := map[[2]string]bool{}
	density := []float64{0, 0.2, 0.6, 0.95}[r.IntN(4)]
	for i := range people {
		for j := range people {
			if i != j && r.Float64() < density/2 {
				met[[2]string{people[i].ID, people[j].ID}] = true
			}
		}
	}
	return people, func(a, b string) bool { return met[[2]string{a, b}] }
}

// value is the objective of docs/rounds.md for a set of pairs: most pairs,
// then fewest repeats, then the highest total score.
type value struct {
	pairs, repeats int
	score          int64
}

func (v value) better(w value) bool {
	if v.pairs != w.pairs {
		return v.pairs > w.pairs
	}
	if v.repeats != w.repeats {
		return v.repeats < w.repeats
	}
	return v.score > w.score
}

// bruteBest tries every matching of allowed pairs, with the reference
// scorer and rules (not the model's).
func bruteBest(people []Person, w Weights, met func(a, b string) bool) value {
	n := len(people)
	used := make([]bool, n)
	var rec func(i int, cur value) value
	rec = func(i int, cur value) value {
		for i < n && used[i] {
			i++
		}
		if i == n {
			return cur
		}
		used[i] = true
		best := rec(i+1, cur)
		for j := i + 1; j < n; j++ {
			a, b := people[i], people[j]
			if used[j] || a.ManagerID == b.ID || b.ManagerID == a.ID {
				continue
			}
			next := value{cur.pairs + 1, cur.repeats, cur.score + refScore(w, a, b)}
			if met(a.ID, b.ID) || met(b.ID, a.ID) {
				next.repeats++
			}
			used[j] = true
			if v := rec(i+1, next); v.better(best) {
				best = v
			}
			used[j] = false
		}
		used[i] = false
		return best
	}
	return rec(0, value{})
}

func TestExactPairsAgainstBruteForce(t *testing.T) {
	seeds := 1500
	if testing.Short() || raceEnabled {
		seeds = 250
	}
	for seed := range seeds {
		r := rand.New(rand.NewPCG(uint64(seed), 2))
		people, met := randomRound(r, r.IntN(11))
		w := []Weights{DefaultWeights(), {Department: 1, Overlap: 1, Topics: 1}, {Topics: 7}, {Department: 3, Overlap: 9}}[seed%4]
		m := newModel(people, Options{Size: 2, Weights: w, MetRecently: met})
		m.candidates = 1 + r.IntN(3) // a starved candidate graph: pricing must add the rest
		pairs, _ := m.exactPairs()
		var got value
		for _, p := range pairs {
			got.pairs++
			got.score += m.score(p[0], p[1])
			if m.repeat(p[0], p[1]) {
				got.repeats++
			}
			if m.forbidden(p[0], p[1]) {
				t.Fatalf("seed %d: forbidden pair %v", seed, p)
			}
		}
		if want := bruteBest(people, w, met); got != want {
			t.Fatalf("seed %d (%d people): got %+v, brute force %+v", seed, len(people), got, want)
		}
	}
}

// fullGraph is every allowed pair of the round with its lexicographic
// weight, for checking the certificate against all of them.
func fullGraph(m *model) []general.Edge {
	l := m.lex()
	var edges []general.Edge
	for i := 0; i < m.n; i++ {
		for j := i + 1; j < m.n; j++ {
			if !m.forbidden(i, j) {
				edges = append(edges, general.Edge{U: int32(i), V: int32(j), W: m.weight(l, i, j)})
			}
		}
	}
	return edges
}

func TestExactPairsCertificateOnWholeRound(t *testing.T) {
	sizes := []int{41, 120, 400}
	if testing.Short() || raceEnabled {
		sizes = sizes[:2]
	}
	for _, n := range sizes {
		for seed := range 3 {
			r := rand.New(rand.NewPCG(uint64(seed), uint64(n)))
			var people []Person
			var met func(a, b string) bool
			if seed == 0 {
				people, met = randomRound(r, n)
			} else {
				people = GeneratePeople(uint64(seed), n)
				met = GenerateHistory(uint64(seed), people, 6*seed)
			}
			m := newModel(people, Options{Size: 2, Weights: DefaultWeights(), MetRecently: met})
			m.candidates = 2 + seed
			_, st := m.exactPairs()
			if err := general.Verify(m.n, fullGraph(m), st.Duals); err != nil {
				t.Fatalf("n %d seed %d (%d solves): %v", n, seed, st.Rounds, err)
			}
		}
	}
}
