package report

import "testing"

// checkFormatsShowFeedback renders r in every format and reads the figures
// back: each format shows exactly the struct's figures (feedback included),
// so the attacker, who reads the struct, sees what any format shows.
func checkFormatsShowFeedback(t *testing.T, r Report) {
	t.Helper()
	checkSameEverywhere(t, r, "attacker's report")
}
