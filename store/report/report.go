package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"
)

// Version is the JSON contract's version; it changes only when a key is
// removed or changes meaning (added keys keep it).
const Version = 1

// DefaultMinGroup is the smallest group shown when MENTORBOT_MIN_GROUP is unset.
const DefaultMinGroup = 5

// Report is what HR sees: the figures after the privacy rules. A nil
// pointer is a suppressed figure (null in JSON). docs/reports.md describes
// every key.
type Report struct {
	Version     int       `json:"version"`
	Program     string    `json:"program"` // "" = every program
	Since       *string   `json:"since"`   // YYYY-MM-DD (RFC 3339 if not midnight UTC), null = from the beginning
	GeneratedAt time.Time `json:"generated_at"`
	MinGroup    int       `json:"min_group"`

	Participants ParticipantFigures `json:"participants"`
	Pairings     PairingFigures     `json:"pairings"`
	CheckIns     CheckInFigures     `json:"checkins"`
	Feedback     FeedbackFigures    `json:"feedback"`
	Funnel       Funnel             `json:"funnel"`
	AtRisk       []AtRiskPairing    `json:"at_risk"`

	Departments        []DepartmentRow `json:"departments"`
	OtherDepartments   *GroupFigures   `json:"other_departments"`
	FormerParticipants *FormerFigures  `json:"former_participants"`

	// released lists the ratings (indices into Raw.Feedback) the feedback
	// figures are about, for the tests that play the attacker.
	released []int
}

// ParticipantFigures are program-wide head counts, always shown.
type ParticipantFigures struct {
	Total   int `json:"total"`
	Mentors int `json:"mentors"`
	Mentees int `json:"mentees"`
	Waiting int `json:"waiting"`
	Paused  int `json:"paused"`
	Left    int `json:"left"`
}

// PairingFigures count pairings; the median is suppressed under MinGroup mentees.
type PairingFigures struct {
	Active            int      `json:"active"`
	Ended             int      `json:"ended"`
	Started           int      `json:"started"`
	AtRisk            int      `json:"at_risk"`
	MedianDaysToMatch *float64 `json:"median_days_to_match"`
	// noMatches tells the human formats that a null median had no data
	// rather than too few people.
	noMatches bool
}

// CheckInFigures count check-in DMs; totals are always shown, weeks follow
// the privacy rules.
type CheckInFigures struct {
	Sent     int       `json:"sent"`
	Answered int       `json:"answered"`
	Met      int       `json:"met"`
	MetRate  *float64  `json:"met_rate"` // met / answered; null when nothing was answered
	Weeks    []WeekRow `json:"weeks"`
}

// WeekRow is one ISO week of check-ins.
type WeekRow struct {
	Week     string   `json:"week"`  // ISO week, like 2026-W45
	Start    string   `json:"start"` // its Monday, YYYY-MM-DD
	Sent     *int     `json:"sent"`
	Answered *int     `json:"answered"`
	Met      *int     `json:"met"`
	MetRate  *float64 `json:"met_rate"`
}

// FeedbackFigures are ratings only, over the released ratings (see
// release.go), the distribution also under the minimum-group rule.
type FeedbackFigures struct {
	Responses     *int         `json:"responses"`
	AverageRating *float64     `json:"average_rating"`
	Distribution  Distribution `json:"distribution"`
}

// Distribution counts responses by rating.
type Distribution struct {
	R1 *int `json:"1"`
	R2 *int `json:"2"`
	R3 *int `json:"3"`
	R4 *int `json:"4"`
	R5 *int `json:"5"`
}

// Buckets lists the distribution's five counts, rating 1 first.
func (d Distribution) Buckets() [5]*int { return [5]*int{d.R1, d.R2, d.R3, d.R4, d.R5} }

// Funnel is how far people get, in people: signed up, mentees, matched,
// meeting. Program-wide head counts, always shown.
type Funnel struct {
	SignedUp int `json:"signed_up"`
	Mentees  int `json:"mentees"`
	Matched  int `json:"matched"`
	Met      int `json:"met"`
}

// AtRiskPairing names an active pairing admins should look at, by Slack
// IDs, with why; never with feedback text or ratings.
type AtRiskPairing struct {
	PairingID int64     `json:"pairing_id"`
	Program   string    `json:"program"`
	Mentor    string    `json:"mentor"`
	Mentee    string    `json:"mentee"`
	StartedAt time.Time `json:"started_at"`
	Reasons   []string  `json:"reasons"`
	Flag      string    `json:"flag"`
}

// GroupFigures are one department's figures, each under the privacy rules.
// FeedbackResponses and AverageRating are always null: ratings are not
// broken down by department (a person's department changes, and a
// department's ratings could be told apart from the rest by comparing
// reports); the keys stay for the JSON contract.
type GroupFigures struct {
	People            *int     `json:"people"`
	Mentors           *int     `json:"mentors"`
	Mentees           *int     `json:"mentees"`
	Waiting           *int     `json:"waiting"`
	Paused            *int     `json:"paused"`
	PairingsActive    *int     `json:"pairings_active"`
	CheckinsSent      *int     `json:"checkins_sent"`
	CheckinsAnswered  *int     `json:"checkins_answered"`
	CheckinsMet       *int     `json:"checkins_met"`
	MetRate           *float64 `json:"met_rate"`
	FeedbackResponses *int     `json:"feedback_responses"`
	AverageRating     *float64 `json:"average_rating"`
}

// DepartmentRow is a named department ("" = people who gave none).
type DepartmentRow struct {
	Department string `json:"department"`
	GroupFigures
}

// FormerFigures are the activity of people who left, whose department was
// erased; People is participants.left.
// FeedbackResponses and AverageRating are always null, as for departments.
type FormerFigures struct {
	People            int      `json:"people"`
	CheckinsSent      *int     `json:"checkins_sent"`
	CheckinsAnswered  *int     `json:"checkins_answered"`
	CheckinsMet       *int     `json:"checkins_met"`
	MetRate           *float64 `json:"met_rate"`
	FeedbackResponses *int     `json:"feedback_responses"`
	AverageRating     *float64 `json:"average_rating"`
}

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
			Waiting: raw.Participants.Waiting, Paused: raw.Participants.Paused, Left: raw.Participants.Left,
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
	}
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

	// Each part lays out its cells and lines; the figures are published only
	// after protect has run over all of them.
	var lines []line
	var publish []func()
	for _, part := range []func() ([]line, func()){
		func() ([]line, func()) { return r.buildFeedback(raw.Feedback, minGroup) },
		func() ([]line, func()) { return r.buildWeeks(raw.Weeks, minGroup) },
		func() ([]line, func()) { return r.buildDepartments(raw, minGroup) },
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
	for j := range numCols {
		var col []*cell
		for i := range rows {
			if !grid[i][j].na {
				col = append(col, grid[i][j])
			}
		}
		pinSole(col)
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

func atRiskRows(in []AtRisk) []AtRiskPairing {
	out := make([]AtRiskPairing, 0, len(in))
	for _, a := range in {
		reasons := slices.Clone(a.Reasons)
		if reasons == nil {
			reasons = []string{}
		}
		out = append(out, AtRiskPairing{
			PairingID: a.PairingID, Program: a.Program, Mentor: a.Mentor, Mentee: a.Mentee,
			StartedAt: a.StartedAt.UTC(), Reasons: reasons, Flag: a.Flag,
		})
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
