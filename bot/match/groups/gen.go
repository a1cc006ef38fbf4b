package groups

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// GeneratePeople makes a deterministic synthetic round for benchmarks and
// load tests: 12 departments of skewed sizes, 10 UTC offsets (a tenth
// without a known zone), 2–5 of 60 topics with skewed popularity (some
// people none), and a fifth of the people reporting to someone earlier in
// the list.
func GeneratePeople(seed uint64, n int) []Person {
	r := rand.New(rand.NewPCG(seed, 0x726f756e6473))
	offsets := []time.Duration{-8, -5, -4, 0, 1, 2, 3, 5, 8, 9}
	people := make([]Person, n)
	for i := range people {
		p := Person{ID: fmt.Sprintf("U%06d", i)}
		p.Department = fmt.Sprintf("dept-%d", min(r.IntN(12), r.IntN(12)))
		if r.IntN(10) > 0 {
			p.HasZone = true
			p.UTCOffset = offsets[min(r.IntN(10), r.IntN(10))] * time.Hour
		}
		if r.IntN(8) > 0 {
			for range 2 + r.IntN(4) {
				p.Topics = append(p.Topics, fmt.Sprintf("topic-%d", min(r.IntN(60), r.IntN(60))))
			}
		}
		if i > 0 && r.IntN(5) == 0 {
			p.ManagerID = people[r.IntN(i)].ID
		}
		people[i] = p
	}
	return people
}

// GenerateHistory makes a deterministic memory for GeneratePeople's round:
// the pairs of `rounds` random earlier pairings, as a MetRecently function.
func GenerateHistory(seed uint64, people []Person, rounds int) func(a, b string) bool {
	r := rand.New(rand.NewPCG(seed, 0x686973746f7279))
	met := map[[2]string]bool{}
	order := make([]int, len(people))
	for i := range order {
		order[i] = i
	}
	for range rounds {
		r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for k := 0; k+1 < len(order); k += 2 {
			met[[2]string{people[order[k]].ID, people[order[k+1]].ID}] = true
		}
	}
	return func(a, b string) bool { return met[[2]string{a, b}] }
}
