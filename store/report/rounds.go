package report

import "strconv"

// Networking rounds (product.md "Networking rounds"): company-wide, since
// rounds belong to a channel, not to a program.

// RoundsRaw are the networking rounds' raw figures: series running now;
// rounds run since the scope's Since; the people and groups of those
// rounds (a person counts once per round), the groups whose members came
// from two or more departments, and the "Did you meet?" answers given
// about them.
type RoundsRaw struct {
	Series, Rounds, People, Groups, CrossGroups, Answers, Met int
}

// RoundsFigures are what the report shows of them. Counts are always shown;
// a rate about fewer than MinGroup answers (met rate) or groups
// (cross-department share) is suppressed (null), and null with a zero
// count means there was nothing to divide.
type RoundsFigures struct {
	Series               int      `json:"series"`
	Rounds               int      `json:"rounds"`
	People               int      `json:"people"`
	PeoplePerRound       *float64 `json:"people_per_round"`
	Groups               int      `json:"groups"`
	CrossDepartmentShare *float64 `json:"cross_department_share"`
	Answers              int      `json:"answers"`
	MetRate              *float64 `json:"met_rate"`
}

// tableRounds is the rounds' table id.
const tableRounds = "rounds"

// buildRounds applies the minimum group to the rates.
func buildRounds(raw RoundsRaw, minGroup int) RoundsFigures {
	f := RoundsFigures{Series: raw.Series, Rounds: raw.Rounds, People: raw.People, Groups: raw.Groups, Answers: raw.Answers}
	if raw.Rounds > 0 {
		f.PeoplePerRound = round(float64(raw.People)/float64(raw.Rounds), 1)
	}
	if raw.Groups > 0 && visible(raw.Groups, minGroup) {
		f.CrossDepartmentShare = ratio(raw.CrossGroups, raw.Groups)
	}
	if raw.Answers > 0 && visible(raw.Answers, minGroup) {
		f.MetRate = ratio(raw.Met, raw.Answers)
	}
	return f
}

// roundsTable lays the figures out for the human formats.
func (r Report) roundsTable() table {
	n, f, since := strconv.Itoa, r.Rounds, r.sinceText()
	return table{ID: tableRounds, Title: "Networking rounds", Header: []string{"Networking rounds", "Number"}, Rows: [][]string{
		{"Series running", n(f.Series)},
		{"Rounds run " + since, n(f.Rounds)},
		{"People grouped (counted once per round)", n(f.People)},
		{"People per round (average)", decimal(f.PeoplePerRound, true, 1)},
		{"Groups", n(f.Groups)},
		{"Share of groups across departments", percent(f.CrossDepartmentShare, f.Groups == 0)},
		{"“Did you meet?” answers", n(f.Answers)},
		{"Met rate (share of answers)", percent(f.MetRate, f.Answers == 0)},
	}, Note: "Coffee-chat groups of the channels' networking rounds, company-wide (not limited to a program), counted " + since +
		". A rate is hidden when it is about fewer than " + n(r.MinGroup) + " answers or groups; nobody's own answer is ever shown."}
}
