package match

// FeasibleScores calls fn for every pair the hard rules allow, with its
// score in points, mentee by mentee in ID order and, for each, mentor by
// mentor in ID order, from one goroutine: the rows of an audit CSV
// (mentor_id,mentee_id,score). Infeasible pairs are absent. Nothing is
// called when the input is invalid (see Input.Validate).
func FeasibleScores(in Input, fn func(mentorID, menteeID string, score float64)) {
	c, err := newCohort(in, nil)
	if err != nil {
		return
	}
	s := c.newScratch()
	for e := range int32(len(c.mentees)) {
		mentee := c.mentee(e)
		for m, sc := range c.scoreRow(e, s) {
			if sc >= 0 && !c.metBefore(int32(m), e) {
				fn(c.mentor(int32(m)).ID, mentee.ID, unitsToPoints(sc))
			}
		}
	}
}
