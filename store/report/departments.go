package report

import (
	"cmp"
	"slices"
)

// Department table columns, in order.
const (
	colPeople = iota
	colMentors
	colMentees
	colWaiting
	colPaused
	colPairings
	colSent
	colAnswered
	colMet
	numCols
)

// buildDepartments lays the department breakdown out as a grid: every row
// (its total is the people cell) and every column (its total is the
// program's) is a line.
func (r *Report) buildDepartments(raw Raw, minGroup int) ([]line, func()) {
	// Departments smaller than the minimum are merged into one unnamed row:
	// even a suppressed row would tell that someone from there takes part.
	var named []Department
	var other Department
	hasOther := false
	for _, d := range raw.Departments {
		if d.People >= minGroup {
			named = append(named, d)
			continue
		}
		hasOther = true
		other = addDepartment(other, d)
	}
	slices.SortFunc(named, func(a, b Department) int {
		if (a.Name == "") != (b.Name == "") {
			if a.Name == "" {
				return 1
			}
			return -1
		}
		return cmp.Compare(a.Name, b.Name)
	})
	rows := slices.Clone(named)
	if hasOther {
		rows = append(rows, other)
	}
	former := raw.Former
	hasFormer := raw.Participants.Left > 0 || former.Sent.Value > 0
	if hasFormer {
		rows = append(rows, former)
	}

	var lines []line
	grid := make([][numCols]*cell, len(rows))
	for i, d := range rows {
		g := &grid[i]
		isFormer := hasFormer && i == len(rows)-1
		for j, c := range [numCols]Count{
			people(d.People), people(d.Mentors), people(d.Mentees), people(d.Waiting), people(d.Paused),
			d.Pairings, d.Sent, d.Answered, d.Met,
		} {
			g[j] = &cell{value: c.Value, people: c.People, na: isFormer && j <= colPairings}
		}
		suppressSmall(minGroup, g[:]...)
		var cells []*cell
		for j := colPeople + 1; j < numCols; j++ {
			if !g[j].na {
				cells = append(cells, g[j])
			}
		}
		total := g[colPeople]
		lines = append(lines, line{cells: cells, min: 2, exempt: func() bool { return !total.na && total.hidden }})
	}
	totals := [numCols]int{
		raw.Participants.Total, raw.Participants.Mentors, raw.Participants.Mentees, raw.Participants.Waiting, raw.Participants.Paused,
		raw.Pairings.Active, raw.CheckIns.Sent, raw.CheckIns.Answered, raw.CheckIns.Met,
	}
	for j := range numCols {
		var col []*cell
		for i := range rows {
			if !grid[i][j].na {
				col = append(col, grid[i][j])
			}
		}
		pinSole(col)
		pinZeroTotal(col, totals[j])
		lines = append(lines, line{cells: col, min: 2})
	}

	return lines, func() {
		for i, d := range rows {
			g := grid[i]
			figs := GroupFigures{
				People: g[colPeople].shown(), Mentors: g[colMentors].shown(), Mentees: g[colMentees].shown(),
				Waiting: g[colWaiting].shown(), Paused: g[colPaused].shown(), PairingsActive: g[colPairings].shown(),
				CheckinsSent: g[colSent].shown(), CheckinsAnswered: g[colAnswered].shown(), CheckinsMet: g[colMet].shown(),
			}
			if figs.CheckinsMet != nil && figs.CheckinsAnswered != nil {
				figs.MetRate = ratio(*figs.CheckinsMet, *figs.CheckinsAnswered)
			}
			switch {
			case i < len(named):
				r.Departments = append(r.Departments, DepartmentRow{Department: d.Name, GroupFigures: figs})
			case hasOther && i == len(named):
				r.OtherDepartments = &figs
			default:
				r.FormerParticipants = &FormerFigures{
					People:       raw.Participants.Left,
					CheckinsSent: figs.CheckinsSent, CheckinsAnswered: figs.CheckinsAnswered, CheckinsMet: figs.CheckinsMet,
					MetRate: figs.MetRate,
				}
			}
		}
	}
}

func addDepartment(a, b Department) Department {
	add := func(x, y Count) Count { return Count{Value: x.Value + y.Value, People: x.People + y.People} }
	return Department{
		People: a.People + b.People, Mentors: a.Mentors + b.Mentors, Mentees: a.Mentees + b.Mentees,
		Waiting: a.Waiting + b.Waiting, Paused: a.Paused + b.Paused,
		Pairings: add(a.Pairings, b.Pairings), Sent: add(a.Sent, b.Sent), Answered: add(a.Answered, b.Answered),
		Met: add(a.Met, b.Met),
	}
}
