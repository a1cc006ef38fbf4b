package match

// Hard rules. They are checked the same way by the solver, Suggest,
// FeasibleScores and VerifyCertificate.

// remainingCapacity is how many more mentees p can take as a mentor.
func remainingCapacity(p *Person) int {
	return p.Capacity - p.ActivePairings
}

// hasMentor reports whether p already has a mentor. For a "mentee",
// ActivePairings counts their pairings; a "both" person's ActivePairings
// counts their mentees, so only ActiveAsMentee says they have a mentor.
func hasMentor(p *Person) bool {
	if p.Role == RoleMentee && p.ActivePairings > 0 {
		return true
	}
	return p.ActiveAsMentee > 0
}

// canMentor: available, mentor or both, with free capacity.
func canMentor(p *Person) bool {
	return p.Available && (p.Role == RoleMentor || p.Role == RoleBoth) && remainingCapacity(p) > 0
}

// canBeMentee: available, mentee or both, without a mentor yet.
func canBeMentee(p *Person) bool {
	return p.Available && (p.Role == RoleMentee || p.Role == RoleBoth) && !hasMentor(p)
}

// staticallyAllowed: not the same person and neither manages the other.
func staticallyAllowed(mentor, mentee *Person) bool {
	if mentor.ID == mentee.ID {
		return false
	}
	if mentor.ManagerID != "" && mentor.ManagerID == mentee.ID {
		return false
	}
	if mentee.ManagerID != "" && mentee.ManagerID == mentor.ID {
		return false
	}
	return true
}

// topicAllowed is the shared-topic rule: with RequireSharedTopic a pair
// needs at least one topic the mentor teaches and the mentee wants to
// learn. sharedTopics is how many such topics the pair has.
func (w Weights) topicAllowed(sharedTopics int) bool {
	return !w.RequireSharedTopic || sharedTopics > 0
}

// metBefore asks the history for both orders: having met counts either way.
func metBefore(history func(a, b string) bool, mentorID, menteeID string) bool {
	return history != nil && (history(mentorID, menteeID) || history(menteeID, mentorID))
}

// feasible applies every hard rule to one pair; fm and fe are their
// features (for the shared-topic rule). History is asked last, only for
// pairs every other rule allows.
func feasible(w Weights, history func(a, b string) bool, mentor, mentee *Person, fm, fe *features) bool {
	return canMentor(mentor) && canBeMentee(mentee) && staticallyAllowed(mentor, mentee) &&
		w.topicAllowed(countShared(fm.teach, fe.learn)) && !metBefore(history, mentor.ID, mentee.ID)
}
