package match

// Score computes the score of one (mentor, mentee) pair and whether the
// hard rules allow it: roles, availability, free capacity, the mentee not
// already mentored, not the same person, neither the other's manager, a
// shared topic (unless Weights.RequireSharedTopic is off), and never paired
// before. The breakdown is filled in either way.
func Score(in Input, mentor, mentee Person) (Breakdown, bool) {
	return newPairScorer(in, nil).score(&mentor, &mentee)
}

// pairScorer is Score for many pairs of one Input: timezone offsets are
// looked up once per zone name, not once per pair (a zone lookup reads
// the zone database, which is slow on a busy machine).
type pairScorer struct {
	w       Weights
	history func(a, b string) bool
	tz      *tzOffsets
}

// newPairScorer prepares Score for in; zones may share lookups (zonesFor).
func newPairScorer(in Input, zones *tzOffsets) *pairScorer {
	return &pairScorer{w: effectiveWeights(in.Weights), history: in.History, tz: zonesFor(in.Now, zones)}
}

func (p *pairScorer) score(mentor, mentee *Person) (Breakdown, bool) {
	fm, fe := newFeatures(mentor, p.tz), newFeatures(mentee, p.tz)
	return p.w.breakdown(&fm, &fe), feasible(p.w, p.history, mentor, mentee, &fm, &fe)
}
