package store

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Goals of a pairing (product.md, "Pairing lifecycle and goals"): the
// mentee records up to MaxGoals, a sentence each, with an optional target
// date. They are shared within the pair (not confidential), never shown to
// admins except as counts, and erased as free text on leave and retention.
const (
	MaxGoals = 3
	// MaxGoalLen is the longest goal, in characters: one sentence.
	MaxGoalLen = 200
)

// Goal progress as stored (the mentee's answer in the month's first
// check-in). A new goal is GoalNotStarted.
const (
	GoalNotStarted  = "not_started"
	GoalProgressing = "progressing"
	GoalDone        = "done"
)

// ValidGoalStatus reports whether s is a stored goal status.
func ValidGoalStatus(s string) bool {
	return s == GoalNotStarted || s == GoalProgressing || s == GoalDone
}

// Fit-pulse answers as stored: confidential, like check-in answers.
const (
	FitGood    = "good"
	FitNotSure = "not_sure"
	FitNotAFit = "not_a_fit"
)

// ValidFit reports whether s is a stored fit answer.
func ValidFit(s string) bool { return s == FitGood || s == FitNotSure || s == FitNotAFit }

// KindFitPulse is the outbox row of the fit pulse: one per person per
// pairing, enqueued in the transaction that records the pairing's first
// Met (its slot is the pairing's start, so the unique key admits one).
const KindFitPulse = "fit_pulse"

// Goal is one goal of a pairing.
type Goal struct {
	ID        int64  `db:"id"`
	PairingID int64  `db:"pairing_id"`
	Position  int    `db:"position"`
	Text      string `db:"text"`
	// Target is the optional target date, YYYY-MM-DD, "" when none.
	Target    string    `db:"target_date"`
	Status    string    `db:"status"`
	UpdatedAt time.Time `db:"updated_at"`
	// Joined: the pairing's mentee and status (gate rules, rendering).
	MenteeSlack   string `db:"mentee_slack"`
	PairingStatus string `db:"pairing_status"`
}

// GoalInput is one line of the goals form: text and optional target date.
type GoalInput struct {
	Text   string
	Target string // YYYY-MM-DD or ""
}

// GoalFieldError is a form field the goals modal must flag: Index is the
// goal (0-based), Date true for its target date; Index -1 flags the whole
// form (all empty).
type GoalFieldError struct {
	Index int
	Date  bool
	Text  string
}

// Goal form errors (shown on the field, response_action errors).
const (
	MsgGoalsEmpty    = "Write at least one goal."
	MsgGoalTooLong   = "Keep a goal to one sentence (at most %d characters; this one has %d)."
	MsgGoalDatePast  = "Pick a target date from today on, or leave it empty."
	MsgGoalDateBad   = "That is not a date: pick one from the calendar."
	MsgGoalDateAlone = "Write the goal this date belongs to, or clear the date."
)

// CleanGoals validates the form's lines at today (the mentee's date,
// YYYY-MM-DD): texts are trimmed (inner line breaks become spaces), empty
// lines dropped, dates must parse and not be before today. It returns the
// goals to store, in order, or the field errors.
func CleanGoals(in []GoalInput, today string) ([]GoalInput, []GoalFieldError) {
	var out []GoalInput
	var errs []GoalFieldError
	for i, g := range in {
		text := strings.Join(strings.Fields(g.Text), " ")
		target := strings.TrimSpace(g.Target)
		if n := utf8.RuneCountInString(text); n > MaxGoalLen {
			errs = append(errs, GoalFieldError{Index: i, Text: fmt.Sprintf(MsgGoalTooLong, MaxGoalLen, n)})
		}
		if target != "" {
			d, err := time.Parse(time.DateOnly, target)
			switch {
			case err != nil:
				errs = append(errs, GoalFieldError{Index: i, Date: true, Text: MsgGoalDateBad})
			case d.Format(time.DateOnly) < today:
				errs = append(errs, GoalFieldError{Index: i, Date: true, Text: MsgGoalDatePast})
			case text == "":
				errs = append(errs, GoalFieldError{Index: i, Date: true, Text: MsgGoalDateAlone})
			}
		}
		if text != "" {
			out = append(out, GoalInput{Text: text, Target: target})
		}
	}
	if len(errs) == 0 && len(out) == 0 {
		errs = append(errs, GoalFieldError{Index: -1, Text: MsgGoalsEmpty})
	}
	if len(errs) > 0 || len(out) > MaxGoals {
		if len(out) > MaxGoals {
			errs = append(errs, GoalFieldError{Index: MaxGoals, Text: fmt.Sprintf("At most %d goals.", MaxGoals)})
		}
		return nil, errs
	}
	return out, nil
}

// FirstOfMonth reports whether a check-in at slot is the first of its
// calendar month in zone, given the slots of the earlier check-ins of the
// same person and pairing.
func FirstOfMonth(slot time.Time, earlier []time.Time, zone *time.Location) bool {
	if zone == nil {
		zone = time.UTC
	}
	y, m, _ := slot.In(zone).Date()
	for _, e := range earlier {
		if !e.Before(slot) {
			continue
		}
		if ey, em, _ := e.In(zone).Date(); ey == y && em == m {
			return false
		}
	}
	return true
}

// CheckinGoals is what a check-in asks about goals: nothing unless it is
// the mentee's first check-in of the month (in their zone) and the pairing
// has open goals; then each open goal, with the answer given in this
// check-in, if any.
type CheckinGoals struct {
	Ask     bool
	Goals   []Goal
	Answers map[int64]string // goal id → status answered in this check-in
}

// GoalCounts are a scope's goals by status (reports, dashboard).
type GoalCounts struct {
	Set         int `db:"goals_set"`
	Progressing int `db:"goals_progressing"`
	Done        int `db:"goals_done"`
}
