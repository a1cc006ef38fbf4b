package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"
)

// Build applies the privacy rules to raw and returns the report. minGroup
// below 1 means DefaultMinGroup; above MaxMinGroup it is MaxMinGroup.
func Build(raw Raw, minGroup int) Report {
	if minGroup < 1 {
		minGroup = DefaultMinGroup
	}
	minGroup = min(minGroup, MaxMinGroup)
	r := Report{
		Version:     Version,
		Program:     raw.Scope.Program,
		GeneratedAt: raw.GeneratedAt.UTC(),
		MinGroup:    minGroup,
		Participants: ParticipantFigures{
			Total: raw.Participants.Total, Mentors: raw.Participants.Mentors, Mentees: raw.Participants.Mentees,
			Both: raw.Participants.Both, Waiting: raw.Participants.Waiting, Paused: raw.Participants.Paused, Left: raw.Participants.Left,
		},
		Pairings: PairingFigures{
			Active: raw.Pairings.Active, Ended: raw.Pairings.Ended, Started: raw.Pairings.Started, AtRisk: len(raw.AtRisk),
		},
		CheckIns: CheckInFigures{
			Sent: raw.CheckIns.Sent, Answered: raw.CheckIns.Answered, Met: raw.CheckIns.Met,
			MetRate: ratio(raw.CheckIns.Met, raw.CheckIns.Answered),
		},
		Funnel: Funnel{
			SignedUp: raw.Participants.Total, Mentees: raw.Participants.Mentees,
			Matched: raw.Participants.Matched, Met: raw.Participants.Met,
		},
		AtRisk:      atRiskRows(raw.AtRisk),
		Departments: []DepartmentRow{},
		Rounds:      buildRounds(raw.Rounds, minGroup),
	}
	r.Circles = circleFigures(raw.Circles, minGroup)
	if since := raw.Scope.Since.UTC(); !since.IsZero() {
		s := since.Format(time.DateOnly)
		if !since.Equal(since.Truncate(24 * time.Hour)) {
			s = since.Format(time.RFC3339)
		}
		r.Since = &s
	}
	if n := raw.Pairings.DaysToMatchMentees; n > 0 && visible(n, minGroup) {
		r.Pairings.MedianDaysToMatch = round(raw.Pairings.DaysToMatch, 1)
	}
	r.Pairings.noMatches = raw.Pairings.DaysToMatchMentees == 0
	r.Lifecycle = buildLifecycle(raw.Lifecycle, raw.Pairings.Ended, minGroup)
	r.buildGoals(raw.Goals, minGroup)

	// Each part lays out its cells and lines; the figures are published only
	// after protect has run over all of them.
	var lines []line
	var publish []func()
	for _, part := range []func() ([]line, func()){
		func() ([]line, func()) { return r.buildFeedback(raw.Feedback, minGroup) },
		func() ([]line, func()) { return r.buildWeeks(raw.Weeks, minGroup) },
		func() ([]line, func()) { return r.buildDepartments(raw, minGroup) },
		func() ([]line, func()) { return r.buildFit(raw.Fit, minGroup) },
	} {
		ls, pub := part()
		lines = append(lines, ls...)
		publish = append(publish, pub)
	}
	protect(lines)
	for _, pub := range publish {
		pub()
	}
	return r
}

// buildFeedback publishes the released ratings (release.go) and lays out
// their distribution, one line whose minimum is 3: the response count and
// the average are two equations on its cells. Feedback is shown once a
// release group is complete (a group holds minGroup people).
func (r *Report) buildFeedback(ratings []Rating, minGroup int) ([]line, func()) {
	rel := release(ratings, minGroup)
	r.released = rel.ratings
	shown := len(rel.ratings) > 0 || minGroup <= 1
	if shown {
		n := len(rel.ratings)
		r.Feedback.Responses = &n
		r.Feedback.AverageRating = average(rel.sum, n)
	}
	cells := make([]*cell, 5)
	for i, c := range rel.buckets {
		cells[i] = &cell{value: c.Value, people: c.People}
	}
	suppressSmall(minGroup, cells...)
	if !shown {
		for _, c := range cells {
			c.hidden = true
		}
	}
	l := line{cells: cells, min: 3, exempt: func() bool { return !shown }}
	return []line{l}, func() {
		// Hidden ratings that add up to nothing (the shown ones make up the
		// response count) are zeros anyone can work out: show them.
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
		d := &r.Feedback.Distribution
		d.R1, d.R2, d.R3, d.R4, d.R5 = cells[0].shown(), cells[1].shown(), cells[2].shown(), cells[3].shown(), cells[4].shown()
	}
}

// buildWeeks lays the weekly check-ins out as a grid: each week and each of
// sent, answered, met is a line (the column totals are the program's).
func (r *Report) buildWeeks(weeks []Week, minGroup int) ([]line, func()) {
	weeks = slices.Clone(weeks)
	slices.SortFunc(weeks, func(a, b Week) int { return a.Start.Compare(b.Start) })
	grid := make([][3]*cell, len(weeks))
	var lines []line
	for i, w := range weeks {
		for j, c := range [3]Count{w.Sent, w.Answered, w.Met} {
			grid[i][j] = &cell{value: c.Value, people: c.People}
		}
		suppressSmall(minGroup, grid[i][:]...)
		lines = append(lines, line{cells: grid[i][:], min: 2})
	}
	for j := range 3 {
		col := make([]*cell, len(weeks))
		for i := range weeks {
			col[i] = grid[i][j]
		}
		pinSole(col)
		pinZeroTotal(col, [3]int{r.CheckIns.Sent, r.CheckIns.Answered, r.CheckIns.Met}[j])
		lines = append(lines, line{cells: col, min: 2})
	}
	return lines, func() {
		r.CheckIns.Weeks = make([]WeekRow, len(weeks))
		for i, w := range weeks {
			y, wk := w.Start.ISOWeek()
			row := WeekRow{
				Week:  isoWeek(y, wk),
				Start: w.Start.UTC().Format(time.DateOnly),
				Sent:  grid[i][0].shown(), Answered: grid[i][1].shown(), Met: grid[i][2].shown(),
			}
			if row.Answered != nil && row.Met != nil {
				row.MetRate = ratio(*row.Met, *row.Answered)
			}
			r.CheckIns.Weeks[i] = row
		}
	}
}

func atRiskRows(in []AtRisk) []AtRiskPairing {
	out := make([]AtRiskPairing, 0, len(in))
	for _, a := range in {
		reasons := slices.Clone(a.Reasons)
		if reasons == nil {
			reasons = []string{}
		}
		row := AtRiskPairing{
			PairingID: a.PairingID, Program: a.Program, Mentor: a.Mentor, Mentee: a.Mentee,
			MentorName: a.MentorName, MenteeName: a.MenteeName,
			StartedAt: a.StartedAt.UTC(), Reasons: reasons, Flag: a.Flag,
		}
		row.Why = ReasonsInWords(row.Reasons, row.Flag)
		out = append(out, row)
	}
	slices.SortFunc(out, func(a, b AtRiskPairing) int { return cmp.Compare(a.PairingID, b.PairingID) })
	return out
}

// ratio is num/den to three decimals, nil when den is 0.
func ratio(num, den int) *float64 {
	if den == 0 {
		return nil
	}
	return round(float64(num)/float64(den), 3)
}

// average is sum/n to two decimals, nil when n is 0.
func average(sum, n int) *float64 {
	if n == 0 {
		return nil
	}
	return round(float64(sum)/float64(n), 2)
}

func round(v float64, decimals int) *float64 {
	p := math.Pow(10, float64(decimals))
	x := math.Round(v*p) / p
	return &x
}

func isoWeek(year, week int) string { return fmt.Sprintf("%04d-W%02d", year, week) }

// circleFigures applies the minimum group to the circles' answers.
func circleFigures(c *CircleCounts, minGroup int) *CircleFigures {
	if c == nil {
		return nil
	}
	f := &CircleFigures{Active: c.Active, Members: c.Members, Started: c.Started, CheckinsSent: c.Sent,
		AtRisk: len(c.AtRisk), AtRiskCircles: make([]AtRiskCircle, 0, len(c.AtRisk))}
	for _, a := range c.AtRisk {
		reasons := slices.Clone(a.Reasons)
		if reasons == nil {
			reasons = []string{}
		}
		f.AtRiskCircles = append(f.AtRiskCircles, AtRiskCircle{CircleID: a.CircleID, Name: a.Name, Lead: a.Lead, LeadName: a.LeadName,
			StartedAt: a.StartedAt.UTC(), Reasons: reasons, Flag: a.Flag, Why: ReasonsInWords(reasons, a.Flag)})
	}
	slices.SortFunc(f.AtRiskCircles, func(a, b AtRiskCircle) int { return cmp.Compare(a.CircleID, b.CircleID) })
	if visible(c.Answerers, minGroup) {
		answered, met := c.Answered, c.Met
		f.CheckinsAnswered, f.CheckinsMet, f.MetRate = &answered, &met, ratio(met, answered)
	}
	return f
}
