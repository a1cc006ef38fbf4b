package match

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
)

// VerifyCertificate checks that r is a valid and optimal matching for in,
// without trusting the solver: it recomputes every score with the
// reference scorer and checks the hard rules, the capacities, the totals,
// and the LP optimality conditions of r.Certificate against ALL feasible
// pairs (dual feasibility) and the chosen ones (complementary slackness).
// A nil error proves that no matching has more pairs, nor the same number
// of pairs with a higher total score.
func VerifyCertificate(in Input, r Result) error {
	return verifyCertificate(in, r, nil, 0)
}

// verifyCertificate is VerifyCertificate. Tests may pass zones to share
// timezone lookups with other calls on the same Input (zonesFor), and
// workers > 0 to force that many goroutines for the dual check.
func verifyCertificate(in Input, r Result, zones *tzOffsets, workers int) error {
	if err := in.Validate(); err != nil {
		return fmt.Errorf("verify: input: %w", err)
	}
	w := effectiveWeights(in.Weights)
	tz := zonesFor(in.Now, zones)
	byID := make(map[string]int, len(in.People))
	feat := make([]features, len(in.People))
	var mentees, mentors []int
	for i := range in.People {
		p := &in.People[i]
		byID[p.ID] = i
		feat[i] = newFeatures(p, tz)
		if canBeMentee(p) {
			mentees = append(mentees, i)
		}
		if canMentor(p) {
			mentors = append(mentors, i)
		}
	}
	capOf := func(i int) int { return min(remainingCapacity(&in.People[i]), len(mentees)) }
	var totalCap int64
	for _, i := range mentors {
		totalCap += int64(capOf(i))
	}

	cert := r.Certificate
	if cert.Scale != ScoreScale {
		return fmt.Errorf("verify: certificate scale %d, want %d", cert.Scale, ScoreScale)
	}
	need, err := pairBonus(w, len(mentees), totalCap)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	if cert.PairBonus < need {
		return fmt.Errorf("verify: pair bonus %d is below %d: the pair count would not come first", cert.PairBonus, need)
	}
	u, err := potentials(cert.Mentees, mentees, in.People, "mentee")
	if err != nil {
		return err
	}
	v, err := potentials(cert.Mentors, mentors, in.People, "mentor")
	if err != nil {
		return err
	}

	// The pairs: hard rules, scores, capacities, complementary slackness.
	load := make(map[string]int)
	matched := make(map[string]bool)
	var total int64
	for _, p := range r.Pairs {
		mi, ok1 := byID[p.MentorID]
		ei, ok2 := byID[p.MenteeID]
		if !ok1 || !ok2 {
			return fmt.Errorf("verify: pair %s-%s: unknown person", p.MentorID, p.MenteeID)
		}
		mentor, mentee := &in.People[mi], &in.People[ei]
		if !feasible(w, in.History, mentor, mentee, &feat[mi], &feat[ei]) {
			return fmt.Errorf("verify: pair %s-%s breaks a hard rule", p.MentorID, p.MenteeID)
		}
		if matched[p.MenteeID] {
			return fmt.Errorf("verify: mentee %s is matched twice", p.MenteeID)
		}
		matched[p.MenteeID] = true
		load[p.MentorID]++
		if load[p.MentorID] > capOf(mi) {
			return fmt.Errorf("verify: mentor %s is over capacity %d", p.MentorID, capOf(mi))
		}
		s := w.units(&feat[mi], &feat[ei])
		if got := int64(math.Round(p.Score * ScoreScale)); got != s || p.Breakdown.Units() != s {
			return fmt.Errorf("verify: pair %s-%s has score %v (breakdown %d units), want %d units", p.MentorID, p.MenteeID, p.Score, p.Breakdown.Units(), s)
		}
		if got := u[p.MenteeID] + v[p.MentorID]; got != cert.PairBonus+s {
			return fmt.Errorf("verify: pair %s-%s is not tight: u+v = %d, bonus+score = %d", p.MentorID, p.MenteeID, got, cert.PairBonus+s)
		}
		total += s
	}
	if got := int64(math.Round(r.Total * ScoreScale)); got != total {
		return fmt.Errorf("verify: total %v, pairs add up to %v", r.Total, unitsToPoints(total))
	}
	for _, i := range mentees {
		id := in.People[i].ID
		if u[id] > 0 && !matched[id] {
			return fmt.Errorf("verify: unmatched mentee %s has potential %d > 0", id, u[id])
		}
	}
	for _, i := range mentors {
		id := in.People[i].ID
		if v[id] > 0 && load[id] < capOf(i) {
			return fmt.Errorf("verify: mentor %s with free capacity has potential %d > 0", id, v[id])
		}
	}
	if err := checkUnmatched(r.Unmatched, in.People, mentees, mentors, matched, load); err != nil {
		return err
	}

	// Dual feasibility over every pair, not only the candidates the solver
	// looked at. Mentee rows are split over the cores when there are
	// enough pairs to be worth it; each worker reports the first violation
	// it finds.
	score := newPlainScorer(w, feat)
	uOf := make([]int64, len(mentees))
	for x, i := range mentees {
		uOf[x] = u[in.People[i].ID]
	}
	vOf := make([]int64, len(mentors))
	for y, i := range mentors {
		vOf[y] = v[in.People[i].ID]
	}
	check := func(wk, workers int) error {
		for x := wk; x < len(mentees); x += workers {
			ei := mentees[x]
			mentee := &in.People[ei]
			for y, mi := range mentors {
				s, sharedTopics := score.units(mi, ei)
				if uOf[x]+vOf[y] >= cert.PairBonus+s || !w.topicAllowed(sharedTopics) {
					continue
				}
				mentor := &in.People[mi]
				if staticallyAllowed(mentor, mentee) && !metBefore(in.History, mentor.ID, mentee.ID) {
					return fmt.Errorf("verify: feasible pair %s-%s violates the dual: u+v = %d < bonus+score = %d, so a better matching may exist",
						mentor.ID, mentee.ID, uOf[x]+vOf[y], cert.PairBonus+s)
				}
			}
		}
		return nil
	}
	if workers <= 0 {
		workers = parallelWorkers(int64(len(mentees)) * int64(len(mentors)))
	}
	if workers == 1 {
		return check(0, 1)
	}
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for wk := range workers {
		wg.Go(func() { errs[wk] = check(wk, workers) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// potentials checks that the certificate has exactly one non-negative
// potential per eligible person of a side.
func potentials(m map[string]int64, eligible []int, people []Person, side string) (map[string]int64, error) {
	if len(m) != len(eligible) {
		return nil, fmt.Errorf("verify: %d %s potentials for %d eligible %ss", len(m), side, len(eligible), side)
	}
	for _, i := range eligible {
		x, ok := m[people[i].ID]
		if !ok {
			return nil, fmt.Errorf("verify: no potential for %s %s", side, people[i].ID)
		}
		if x < 0 {
			return nil, fmt.Errorf("verify: %s %s has negative potential %d", side, people[i].ID, x)
		}
	}
	return m, nil
}

// checkUnmatched: every eligible mentee without a pair and every eligible
// mentor without a mentee is listed once with a reason, and nobody else.
func checkUnmatched(list []Unmatched, people []Person, mentees, mentors []int, matched map[string]bool, load map[string]int) error {
	want := make(map[Unmatched]bool)
	for _, i := range mentees {
		if !matched[people[i].ID] {
			want[Unmatched{ID: people[i].ID, Side: RoleMentee}] = true
		}
	}
	for _, i := range mentors {
		if load[people[i].ID] == 0 {
			want[Unmatched{ID: people[i].ID, Side: RoleMentor}] = true
		}
	}
	for _, x := range list {
		key := Unmatched{ID: x.ID, Side: x.Side}
		if !want[key] {
			return fmt.Errorf("verify: %s %s listed as unmatched but is not (or twice)", x.Side, x.ID)
		}
		if x.Reason == "" {
			return fmt.Errorf("verify: unmatched %s %s has no reason", x.Side, x.ID)
		}
		delete(want, key)
	}
	for k := range want {
		return fmt.Errorf("verify: %s %s is unmatched but not listed", k.Side, k.ID)
	}
	return nil
}

// plainScorer is the score as a direct formula over interned integer sets:
// a third implementation, separate from the solver's bitset rows, so the
// check does not share the solver's fast path. The chosen pairs are also
// checked against the reference scorer above.
type plainScorer struct {
	w            Weights
	teach, learn [][]int32
	goals        [][]int32
	tz           []int
	overlap      [][]int64
	feat         []features
}

func newPlainScorer(w Weights, feat []features) *plainScorer {
	p := &plainScorer{w: w, feat: feat}
	ids := map[string]int32{}
	intern := func(xs []string) []int32 {
		out := make([]int32, len(xs))
		for i, x := range xs {
			id, ok := ids[x]
			if !ok {
				id = int32(len(ids))
				ids[x] = id
			}
			out[i] = id
		}
		slices.Sort(out)
		return out
	}
	tzOf := map[int]int{}
	var offsets []int
	for i := range feat {
		f := &feat[i]
		p.teach = append(p.teach, intern(f.teach))
		p.learn = append(p.learn, intern(f.learn))
		p.goals = append(p.goals, intern(f.goals))
		if _, ok := tzOf[f.offset]; !ok {
			tzOf[f.offset] = len(offsets)
			offsets = append(offsets, f.offset)
		}
		p.tz = append(p.tz, tzOf[f.offset])
	}
	for _, a := range offsets {
		row := make([]int64, len(offsets))
		for j, b := range offsets {
			row[j] = w.overlapUnits(w.overlapMinutes(a, b))
		}
		p.overlap = append(p.overlap, row)
	}
	return p
}

// units is the pair's score and how many topics it shares (for the
// shared-topic rule, checked by the caller).
func (p *plainScorer) units(mentor, mentee int) (units int64, sharedTopics int) {
	fm, fe := &p.feat[mentor], &p.feat[mentee]
	sharedTopics = countShared(p.teach[mentor], p.learn[mentee])
	return p.w.topicUnits(sharedTopics, len(fe.learn)) +
		p.w.goalUnits(countShared(p.goals[mentor], p.goals[mentee])) +
		p.w.seniorityUnits(fm.seniority-fe.seniority) +
		p.overlap[p.tz[mentor]][p.tz[mentee]] +
		p.w.departmentUnits(differentDept(fm.dept, fe.dept)), sharedTopics
}
