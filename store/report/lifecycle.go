package report

// The pairing lifecycle's figures (issue 15): how pairings end and how
// soon and how often they meet.

// Lifecycle is the raw lifecycle figures of a scope.
type Lifecycle struct {
	// Ended is Pairings.Ended (ended since Scope.Since); Completed of them
	// ended on their end date or with their program, the rest early
	// (unpaired, rematched, left, departed, ended by an admin).
	Ended, Completed int
	// DaysToFirstMet is the median days from a pairing's start to its
	// first Met answer (either person), over the DaysToFirstMetPairings
	// pairings started since Scope.Since that have one.
	DaysToFirstMet         float64
	DaysToFirstMetPairings int
	// Meetings is the meetings held by the Ended pairings: per pairing, the
	// distinct weeks in which either person answered Met.
	Meetings int
}

// LifecycleFigures are the lifecycle's figures after the privacy rules.
// Each is about pairings (two people each), counted against the minimum
// group as pairings. Completed and EndedEarly add up to pairings.ended,
// which is always shown, so they are shown or suppressed together (and
// shown when nothing ended).
type LifecycleFigures struct {
	Completed            *int     `json:"completed"`
	EndedEarly           *int     `json:"ended_early"`
	MedianDaysToFirstMet *float64 `json:"median_days_to_first_met"`
	MeetingsPerPairing   *float64 `json:"meetings_per_pairing"`
	// noFirstMet and noEnded tell the human formats that a null had no
	// data (n/a) rather than too few pairings.
	noFirstMet, noEnded bool
}

// buildLifecycle applies the minimum-group rule to the lifecycle figures.
func buildLifecycle(raw Lifecycle, ended, minGroup int) LifecycleFigures {
	var f LifecycleFigures
	raw.Ended = ended // pairings.ended is the one count of ended pairings
	raw.Completed = min(raw.Completed, ended)
	early := raw.Ended - raw.Completed
	if raw.Ended == 0 || (visible(raw.Completed, minGroup) && visible(early, minGroup)) {
		f.Completed, f.EndedEarly = &raw.Completed, &early
	}
	f.noEnded = raw.Ended == 0
	if raw.Ended > 0 && visible(raw.Ended, minGroup) {
		f.MeetingsPerPairing = round(float64(raw.Meetings)/float64(raw.Ended), 1)
	}
	f.noFirstMet = raw.DaysToFirstMetPairings == 0
	if n := raw.DaysToFirstMetPairings; n > 0 && visible(n, minGroup) {
		f.MedianDaysToFirstMet = round(raw.DaysToFirstMet, 1)
	}
	return f
}

// lifecycleTable is the lifecycle's table, in plain words.
func (r Report) lifecycleTable(since string) table {
	lc := r.Lifecycle
	return table{ID: tableLifecycle, Title: "How pairings end and meet", Header: []string{"Pairing lifecycle", "Number"}, Rows: [][]string{
		{"Ended " + since + ": completed (on their end date or with their program)", count(lc.Completed)},
		{"Ended " + since + ": early (unpaired, rematched, left or departed)", count(lc.EndedEarly)},
		{"Median days from a pairing's start to its first “met” (pairings started " + since + ")", decimal(lc.MedianDaysToFirstMet, lc.noFirstMet, 1)},
		{"Meetings held per pairing that ended " + since + " (weeks with a “met”)", decimal(lc.MeetingsPerPairing, lc.noEnded, 1)},
	}, Note: "Counted in pairings; figures about fewer pairings than the smallest group are hidden, and completed and early endings are shown together or not at all."}
}

// tableLifecycle names the lifecycle table.
const tableLifecycle = "lifecycle"
