package report

import "strconv"

// Goals and the fit pulse (issue 15).
//
// Goals are shared within a pair, not confidential, but admins see them
// only as counts: the goals set, and of those the ones their mentee last
// marked Progressing and Done, over the scope's pairings (the present,
// like head counts). The counts are about the mentees who set the goals,
// so they are shown only when at least MinGroup pairings have goals, all
// three or none (no complement needed).
//
// Fit answers are confidential, like ratings: they are released in the
// same fixed groups (release.go) of MinGroup answers from MinGroup
// different people per program, so no combination of reports isolates
// one person's answer; the distribution's three cells also follow the
// minimum-group rule, with a complement (the response count is one
// equation on them).

// Fit answers as the release rule sees them (Rating.Value).
const (
	FitValueNotAFit = 1
	FitValueNotSure = 2
	FitValueGood    = 3
)

// GoalsRaw counts the scope's goals: Set (all), Progressing and Done (by
// their latest status), and Pairings, how many pairings have goals.
type GoalsRaw struct {
	Set, Progressing, Done, Pairings int
}

// GoalFigures are the goals' counts, null under the minimum group.
type GoalFigures struct {
	Set         *int `json:"set"`
	Progressing *int `json:"progressing"`
	Done        *int `json:"done"`
}

// FitFigures are the released fit answers (see release.go).
type FitFigures struct {
	Responses    *int            `json:"responses"`
	Distribution FitDistribution `json:"distribution"`
}

// FitDistribution counts released fit answers by answer.
type FitDistribution struct {
	Good    *int `json:"good_fit"`
	NotSure *int `json:"not_sure"`
	NotAFit *int `json:"not_a_fit"`
}

// buildGoals publishes the goal counts when enough pairings have goals.
func (r *Report) buildGoals(g GoalsRaw, minGroup int) {
	if minGroup > 1 && (g.Pairings == 0 || !visible(g.Pairings, minGroup)) {
		return
	}
	set, progressing, done := g.Set, g.Progressing, g.Done
	r.Goals = GoalFigures{Set: &set, Progressing: &progressing, Done: &done}
}

// buildFit publishes the released fit answers and lays out their
// distribution, one line whose minimum is 2 (the count is one equation).
func (r *Report) buildFit(answers []Rating, minGroup int) ([]line, func()) {
	rel := release(answers, minGroup)
	shown := len(rel.ratings) > 0 || minGroup <= 1
	if shown {
		n := len(rel.ratings)
		r.Fit.Responses = &n
	}
	cells := make([]*cell, 3)
	for i := range cells {
		cells[i] = &cell{value: rel.buckets[i].Value, people: rel.buckets[i].People}
	}
	suppressSmall(minGroup, cells...)
	if !shown {
		for _, c := range cells {
			c.hidden = true
		}
	}
	l := line{cells: cells, min: 2, exempt: func() bool { return !shown }}
	return []line{l}, func() {
		hiddenSum := 0
		for _, c := range cells {
			if c.hidden {
				hiddenSum += c.value
			}
		}
		if shown && hiddenSum == 0 {
			for _, c := range cells {
				c.hidden = false
			}
		}
		d := &r.Fit.Distribution
		d.NotAFit, d.NotSure, d.Good = cells[0].shown(), cells[1].shown(), cells[2].shown()
	}
}

// Table IDs of goals and the fit pulse.
const (
	tableGoals = "goals"
	tableFit   = "fit_pulse"
)

// goalTables are the goals' and the fit pulse's tables, in words.
func (r Report) goalTables() []table {
	goals := table{ID: tableGoals, Title: "Goals", Header: []string{"Goals", "Number"}, Rows: [][]string{
		{"Goals set", count(r.Goals.Set)},
		{"Progressing", count(r.Goals.Progressing)},
		{"Done", count(r.Goals.Done)},
	}, Note: "Goals of the pairings in this report, as their mentees last marked them; shown when at least " +
		strconv.Itoa(r.MinGroup) + " pairings have goals. The goals themselves are never shown."}
	fit := table{ID: tableFit, Title: "Fit pulse", Header: []string{"Fit pulse", "Answers"}, Rows: [][]string{
		{"Answers counted", count(r.Fit.Responses)},
		{"Good fit", count(r.Fit.Distribution.Good)},
		{"Not sure", count(r.Fit.Distribution.NotSure)},
		{"Not a fit", count(r.Fit.Distribution.NotAFit)},
	}, Note: "“How is the fit?”, asked each person after their pairing's first meeting. Answers are confidential: counted in groups of " +
		strconv.Itoa(r.MinGroup) + " answers, like ratings."}
	return []table{goals, fit}
}
