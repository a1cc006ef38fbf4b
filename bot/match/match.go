package match

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/mentorbot/mentorbot/bot/match/assign"
)

// tuning sizes the candidate graph: each mentee starts with its TopK best
// mentors and each mentor with its capacity + MentorSlack best mentees;
// every round of the dual check adds up to AddK violating mentors per
// mentee and AddMentor violating mentees per mentor. Any values give an
// exact optimum (as long as AddK+AddMentor > 0); the defaults, measured on
// generated cohorts, keep the rounds few and the first solve small.
type tuning struct {
	TopK, AddK, AddMentor, MentorSlack int
	Margin                             int64                // slack (units) under which a pair counts as nearly violated
	afterRound                         func(*assign.Solver) // tests: check the solver's invariants
	zones                              *tzOffsets           // tests: timezone lookups shared across calls (zonesFor)
	workers                            int                  // tests: force this many row-scoring goroutines (0 = by size)
}

func defaultTuning() tuning {
	return tuning{TopK: 3, AddK: 6, AddMentor: 4, MentorSlack: 1, Margin: 500}
}

// Match computes the exact best matching of the cohort: the most pairs
// possible, and among those the highest total score, under every hard rule
// and mentor capacity. It is deterministic: the same people in any order
// give the same result. The Result carries a Certificate that
// VerifyCertificate checks without trusting the solver.
//
// How: solve the problem on a sparse graph of each mentee's best mentors,
// then check the dual prices against all feasible pairs; add the pairs
// that violate them and solve again, until none does. The final prices
// prove the matching optimal for the full graph (docs/matching.md).
func Match(in Input) (Result, error) {
	return matchWith(in, defaultTuning())
}

func matchWith(in Input, t tuning) (Result, error) {
	if t.AddK+t.AddMentor <= 0 {
		t.AddK = 1 // the dual check must report some violation while any exists
	}
	c, err := newCohort(in, t.zones)
	if err != nil {
		return Result{}, err
	}
	if t.workers > 0 {
		c.workers = t.workers
	}
	sol, rounds, nArcs := c.solveExact(t)
	res, err := c.result(sol)
	if err != nil {
		return Result{}, err
	}
	res.Stats = Stats{Mentees: len(c.mentees), Mentors: len(c.mentors), CandidatePairs: nArcs, Rounds: rounds}
	return res, nil
}

// solution is the solver's assignment and duals over cohort positions.
type solution struct {
	mentorOf []int32 // per mentee position: mentor position, -1 unmatched
	score    []int64 // per mentee position: score units of its pair
	u, v     []int64 // dual potentials per mentee / mentor position
}

// solveExact runs column generation: solve the candidate graph, check the
// duals against every pair, add the violating pairs, repair, repeat.
func (c *cohort) solveExact(t tuning) (sol solution, rounds, nArcs int) {
	cands := c.initialCandidates(t.TopK, t.MentorSlack)
	s := assign.New(len(c.mentees), c.cap)
	var arcE, arcM []int32
	var w []int64
	for e, cs := range cands {
		for _, x := range cs {
			arcE, arcM, w = append(arcE, int32(e)), append(arcM, x.m), append(w, c.bonus+x.s)
		}
	}
	s.SetArcs(arcE, arcM, w)
	for _, e := range c.menteeOrder(cands) {
		s.PlaceMentee(e)
	}
	for {
		rounds++
		if t.afterRound != nil {
			t.afterRound(s)
		}
		p := c.price(s.MenteePotentials(), s.MentorPotentials(), t.AddK, t.AddMentor, t.Margin, s.HasArc)
		if p.violations == 0 {
			return c.extract(s), rounds, len(w)
		}
		// Warm start: the nearly violated pairs join as they are; a mentee
		// with a violated pair is taken out (its mentor's slot held back)
		// and placed again in the larger graph; then the held-back slots
		// are reopened.
		var reopen []int32
		for e, xs := range p.add {
			for _, x := range xs {
				arcE, arcM, w = append(arcE, int32(e)), append(arcM, x.m), append(w, c.bonus+x.s)
			}
			if p.violated[e] {
				reopen = append(reopen, int32(e))
			}
		}
		s.SetArcs(arcE, arcM, w)
		for _, e := range reopen {
			s.UnplaceMentee(e)
		}
		for _, e := range reopen {
			s.PlaceMentee(e)
		}
		s.ReopenMentorSlots()
	}
}

// menteeOrder processes the mentees with the strongest best candidate
// first, ties by ID. Any order gives an optimum; this one keeps paths short.
func (c *cohort) menteeOrder(cands [][]cand) []int32 {
	order := make([]int32, len(cands))
	best := make([]int64, len(cands))
	for e := range order {
		order[e] = int32(e)
		best[e] = -1
		for _, x := range cands[e] {
			best[e] = max(best[e], x.s)
		}
	}
	slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(best[b], best[a]) })
	return order
}

// extract reads the matching and the duals out of the solver.
func (c *cohort) extract(s *assign.Solver) solution {
	sol := solution{
		mentorOf: make([]int32, len(c.mentees)),
		score:    make([]int64, len(c.mentees)),
		u:        slices.Clone(s.MenteePotentials()),
		v:        slices.Clone(s.MentorPotentials()),
	}
	for e := range sol.mentorOf {
		sol.mentorOf[e] = -1
		if m, w, ok := s.Pair(int32(e)); ok {
			sol.mentorOf[e] = m
			sol.score[e] = w - c.bonus
		}
	}
	return sol
}

// result turns a solution into pairs with reasons, the unmatched with
// reasons, and the certificate.
func (c *cohort) result(sol solution) (Result, error) {
	var res Result
	var total int64
	load := make([]int32, len(c.mentors))
	for e, m := range sol.mentorOf {
		if m < 0 {
			continue
		}
		load[m]++
		mentor, mentee := c.mentors[m], c.mentees[e]
		if !feasible(c.w, c.history, &c.people[mentor], &c.people[mentee], &c.feat[mentor], &c.feat[mentee]) {
			return Result{}, fmt.Errorf("match: internal error: pair %s-%s breaks a hard rule", c.people[mentor].ID, c.people[mentee].ID)
		}
		b := c.w.breakdown(&c.feat[mentor], &c.feat[mentee])
		if b.Units() != sol.score[e] {
			return Result{}, fmt.Errorf("match: internal error: pair %s-%s scored %d by the solver, %d by the reference",
				c.people[mentor].ID, c.people[mentee].ID, sol.score[e], b.Units())
		}
		total += b.Units()
		res.Pairs = append(res.Pairs, Pair{
			MentorID:  c.people[mentor].ID,
			MenteeID:  c.people[mentee].ID,
			Score:     b.Points(),
			Reasons:   b.Reasons(),
			Breakdown: b,
		})
	}
	slices.SortFunc(res.Pairs, func(a, b Pair) int {
		return cmp.Or(cmp.Compare(b.Breakdown.Units(), a.Breakdown.Units()),
			cmp.Compare(a.MentorID, b.MentorID), cmp.Compare(a.MenteeID, b.MenteeID))
	})
	res.Total = unitsToPoints(total)
	res.Unmatched = c.unmatched(sol.mentorOf, load)
	res.Certificate = Certificate{
		Scale:     ScoreScale,
		PairBonus: c.bonus,
		Mentees:   make(map[string]int64, len(c.mentees)),
		Mentors:   make(map[string]int64, len(c.mentors)),
	}
	for e, pi := range c.mentees {
		res.Certificate.Mentees[c.people[pi].ID] = sol.u[e]
	}
	for m, pi := range c.mentors {
		res.Certificate.Mentors[c.people[pi].ID] = sol.v[m]
	}
	return res, nil
}
