package store

import "time"

// Dashboard is what an admin's App Home shows: headline figures and the
// short lists that need someone's attention. Lists are capped (see
// DashboardLimits); the totals say how many there are in all.
type Dashboard struct {
	Participants   int // everyone who has not left
	Waiting        int // active, reachable mentees without an active pairing
	ActivePairings int
	// Check-ins sent over the last four weeks, and how many were answered
	// Met.
	CheckinsSent, CheckinsMet int
	// Pairings ever ended: Completed on their end date or with their
	// program, EndedEarly otherwise; MinGroup is the smallest group the
	// dashboard splits them for (MENTORBOT_MIN_GROUP, set by the bot).
	Completed, EndedEarly, MinGroup int
	// GoalsDone counts the goals mentees marked Done (issue 15): a count
	// only, admins never see goals themselves.
	GoalsDone int

	Attention      []AttentionItem
	AttentionTotal int
	WaitingList    []WaitingPerson
	// WaitingListTotal counts the waiting and the paused mentees without
	// a pairing (the list shows both).
	WaitingListTotal int
	Proposals        []PendingProposal
	// Rounds are the networking rounds of the last four weeks.
	Rounds RoundCounts
	// Circles: mentoring circles (docs/circles.md).
	Circles DashboardCircles
}

// AttentionItem is an active pairing flagged at risk and not marked
// handled since (or asking for help again after it was).
type AttentionItem struct {
	Pairing Pairing
	// NeedHelp: someone answered "need help" and no admin marked it
	// handled since.
	NeedHelp bool
}

// Why a person waits, as a code the dashboard words.
const (
	WaitNoTopics    = "no_topics"    // listed nothing to learn
	WaitNoTeacher   = "no_teacher"   // no active mentor teaches their topics
	WaitMentorsFull = "mentors_full" // every mentor who teaches them is full
	WaitNotMatched  = "not_matched"  // a mentor with room exists: run matching
	WaitPaused      = "paused"       // the person paused
	WaitUnreachable = "unreachable"  // the bot cannot message them
)

// WaitingPerson is a mentee without a pairing and why.
type WaitingPerson struct {
	SlackID string
	Name    string
	Since   time.Time // signed up
	Why     string    // Wait*
	Learns  []string  // topic labels, for "no mentor teaches …"
}

// PendingProposal is a matching preview nobody confirmed or cancelled.
type PendingProposal struct {
	ID        int64     `db:"id"`
	AdminID   string    `db:"admin_id"`
	Program   string    `db:"program"`
	CreatedAt time.Time `db:"created_at"`
	Pairs     int       `db:"-"`
}

// DashboardLimits caps the dashboard's lists (Slack allows 100 blocks in
// a Home tab).
type DashboardLimits struct {
	Attention, Waiting, Proposals int
}

// DigestFigures are the weekly digest's numbers since a moment.
type DigestFigures struct {
	Since        time.Time
	NewSignups   int
	NewPairings  int
	CheckinsSent int
	CheckinsMet  int
	OpenAlerts   int
}

// Digest states: one row per admin per slot, pending → sending → sent
// (or failed).
const (
	DigestPending = "pending"
	DigestSending = "sending"
	DigestSent    = "sent"
	DigestFailed  = "failed"
)

// DigestRow is one admin's digest for one slot.
type DigestRow struct {
	AdminID  string    `db:"admin_id"`
	Slot     time.Time `db:"slot"`
	State    string    `db:"state"`
	Attempts int       `db:"attempts"`
}

// DashboardCircles is the mentoring circles' part of the dashboard:
// open circles, their members, their check-ins over the last 4 weeks,
// and the open circles flagged at risk (by name, with the reason).
type DashboardCircles struct {
	Active, Members           int
	CheckinsSent, CheckinsMet int
	// AtRisk are the circles on *Needs attention* (open, flagged, not
	// marked handled since or asking for help again), newest flag first;
	// AtRiskTotal counts them all.
	AtRisk      []CircleAttention
	AtRiskTotal int
}

// CircleAttention is an open circle flagged at risk, as AttentionItem is
// a pairing: NeedHelp when someone in it answered Need help and no admin
// marked it handled since (never who: admins see what they see of a
// pairing).
type CircleAttention struct {
	Circle   Circle
	NeedHelp bool
}
