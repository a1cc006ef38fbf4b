package match

import "time"

// Role is the part a person signed up for.
type Role string

// The roles a person can have. A "both" person can be a mentor in one pair
// and a mentee in another, never both sides of the same pair.
const (
	RoleMentor Role = "mentor"
	RoleMentee Role = "mentee"
	RoleBoth   Role = "both"
)

// Person is one participant as the matcher sees them.
type Person struct {
	ID         string   // Slack user ID, unique in the cohort
	Name       string   // display name, only for humans
	Role       Role     // mentor, mentee or both
	Teaches    []string // topics (compared case-insensitively, trimmed)
	Learns     []string // topics the person wants to learn
	Goals      string   // free text; shared goal words (minus stop words) count
	Department string   // compared case-insensitively; "" = unknown
	Seniority  int      // years of experience
	ManagerID  string   // Slack ID of this person's manager, "" if none
	Capacity   int      // mentors: how many mentees in total
	// ActivePairings is, for a mentor (or a "both" person), how many mentees
	// they mentor now: the remaining capacity is Capacity-ActivePairings.
	// For a person whose role is "mentee", >0 means they already have a mentor.
	ActivePairings int
	// ActiveAsMentee is how many mentors this person has now. It exists for
	// "both" people, whose ActivePairings counts their mentees; >0 means they
	// already have a mentor and are not matched as a mentee again.
	ActiveAsMentee int
	TZ             string // IANA name, "" = UTC; an unknown name counts as UTC
	Available      bool   // false for paused or departed people: never matched
}

// Weights are the score settings. Each float is the number of points the
// term is worth when it is fully met; see docs/matching.md.
type Weights struct {
	Topic      float64 // topics the mentor teaches that the mentee wants to learn
	Goals      float64 // shared goal/value words
	Seniority  float64 // seniority gap in the ideal band
	Overlap    float64 // a full working day of overlap
	Department float64 // mentor and mentee in different departments

	// Seniority gap (mentor years minus mentee years): below MinGap or above
	// MaxGap the term is 0; inside [IdealGapMin, IdealGapMax] it is full;
	// in between it ramps linearly.
	MinGap, MaxGap, IdealGapMin, IdealGapMax int

	// Local working hours, [WorkStart, WorkEnd), used for the overlap term.
	WorkStart, WorkEnd int

	// RequireSharedTopic is a hard rule, not a weight: a pair is feasible
	// only if the mentor teaches at least one topic the mentee wants to
	// learn. True in DefaultWeights (so for the zero value too); a Weights
	// built field by field must set it. False lets a pair that shares no
	// topic be made with a low score.
	RequireSharedTopic bool
}

// DefaultWeights are the settings used when Input.Weights is the zero value.
// With them a pair must share a topic, and the topic term weighs most.
func DefaultWeights() Weights {
	return Weights{
		Topic:              100,
		Goals:              15,
		Seniority:          15,
		Overlap:            10,
		Department:         10,
		MinGap:             1,
		IdealGapMin:        2,
		IdealGapMax:        8,
		MaxGap:             15,
		WorkStart:          9,
		WorkEnd:            17,
		RequireSharedTopic: true,
	}
}

// Input is everything one matching needs.
type Input struct {
	People []Person
	// History reports whether two people were ever paired before. It is
	// asked for both orders of a pair, only for pairs that could matter, and
	// maybe from several goroutines at once (a read-only map lookup is fine).
	// nil means no history.
	History func(mentorID, menteeID string) bool
	Weights Weights   // zero value = DefaultWeights()
	Now     time.Time // reference date for timezone offsets (DST-aware)
}

// Breakdown is a pair's score term by term. Points are integers in
// hundredths of a point (ScoreScale units per point) so sums are exact.
type Breakdown struct {
	Topic, Goals, Seniority, Overlap, Department int64

	SharedTopics   []string // topics the mentor teaches and the mentee wants, mentor's spelling
	LearnCount     int      // how many distinct topics the mentee wants to learn
	SharedGoals    []string // shared goal words, normalised
	SeniorityGap   int      // mentor years minus mentee years
	OverlapMinutes int      // working minutes shared on a day at Input.Now
	DifferentDept  bool     // both departments known and different
}

// Pair is one proposed pairing.
type Pair struct {
	MentorID, MenteeID string
	Score              float64 // points, rounded to hundredths
	Reasons            []string
	Breakdown          Breakdown
}

// Unmatched is an eligible person the matching left without a pairing.
type Unmatched struct {
	ID     string
	Side   Role // RoleMentee or RoleMentor
	Reason string
}

// Stats describe one run of Match.
type Stats struct {
	Mentees, Mentors int // eligible on each side
	CandidatePairs   int // pairs in the final sparse graph
	Rounds           int // solve + full dual check rounds
}

// Result is the outcome of Match.
type Result struct {
	Pairs       []Pair // best score first, then mentor ID, then mentee ID
	Unmatched   []Unmatched
	Total       float64 // sum of the pair scores
	Certificate Certificate
	Stats       Stats
}

// Certificate proves a Result optimal. It holds LP dual potentials in score
// units for the objective "PairBonus + score" summed over the pairs:
//
//	u(mentee) >= 0, v(mentor) >= 0,
//	u + v >= PairBonus + score for every feasible pair,
//	u + v == PairBonus + score for every chosen pair,
//	u > 0 only for matched mentees, v > 0 only for mentors at capacity.
//
// By LP duality no matching can do better. PairBonus exceeds any possible
// difference in total score, so the matching has as many pairs as possible
// first and the best total score among those second.
type Certificate struct {
	Scale     int64            // score units per point (ScoreScale)
	PairBonus int64            // units added to each pair's score
	Mentees   map[string]int64 // u per eligible mentee ID
	Mentors   map[string]int64 // v per eligible mentor ID
}

// ScoreScale is the number of score units per point.
const ScoreScale = 100
