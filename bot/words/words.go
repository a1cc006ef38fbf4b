// Package words holds the small text helpers capabilities share: how a
// cadence reads, cutting and checking what people type.
package words

import (
	"unicode"
	"unicode/utf8"

	"github.com/mentorbot/mentorbot/store"
)

// CadenceLabels are the meeting cadences, in the order forms offer them.
var CadenceLabels = []struct{ Value, Label string }{
	{store.CadenceWeekly, "Weekly"},
	{store.CadenceBiweekly, "Every two weeks"},
	{store.CadenceMonthly, "Monthly"},
}

// CadenceLabel is how a cadence value reads.
func CadenceLabel(v string) string {
	for _, c := range CadenceLabels {
		if c.Value == v {
			return c.Label
		}
	}
	return v
}

// Truncate shortens s to at most n runes, marking the cut.
func Truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// Printable rejects control characters (newlines allowed when multiline).
func Printable(s string, multiline bool) bool {
	for _, r := range s {
		if r == '\n' && multiline {
			continue
		}
		if unicode.IsControl(r) || r == utf8.RuneError {
			return false
		}
	}
	return true
}

// OrNone is s, or "none" when it is empty.
func OrNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// AnswerLabels are the check-in buttons' labels (product.md's words), by
// stored answer: the same for a pairing's check-in and a circle's.
var AnswerLabels = map[string]string{
	store.AnswerMet:      "Met",
	store.AnswerNotYet:   "Not yet",
	store.AnswerNeedHelp: "Need help",
}
