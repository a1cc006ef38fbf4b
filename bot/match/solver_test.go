package match

import (
	"math/rand/v2"
	"testing"

	"github.com/mentorbot/mentorbot/bot/match/assign"
)

// TestSolverInvariantsAcrossWarmStarts: after the first solve and after
// every warm-started round the solver's state is optimal for its arcs, on
// instances small enough to need many rounds and on a generated cohort.
func TestSolverInvariantsAcrossWarmStarts(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	ins := []Input{{People: GenerateCohort(7, 300, 90), Now: testNow}}
	for range 300 {
		ins = append(ins, randomInstance(rng))
	}
	for i, in := range ins {
		zones := newTZOffsets(in.Now)
		for _, tu := range []tuning{defaultTuning(), {TopK: 1, AddK: 1}, {AddMentor: 1}, {AddK: 2, AddMentor: 1, Margin: 2000}} {
			rounds := 0
			tu.zones = zones
			tu.afterRound = func(s *assign.Solver) {
				rounds++
				if err := s.CheckInvariants(); err != nil {
					t.Fatalf("instance %d %+v round %d: %v", i, tu, rounds, err)
				}
			}
			if _, err := matchWith(in, tu); err != nil {
				t.Fatalf("instance %d: %v", i, err)
			}
		}
	}
}
