package match

import (
	"cmp"
	"slices"
)

// Suggest returns up to k mentors for one mentee, best score first (ties
// by mentor ID), for /mentor find. The same hard rules as Match apply
// (with the default weights every mentor offered teaches at least one
// topic the mentee wants to learn), only mentors with free capacity are
// considered, and exclude (may be nil) removes mentors, e.g. the ones who
// already declined. It returns nil when the mentee is unknown, cannot be
// matched (paused, left, not a mentee, already has a mentor) or the input
// is invalid (see Input.Validate).
func Suggest(in Input, menteeID string, k int, exclude func(mentorID string) bool) []Pair {
	if k <= 0 || in.Validate() != nil {
		return nil
	}
	i := slices.IndexFunc(in.People, func(p Person) bool { return p.ID == menteeID })
	if i < 0 || !canBeMentee(&in.People[i]) {
		return nil
	}
	mentee := &in.People[i]
	w := effectiveWeights(in.Weights)
	tz := newTZOffsets(in.Now)
	fe := newFeatures(mentee, tz)
	type option struct {
		mentor *Person
		b      Breakdown
	}
	var opts []option
	for j := range in.People {
		mentor := &in.People[j]
		if !canMentor(mentor) || (exclude != nil && exclude(mentor.ID)) {
			continue
		}
		fm := newFeatures(mentor, tz)
		if feasible(w, in.History, mentor, mentee, &fm, &fe) {
			opts = append(opts, option{mentor, w.breakdown(&fm, &fe)})
		}
	}
	slices.SortFunc(opts, func(a, b option) int {
		return cmp.Or(cmp.Compare(b.b.Units(), a.b.Units()), cmp.Compare(a.mentor.ID, b.mentor.ID))
	})
	out := make([]Pair, 0, min(k, len(opts)))
	for _, o := range opts[:min(k, len(opts))] {
		out = append(out, Pair{MentorID: o.mentor.ID, MenteeID: mentee.ID, Score: o.b.Points(), Reasons: o.b.Reasons(), Breakdown: o.b})
	}
	return out
}
