package match

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// checkInvariants verifies the solver's optimality conditions on its own
// arcs (dual feasibility, tight pairs, complementary slackness) and its
// bookkeeping.
func (s *solver) checkInvariants() error {
	for k := range s.w {
		e, m := s.arcE[k], s.arcM[k]
		sum := s.E.pot[e] + s.M.pot[m]
		if s.flow[k] && sum != s.w[k] {
			return fmt.Errorf("pair arc %d (%d,%d): u+p %d != w %d", k, e, m, sum, s.w[k])
		}
		if !s.flow[k] && sum < s.w[k] {
			return fmt.Errorf("arc %d (%d,%d): u+p %d < w %d", k, e, m, sum, s.w[k])
		}
	}
	for e := range s.E.n {
		switch {
		case s.E.pot[e] < 0:
			return fmt.Errorf("mentee %d: negative potential", e)
		case s.E.used[e]+s.E.inD[e] != 1:
			return fmt.Errorf("mentee %d: used %d, in D %d", e, s.E.used[e], s.E.inD[e])
		case s.E.inD[e] > 0 && s.E.pot[e] != 0:
			return fmt.Errorf("mentee %d unmatched with potential %d", e, s.E.pot[e])
		}
	}
	for m := range s.M.n {
		switch {
		case s.M.pot[m] < 0:
			return fmt.Errorf("mentor %d: negative potential", m)
		case s.M.used[m] > s.M.cap[m]:
			return fmt.Errorf("mentor %d: %d pairs over capacity %d", m, s.M.used[m], s.M.cap[m])
		case s.M.used[m] < s.M.cap[m] && s.M.pot[m] != 0:
			return fmt.Errorf("mentor %d: %d of %d slots used with potential %d", m, s.M.used[m], s.M.cap[m], s.M.pot[m])
		case s.M.reserved[m] != 0:
			return fmt.Errorf("mentor %d: %d slots still held back", m, s.M.reserved[m])
		}
	}
	return nil
}

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
			tu.afterRound = func(s *solver) {
				rounds++
				if err := s.checkInvariants(); err != nil {
					t.Fatalf("instance %d %+v round %d: %v", i, tu, rounds, err)
				}
			}
			if _, err := matchWith(in, tu); err != nil {
				t.Fatalf("instance %d: %v", i, err)
			}
		}
	}
}
