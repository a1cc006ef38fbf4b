package store

import "time"

// Why a participant departed (the audit log's detail; never shown to a
// partner, who is only told the person is no longer available).
const (
	DepartDeactivated = "account deactivated"
	DepartSync        = "not in the HR sync file"
)

// Departed is what Depart did: the pairings it ended (each partner gets a
// KindPartnerGone notice through the outbox). Changed is false when the
// person was not an active or paused participant (already departed, left,
// or never signed up): nothing happened and nobody is told.
type Departed struct {
	Changed bool
	Ended   []Pairing
}

// SyncPlan is what `mentorbot import --sync` does or would do: Slack IDs
// to add (not current participants), to update (current participants in
// the file) and to depart (current participants missing from it), each
// sorted.
type SyncPlan struct {
	Added, Updated, Departed []string
}

// RetentionResult is what one run of the retention job erased: counts
// only, never content.
type RetentionResult struct {
	// Ran is false when another process already ran the job for that day.
	Ran bool
	// People is how many departed people's data were erased.
	People int
	// FeedbackRows is how many feedback answers lost their free text.
	FeedbackRows int
	// GoalRows is how many goals of ended pairings lost their free text.
	GoalRows int
	// Intros are the introductions that quoted an erased person, for the
	// bot to rewrite as after /mentor leave.
	Intros []IntroRef
	// Cutoff is the instant before which departures and pairing ends
	// fall under the retention period.
	Cutoff time.Time
}
