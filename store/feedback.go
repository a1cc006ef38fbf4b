package store

import (
	"fmt"
	"time"
	"unicode/utf8"
)

// MaxFeedbackText bounds each free-text feedback answer (Slack's
// plain_text_input limit).
const MaxFeedbackText = 3000

// NewFeedback is one person's answer to a feedback prompt. The free text is
// confidential: it is stored for aggregate reports and the writer's own
// export, never shown to the other person and never logged.
type NewFeedback struct {
	PairingID int64
	SlackID   string
	// Slot names the prompt answered (the delivery's slot); one answer per
	// (pairing, person, slot).
	Slot     time.Time
	Rating   int
	WentWell string
	ToChange string
	Progress string
}

// String keeps feedback text out of logs and error messages.
func (f NewFeedback) String() string {
	return fmt.Sprintf("feedback{pairing %d, slot %s, rating %d}", f.PairingID, f.Slot.UTC().Format(time.RFC3339), f.Rating)
}

// Validate checks an answer before SaveFeedback stores it; a bad one is
// ErrInvalid, and the error never carries the text.
func (f NewFeedback) Validate() error {
	switch {
	case f.Rating < 1 || f.Rating > 5:
		return fmt.Errorf("rating %d: %w", f.Rating, ErrInvalid)
	case f.Slot.IsZero():
		return fmt.Errorf("feedback without a slot: %w", ErrInvalid)
	case utf8.RuneCountInString(f.WentWell) > MaxFeedbackText || utf8.RuneCountInString(f.ToChange) > MaxFeedbackText ||
		utf8.RuneCountInString(f.Progress) > MaxFeedbackText:
		return fmt.Errorf("feedback text over %d characters: %w", MaxFeedbackText, ErrInvalid)
	}
	return nil
}
