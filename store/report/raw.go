// Package report turns the raw figures of a mentorship program into a report
// HR can read: it applies the privacy rules (minimum group size with
// complementary suppression) and writes text, CSV, JSON or HTML.
//
// It is pure: no SQL, no clock, no I/O beyond the writers it is given. The
// store gathers a Raw in one read transaction; Build makes the Report.
// Raw has no field for feedback text or names, so no format can leak them.
package report

import "time"

// Scope says what a report covers.
type Scope struct {
	// Program is the program's name; "" means every program.
	Program string
	// Since limits activity figures (pairings started and ended, check-ins,
	// feedback) to this instant and later; zero means from the beginning.
	// Head counts and at-risk pairings always describe the present.
	Since time.Time
}

// Count is a figure and how many distinct people it is about; the privacy
// rule looks at People, the report shows Value.
type Count struct {
	Value  int
	People int
}

// MaxMinGroup is the largest minimum group a report accepts. Count.People
// is exact below it; above it the store may give a lower bound (still at
// least MaxMinGroup), which decides suppression the same way.
const MaxMinGroup = 1000

// people makes the Count of a head count (each person counted once).
func people(n int) Count { return Count{Value: n, People: n} }

// Raw is everything a report is made of, straight from the database, before
// any privacy rule.
type Raw struct {
	Scope       Scope
	GeneratedAt time.Time

	Participants Participants
	Pairings     Pairings
	CheckIns     CheckIns
	Weeks        []Week
	// Feedback is every rating of the scope's pairings ever given, whatever
	// Since, in the order they were given within each program (by time,
	// then by id): release groups are formed over the whole history of a
	// program (see release.go), and Since only picks which groups count.
	Feedback []Rating

	// Departments are the current participants' departments ("" = not
	// given), each once, in any order.
	Departments []Department
	// Former is the activity of people who left: their department was
	// erased with the rest of their personal data. Its head counts are zero.
	Former Department

	// Rounds are the networking rounds' figures (company-wide).
	Rounds RoundsRaw

	AtRisk []AtRisk

	// Lifecycle is how pairings end and meet (lifecycle.go).
	Lifecycle Lifecycle
	// Goals count the scope's goals; Fit is every fit answer of the
	// scope's pairings, as Feedback is every rating (Value: FitValue*).
	Goals GoalsRaw
	Fit   []Rating
	// Circles are the mentoring circles' counts; nil with a program scope
	// (circles belong to no program).
	Circles *CircleCounts
}

// CircleCounts are mentoring circles' figures (docs/circles.md).
type CircleCounts struct {
	Active  int // open circles now
	Members int // members of open circles now (a person in two counts twice)
	Started int // circles created since Scope.Since
	// Circle check-ins sent (slot since Scope.Since), answered, met, and
	// how many different people answered them (the minimum group).
	Sent, Answered, Met, Answerers int
	// AtRisk are the open circles flagged at risk, as pairings' AtRisk.
	AtRisk []CircleAtRisk
}

// CircleAtRisk is one open circle flagged at risk (docs/circles.md): by
// name and lead (Slack ID and name), with the reasons as for a pairing.
type CircleAtRisk struct {
	CircleID             int64
	Name, Lead, LeadName string
	StartedAt            time.Time
	Reasons              []string // Reason* constants
	Flag                 string   // as AtRisk.Flag
}

// Participants are head counts of people who have not left (active or
// paused), except Left.
type Participants struct {
	Total   int // signed up and not left
	Mentors int // role mentor or both
	Mentees int // role mentee or both
	Both    int // role both: counted in Mentors and in Mentees
	// Waiting: active mentees who can be messaged and have no mentor (in
	// any program): the people matching tells they are on the waiting list.
	Waiting int
	Paused  int
	Left    int // people who left and were part of the scope
	Matched int // mentees with an active pairing
	Met     int // matched mentees whose pairing reported a meeting since Scope.Since
}

// Pairings are counts of mentor–mentee pairings.
type Pairings struct {
	Active  int
	Ended   int // ended since Scope.Since
	Started int // started since Scope.Since
	AtRisk  int
	// DaysToMatch is the median number of days from a mentee's sign-up (or
	// joining the program) to their first pairing, over the Matched mentees
	// whose first pairing started since Scope.Since.
	DaysToMatch        float64
	DaysToMatchMentees int
}

// CheckIns count check-in DMs: sent, answered, answered "met".
type CheckIns struct {
	Sent, Answered, Met int
}

// Week is the check-ins of one ISO week (Monday to Sunday, UTC).
type Week struct {
	Start               time.Time // the Monday, 00:00 UTC
	Sent, Answered, Met Count
}

// Rating is one feedback response as the release rule needs it: its
// value, its program, an opaque number for the person who gave it, and
// whether it falls in the report's window. Never its text.
type Rating struct {
	// Program is the rated pairing's program (an opaque number, the same in
	// every report); 0 for a pairing outside any program.
	Program int64
	// Rater is the person who rated, as an opaque number.
	Rater int64
	Value int // 1 to 5
	// InWindow: given at or after Scope.Since.
	InWindow bool
}

// Department is the figures of one group of participants.
type Department struct {
	Name                     string
	People, Mentors, Mentees int
	Waiting, Paused          int
	Pairings                 Count // active pairings whose mentee is here; People = those mentees
	Sent, Answered, Met      Count // check-ins these people were sent / answered / answered "met"
}

// AtRisk is one active pairing that needs an admin's attention.
type AtRisk struct {
	PairingID int64
	Program   string
	// Mentor and Mentee are Slack user IDs, MentorName and MenteeName their
	// names ("" when not given): admins need to know whom to contact.
	Mentor, Mentee         string
	MentorName, MenteeName string
	StartedAt              time.Time
	Reasons                []string // Reason* constants, in that order
	// Flag is the reason the bot recorded when it flagged the pairing
	// itself (for instance an unreachable member); "" when not flagged.
	Flag string
}

// Reasons a pairing is at risk.
const (
	// ReasonNotMet: the last 3 check-in slots sent to the pair brought no
	// "met" answer from either person.
	ReasonNotMet = "not_met_3"
	// ReasonNeedHelp: someone answered "need help" and the pair has not
	// reported a meeting in a later slot.
	ReasonNeedHelp = "need_help"
	// ReasonLowRating: either person's latest rating of the pairing is 2 or less.
	ReasonLowRating = "low_rating"
	// ReasonFlagged: the bot flagged the pairing (see AtRisk.Flag).
	ReasonFlagged = "flagged"
)
