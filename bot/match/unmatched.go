package match

import "strings"

// unmatched explains, for each eligible person left without a pairing, why.
func (c *cohort) unmatched(mentorOf []int32, load []int32) []Unmatched {
	var out []Unmatched
	var s *rowScratch
	var teaches []bool
	for e, m := range mentorOf {
		if m < 0 {
			if s == nil {
				s, teaches = c.newScratch(), make([]bool, len(c.mentors))
			}
			out = append(out, Unmatched{ID: c.mentee(int32(e)).ID, Side: RoleMentee, Reason: c.menteeReason(int32(e), s, teaches)})
		}
	}
	for m, n := range load {
		if n == 0 {
			out = append(out, Unmatched{ID: c.mentor(int32(m)).ID, Side: RoleMentor, Reason: c.mentorReason(int32(m))})
		}
	}
	return out
}

func (c *cohort) menteeReason(e int32, s *rowScratch, teaches []bool) string {
	if len(c.mentors) == 0 {
		return "no mentor has free capacity in this cohort"
	}
	if c.w.RequireSharedTopic && c.eLearnN[e] == 0 {
		return "you listed no topics to learn: add the topics you want to learn, so a mentor who teaches them can be found"
	}
	scores := c.scoreRow(e, s) // with the shared-topic rule, non-teachers are already ruled out
	c.teachesMentee(e, s, teaches)
	// History is asked only until the answer is known.
	teachers := 0
	feasibleTeacher, feasibleAny := false, false
	for m, sc := range scores {
		if teaches[m] {
			teachers++
		}
		if sc < 0 {
			continue
		}
		if (!feasibleAny || teaches[m] && !feasibleTeacher) && !c.metBefore(int32(m), e) {
			feasibleAny = true
			feasibleTeacher = feasibleTeacher || teaches[m]
		}
	}
	if c.w.RequireSharedTopic {
		switch {
		case teachers == 0:
			return "no available mentor teaches what you want to learn (" + strings.Join(topicNames(c.mentee(e).Learns), ", ") + ")"
		case !feasibleTeacher:
			return "no feasible mentor teaches what you want to learn: only your manager, people who report to you or past mentors do"
		default:
			return "every suitable mentor is at capacity"
		}
	}
	switch {
	case !feasibleAny:
		return "no feasible mentor: every mentor with free capacity is your manager, reports to you, or was paired with you before"
	case c.eLearnN[e] == 0:
		return "you listed no topics to learn, and every available mentor is at capacity with mentees who did"
	case teachers == 0:
		return "no available mentor teaches what you want to learn, and the other mentors are at capacity"
	case !feasibleTeacher:
		return "no feasible mentor teaches your topics: only your manager, people who report to you or past mentors do, and the other mentors are at capacity"
	default:
		return "every suitable mentor is at capacity"
	}
}

// teachesMentee marks in t the mentors who teach at least one topic
// mentee e wants to learn.
func (c *cohort) teachesMentee(e int32, s *rowScratch, t []bool) {
	ix := &c.topicIx
	if ix.words > 0 {
		eb := ix.eBits[int(e)*ix.words : int(e+1)*ix.words]
		for m := range t {
			t[m] = ix.shared(m, eb) > 0
		}
		return
	}
	ix.count(e, s.topics)
	for m := range t {
		t[m] = s.topics[m] > 0
		s.topics[m] = 0
	}
}

func (c *cohort) mentorReason(m int32) string {
	if len(c.mentees) == 0 {
		return "no mentee is waiting for a mentor in this cohort"
	}
	mentor := c.mentor(m)
	if c.w.RequireSharedTopic && len(c.feat[c.mentors[m]].teach) == 0 {
		return "you listed no topics to teach: add the topics you teach, so mentees who want to learn them can be found"
	}
	// wanted: some waiting mentee wants a topic m teaches; feasibleAny and
	// feasibleWanted: some mentee the other rules allow (who wants one).
	// History is asked only until the answer is known.
	wanted, feasibleAny, feasibleWanted := false, false, false
	for e := range int32(len(c.mentees)) {
		shares := c.sharesTopic(m, e)
		wanted = wanted || shares
		if (shares || !feasibleAny) && staticallyAllowed(mentor, c.mentee(e)) && !c.metBefore(m, e) {
			feasibleAny = true
			if shares {
				feasibleWanted = true
				break
			}
		}
	}
	if c.w.RequireSharedTopic {
		switch {
		case !wanted:
			return "no waiting mentee wants to learn what you teach (" + strings.Join(topicNames(mentor.Teaches), ", ") + ")"
		case !feasibleWanted:
			return "no feasible mentee: every waiting mentee who wants to learn what you teach is your manager, reports to you, or was paired with you before"
		default:
			return "the mentees who want your topics were matched with mentors who fit them better"
		}
	}
	switch {
	case !feasibleAny:
		return "no feasible mentee: every waiting mentee is your manager, reports to you, or was paired with you before"
	case !feasibleWanted:
		return "no mentee needed your topics, and every mentee has a mentor who fits them better"
	default:
		return "the mentees who want your topics were matched with mentors who fit them better"
	}
}

// sharesTopic reports whether mentor m teaches a topic mentee e wants.
func (c *cohort) sharesTopic(m, e int32) bool {
	if ix := &c.topicIx; ix.words > 0 {
		return ix.shared(int(m), ix.eBits[int(e)*ix.words:int(e+1)*ix.words]) > 0
	}
	return countShared(c.feat[c.mentors[m]].teach, c.feat[c.mentees[e]].learn) > 0
}
