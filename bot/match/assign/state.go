package assign

import "fmt"

// MenteePotentials returns the dual potential of each mentee (a view, not
// a copy).
func (s *Solver) MenteePotentials() []int64 { return s.mentees.pot[:s.mentees.n] }

// MentorPotentials returns the dual potential of each mentor (a view, not
// a copy).
func (s *Solver) MentorPotentials() []int64 { return s.mentors.pot[:s.mentors.n] }

// Pair returns mentee e's mentor and the weight of their arc, or ok false
// while e is unmatched.
func (s *Solver) Pair(e int32) (m int32, w int64, ok bool) {
	if s.mentees.used[e] == 0 {
		return -1, 0, false
	}
	k := s.mentees.slots[s.mentees.slotAt[e]]
	return s.arcM[k], s.w[k], true
}

// CheckInvariants verifies the solver's optimality conditions on its own
// arcs (dual feasibility, tight pairs, complementary slackness) and its
// bookkeeping. Tests call it after every round.
func (s *Solver) CheckInvariants() error {
	for k := range s.w {
		e, m := s.arcE[k], s.arcM[k]
		sum := s.mentees.pot[e] + s.mentors.pot[m]
		if s.flow[k] && sum != s.w[k] {
			return fmt.Errorf("pair arc %d (%d,%d): u+p %d != w %d", k, e, m, sum, s.w[k])
		}
		if !s.flow[k] && sum < s.w[k] {
			return fmt.Errorf("arc %d (%d,%d): u+p %d < w %d", k, e, m, sum, s.w[k])
		}
	}
	for e := range s.mentees.n {
		switch {
		case s.mentees.pot[e] < 0:
			return fmt.Errorf("mentee %d: negative potential", e)
		case s.mentees.used[e]+s.mentees.inD[e] != 1:
			return fmt.Errorf("mentee %d: used %d, in D %d", e, s.mentees.used[e], s.mentees.inD[e])
		case s.mentees.inD[e] > 0 && s.mentees.pot[e] != 0:
			return fmt.Errorf("mentee %d unmatched with potential %d", e, s.mentees.pot[e])
		}
	}
	for m := range s.mentors.n {
		switch {
		case s.mentors.pot[m] < 0:
			return fmt.Errorf("mentor %d: negative potential", m)
		case s.mentors.used[m] > s.mentors.cap[m]:
			return fmt.Errorf("mentor %d: %d pairs over capacity %d", m, s.mentors.used[m], s.mentors.cap[m])
		case s.mentors.used[m] < s.mentors.cap[m] && s.mentors.pot[m] != 0:
			return fmt.Errorf("mentor %d: %d of %d slots used with potential %d", m, s.mentors.used[m], s.mentors.cap[m], s.mentors.pot[m])
		case s.mentors.reserved[m] != 0:
			return fmt.Errorf("mentor %d: %d slots still held back", m, s.mentors.reserved[m])
		}
	}
	return nil
}
