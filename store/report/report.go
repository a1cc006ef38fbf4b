package report

import (
	"time"
)

// Version is the JSON contract's version; it changes only when a key is
// removed or changes meaning (added keys keep it).
const Version = 1

// DefaultMinGroup is the smallest group shown when MENTORBOT_MIN_GROUP is unset.
const DefaultMinGroup = 5

// Report is what HR sees: the figures after the privacy rules. A nil
// pointer is a suppressed figure (null in JSON). docs/reports.md describes
// every key.
type Report struct {
	Version     int       `json:"version"`
	Program     string    `json:"program"` // "" = every program
	Since       *string   `json:"since"`   // YYYY-MM-DD (RFC 3339 if not midnight UTC), null = from the beginning
	GeneratedAt time.Time `json:"generated_at"`
	MinGroup    int       `json:"min_group"`

	Participants ParticipantFigures `json:"participants"`
	Pairings     PairingFigures     `json:"pairings"`
	CheckIns     CheckInFigures     `json:"checkins"`
	Feedback     FeedbackFigures    `json:"feedback"`
	Funnel       Funnel             `json:"funnel"`
	AtRisk       []AtRiskPairing    `json:"at_risk"`
	Goals        GoalFigures        `json:"goals"`
	Fit          FitFigures         `json:"fit_pulse"`
	// Circles: mentoring circles; null in a program's report.
	Circles *CircleFigures `json:"circles,omitempty"`

	Departments        []DepartmentRow `json:"departments"`
	OtherDepartments   *GroupFigures   `json:"other_departments"`
	FormerParticipants *FormerFigures  `json:"former_participants"`

	Lifecycle LifecycleFigures `json:"lifecycle"`
	// Rounds are the networking rounds (company-wide).
	Rounds RoundsFigures `json:"rounds"`

	// released lists the ratings (indices into Raw.Feedback) the feedback
	// figures are about, for the tests that play the attacker.
	released []int
}

// ParticipantFigures are program-wide head counts, always shown.
type ParticipantFigures struct {
	Total   int `json:"total"`
	Mentors int `json:"mentors"`
	Mentees int `json:"mentees"`
	// Both: people who are mentor and mentee, counted in each of Mentors
	// and Mentees, so Total = Mentors + Mentees - Both.
	Both int `json:"both"`
	// Waiting: active mentees who can be messaged and have no mentor, the
	// people matching tells they are on the waiting list.
	Waiting int `json:"waiting"`
	Paused  int `json:"paused"`
	Left    int `json:"left"`
}

// PairingFigures count pairings; the median is suppressed under MinGroup mentees.
type PairingFigures struct {
	Active            int      `json:"active"`
	Ended             int      `json:"ended"`
	Started           int      `json:"started"`
	AtRisk            int      `json:"at_risk"`
	MedianDaysToMatch *float64 `json:"median_days_to_match"`
	// noMatches tells the human formats that a null median had no data
	// rather than too few people.
	noMatches bool
}

// CheckInFigures count check-in DMs; totals are always shown, weeks follow
// the privacy rules.
type CheckInFigures struct {
	Sent     int       `json:"sent"`
	Answered int       `json:"answered"`
	Met      int       `json:"met"`
	MetRate  *float64  `json:"met_rate"` // met / answered; null when nothing was answered
	Weeks    []WeekRow `json:"weeks"`
}

// WeekRow is one ISO week of check-ins.
type WeekRow struct {
	Week     string   `json:"week"`  // ISO week, like 2026-W45
	Start    string   `json:"start"` // its Monday, YYYY-MM-DD
	Sent     *int     `json:"sent"`
	Answered *int     `json:"answered"`
	Met      *int     `json:"met"`
	MetRate  *float64 `json:"met_rate"`
}

// FeedbackFigures are ratings only, over the released ratings (see
// release.go), the distribution also under the minimum-group rule.
type FeedbackFigures struct {
	Responses     *int         `json:"responses"`
	AverageRating *float64     `json:"average_rating"`
	Distribution  Distribution `json:"distribution"`
}

// Distribution counts responses by rating.
type Distribution struct {
	R1 *int `json:"1"`
	R2 *int `json:"2"`
	R3 *int `json:"3"`
	R4 *int `json:"4"`
	R5 *int `json:"5"`
}

// Buckets lists the distribution's five counts, rating 1 first.
func (d Distribution) Buckets() [5]*int { return [5]*int{d.R1, d.R2, d.R3, d.R4, d.R5} }

// Funnel is how far people get, in people: signed up, mentees, matched,
// meeting. Program-wide head counts, always shown.
type Funnel struct {
	SignedUp int `json:"signed_up"`
	Mentees  int `json:"mentees"`
	Matched  int `json:"matched"`
	Met      int `json:"met"`
}

// AtRiskPairing names an active pairing admins should look at, by name and
// Slack ID, with why in codes (Reasons) and in words (Why); never with
// feedback text or ratings.
type AtRiskPairing struct {
	PairingID  int64     `json:"pairing_id"`
	Program    string    `json:"program"`
	Mentor     string    `json:"mentor"`
	Mentee     string    `json:"mentee"`
	MentorName string    `json:"mentor_name"`
	MenteeName string    `json:"mentee_name"`
	StartedAt  time.Time `json:"started_at"`
	Reasons    []string  `json:"reasons"`
	Why        string    `json:"why"`
	Flag       string    `json:"flag"`
}

// GroupFigures are one department's figures, each under the privacy rules.
// FeedbackResponses and AverageRating are always null: ratings are not
// broken down by department (a person's department changes, and a
// department's ratings could be told apart from the rest by comparing
// reports); the keys stay for the JSON contract.
type GroupFigures struct {
	People            *int     `json:"people"`
	Mentors           *int     `json:"mentors"`
	Mentees           *int     `json:"mentees"`
	Waiting           *int     `json:"waiting"`
	Paused            *int     `json:"paused"`
	PairingsActive    *int     `json:"pairings_active"`
	CheckinsSent      *int     `json:"checkins_sent"`
	CheckinsAnswered  *int     `json:"checkins_answered"`
	CheckinsMet       *int     `json:"checkins_met"`
	MetRate           *float64 `json:"met_rate"`
	FeedbackResponses *int     `json:"feedback_responses"`
	AverageRating     *float64 `json:"average_rating"`
}

// DepartmentRow is a named department ("" = people who gave none).
type DepartmentRow struct {
	Department string `json:"department"`
	GroupFigures
}

// FormerFigures are the activity of people who left, whose department was
// erased; People is participants.left.
// FeedbackResponses and AverageRating are always null, as for departments.
type FormerFigures struct {
	People            int      `json:"people"`
	CheckinsSent      *int     `json:"checkins_sent"`
	CheckinsAnswered  *int     `json:"checkins_answered"`
	CheckinsMet       *int     `json:"checkins_met"`
	MetRate           *float64 `json:"met_rate"`
	FeedbackResponses *int     `json:"feedback_responses"`
	AverageRating     *float64 `json:"average_rating"`
}

// CircleFigures are the mentoring circles' figures. Counts of circles,
// members and check-ins sent are program-wide facts, always shown; the
// answers (answered, met, met rate) are about the people who answered and
// are suppressed together when fewer than the minimum group answered.
type CircleFigures struct {
	Active           int      `json:"active"`
	Members          int      `json:"members"`
	Started          int      `json:"started"`
	CheckinsSent     int      `json:"checkins_sent"`
	CheckinsAnswered *int     `json:"checkins_answered"`
	CheckinsMet      *int     `json:"checkins_met"`
	MetRate          *float64 `json:"met_rate"`
	// AtRisk counts the open circles flagged at risk; AtRiskCircles
	// names them for admins, as the report's at_risk names pairings.
	AtRisk        int            `json:"at_risk"`
	AtRiskCircles []AtRiskCircle `json:"at_risk_circles"`
}

// AtRiskCircle names an open circle admins should look at, by name and
// lead, with why in codes (Reasons) and in words (Why); never who
// answered what, nor feedback text or ratings.
type AtRiskCircle struct {
	CircleID  int64     `json:"circle_id"`
	Name      string    `json:"name"`
	Lead      string    `json:"lead"`
	LeadName  string    `json:"lead_name"`
	StartedAt time.Time `json:"started_at"`
	Reasons   []string  `json:"reasons"`
	Why       string    `json:"why"`
	Flag      string    `json:"flag"`
}
