package match

// Score computes the score of one (mentor, mentee) pair and whether the
// hard rules allow it: roles, availability, free capacity, the mentee not
// already mentored, not the same person, neither the other's manager, and
// never paired before. The breakdown is filled in either way.
func Score(in Input, mentor, mentee Person) (Breakdown, bool) {
	w := effectiveWeights(in.Weights)
	tz := newTZOffsets(in.Now)
	fm, fe := newFeatures(&mentor, tz), newFeatures(&mentee, tz)
	return w.breakdown(&fm, &fe), feasible(in.History, &mentor, &mentee)
}
