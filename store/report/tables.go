package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// table is one section of the report as a person reads it. Text, CSV and
// HTML all print the same tables, so they show the same figures, the same
// suppressions and the same words; only JSON is laid out differently (the
// machine contract).
type table struct {
	// ID names the table in tests and in the HTML (data-table).
	ID    string
	Title string
	// Header heads the columns; the first names what the rows are.
	Header []string
	Rows   [][]string
	// Total marks the last row as the total of the others.
	Total bool
	// Note explains the table in a sentence, "" when it needs none.
	Note string
	// TextSplit, above 1, prints the table in text as two tables (the first
	// TextSplit columns, then the first column and the rest) to fit a
	// terminal.
	TextSplit int
}

// Table IDs, in the order the report shows them.
const (
	tableParticipants  = "participants"
	tablePairings      = "pairings"
	tableCheckIns      = "checkins"
	tableWeeks         = "checkins_by_week"
	tableFeedback      = "feedback"
	tableRatings       = "rating_distribution"
	tableFunnel        = "funnel"
	tableAtRisk        = "at_risk"
	tableDepartments   = "departments"
	tableCircles       = "circles"
	tableCirclesAtRisk = "circles_at_risk"
)

// tables lays the report out as the tables every human-readable format
// prints.
func (r Report) tables() []table {
	n := strconv.Itoa
	p, pa, ci, fb := r.Participants, r.Pairings, r.CheckIns, r.Feedback
	since := r.sinceText()
	notWaiting := max(0, p.Mentees-r.Funnel.Matched-p.Waiting)
	ts := []table{
		{ID: tableParticipants, Title: "Participants", Header: []string{"Participants", "People"}, Rows: [][]string{
			{"Signed up (not left)", n(p.Total)},
			{"Mentors", n(p.Mentors)},
			{"Mentees", n(p.Mentees)},
			{"Both mentor and mentee (counted in each)", n(p.Both)},
			{"Mentees with a mentor", n(r.Funnel.Matched)},
			{"Mentees waiting for a mentor", n(p.Waiting)},
			{"Mentees not waiting (paused, cannot be messaged, or paired in another program)", n(notWaiting)},
			{"Paused", n(p.Paused)},
			{"Left", n(p.Left)},
		}, Note: "Signed up = mentors + mentees − both. Waiting: active mentees the bot can message who have no mentor; " +
			"these are the people matching tells they are on the waiting list."},
		{ID: tablePairings, Title: "Pairings", Header: []string{"Pairings", "Number"}, Rows: [][]string{
			{"Active", n(pa.Active)},
			{"At risk (listed below)", n(pa.AtRisk)},
			{"Started " + since, n(pa.Started)},
			{"Ended " + since, n(pa.Ended)},
			{"Median days from sign-up to first pairing", decimal(pa.MedianDaysToMatch, pa.noMatches, 1)},
		}},
		{ID: tableCheckIns, Title: "Check-ins", Header: []string{"Check-ins", "Number"}, Rows: [][]string{
			{"Sent", n(ci.Sent)},
			{"Answered", n(ci.Answered)},
			{"Answered “met”", n(ci.Met)},
			{"Met rate (share of answers)", percent(ci.MetRate, true)},
		}, Note: "A check-in is one message to one person about one pairing in one week's slot, counted " + since + "."},
	}
	weeks := table{ID: tableWeeks, Title: "Check-ins by week", Header: []string{"Week", "Starts on", "Sent", "Answered", "Answered “met”", "Met rate"}}
	for _, wk := range ci.Weeks {
		weeks.Rows = append(weeks.Rows, []string{wk.Week, wk.Start, count(wk.Sent), count(wk.Answered), count(wk.Met),
			percent(wk.MetRate, bothShown(wk.Met, wk.Answered))})
	}
	if len(weeks.Rows) == 0 {
		weeks.Note = "No check-ins " + since + "."
	}
	ts = append(ts, weeks)

	ts = append(ts, table{ID: tableFeedback, Title: "Feedback", Header: []string{"Feedback", "Value"}, Rows: [][]string{
		{"Ratings counted", count(fb.Responses)},
		{"Average rating (1 to 5)", decimal(fb.AverageRating, fb.Responses != nil, 2)},
	}, Note: r.feedbackNote()})
	ratings := table{ID: tableRatings, Title: "Ratings given", Header: []string{"Rating", "Responses"}}
	for i, b := range fb.Distribution.Buckets() {
		ratings.Rows = append(ratings.Rows, []string{ratingLabel(i + 1), count(b)})
	}
	ts = append(ts, ratings)
	ts = append(ts, r.goalTables()...)

	ts = append(ts, table{ID: tableFunnel, Title: "From sign-up to meeting", Header: []string{"Stage", "People"}, Rows: [][]string{
		{"Signed up", n(r.Funnel.SignedUp)},
		{"Mentees", n(r.Funnel.Mentees)},
		{"Mentees with a mentor", n(r.Funnel.Matched)},
		{"Mentees whose pairing met " + since, n(r.Funnel.Met)},
	}})

	risk := table{ID: tableAtRisk, Title: fmt.Sprintf("At-risk pairings (%d)", len(r.AtRisk)),
		Header: []string{"Mentor", "Mentee", "Program", "Started", "Why"},
		Note: "Active pairings that have not met for 3 check-ins, asked for help, gave a rating of 2 or less, or were flagged by the bot. " +
			"Named for admins to follow up; ratings and feedback text are never shown."}
	for _, a := range r.AtRisk {
		risk.Rows = append(risk.Rows, []string{PersonInWords(a.MentorName, a.Mentor), PersonInWords(a.MenteeName, a.Mentee),
			ProgramInWords(a.Program), a.StartedAt.Format(time.DateOnly), a.Why})
	}
	if len(risk.Rows) == 0 {
		risk.Note = "No pairing needs attention."
	}
	ts = append(ts, risk)
	ts = append(ts, r.lifecycleTable(since))

	if c := r.Circles; c != nil {
		ts = append(ts, table{ID: tableCircles, Title: "Mentoring circles", Header: []string{"Mentoring circles", "Number"}, Rows: [][]string{
			{"Active circles", n(c.Active)},
			{"Members of active circles", n(c.Members)},
			{"Circles started " + since, n(c.Started)},
			{"Circle check-ins sent", n(c.CheckinsSent)},
			{"Circle check-ins answered", count(c.CheckinsAnswered)},
			{"Circle check-ins answered “met”", count(c.CheckinsMet)},
			{"Circle met rate (share of answers)", percent(c.MetRate, bothShown(c.CheckinsMet, c.CheckinsAnswered))},
			{"Circles at risk (listed below)", n(c.AtRisk)},
		}, Note: "A circle check-in asks one person of a circle whether it met. Answers are shown only when at least " +
			strconv.Itoa(r.MinGroup) + " different people answered."})
		ts = append(ts, circlesAtRiskTable(c))
	}
	dept := table{ID: tableDepartments, Title: "Departments", Total: true, TextSplit: 7,
		Header: append(append([]string{"Department"}, headCountHeadings()...), activityHeadings()...), Note: breakdownNote(r.MinGroup)}
	for _, g := range r.breakdown() {
		dept.Rows = append(dept.Rows, append(append([]string{g.label}, g.headCounts()...), g.activity()...))
	}
	ts = append(ts, dept)
	ts = append(ts, r.roundsTable())

	for i := range ts {
		for j, row := range ts[i].Rows {
			for k, c := range row {
				ts[i].Rows[j][k] = plain(c)
			}
		}
	}
	return ts
}

// ratingLabel names a rating value.
func ratingLabel(v int) string {
	switch v {
	case 1:
		return "1 (lowest)"
	case 5:
		return "5 (highest)"
	}
	return strconv.Itoa(v)
}

// hiddenNote says exactly which figures read "suppressed" in this report
// and why, counted from the tables every format prints.
func (r Report) hiddenNote(ts []table) string {
	if r.MinGroup <= 1 {
		return "Nothing is hidden: the smallest group shown is 1."
	}
	var parts []string
	for _, t := range ts {
		var cells []string
		hidden := 0
		for _, row := range t.Rows {
			for k, c := range row {
				if c == suppressedWord {
					hidden++
					cell := row[0]
					if len(t.Header) > 2 {
						cell += " " + strings.ToLower(t.Header[k])
					}
					cells = append(cells, cell)
				}
			}
		}
		switch {
		case hidden == 0:
		case t.ID == tableFeedback && r.Feedback.Responses == nil:
			parts = append(parts, fmt.Sprintf("feedback, until %d people have rated (ratings are counted in groups of %d responses from %d different people)",
				r.MinGroup, r.MinGroup, r.MinGroup))
		case t.ID == tableRatings && r.Feedback.Responses == nil:
			// said with the feedback
		case t.ID == tablePairings:
			parts = append(parts, fmt.Sprintf("the median days to a first pairing, as fewer than %d mentees were matched", r.MinGroup))
		case hidden <= 3:
			parts = append(parts, fmt.Sprintf("in %s: %s", strings.ToLower(t.Title), strings.Join(cells, ", ")))
		default:
			parts = append(parts, fmt.Sprintf("%d figures in %s", hidden, strings.ToLower(t.Title)))
		}
	}
	if len(parts) == 0 {
		return "Nothing is hidden in this report."
	}
	return fmt.Sprintf("Hidden (shown as “%s”): %s. A figure is hidden when it is about fewer than %d people, "+
		"or when it could be worked out from the totals and the other figures shown.", suppressedWord, strings.Join(parts, "; "), r.MinGroup)
}

// circlesAtRiskTable names the open circles at risk, as the at-risk
// pairings' table names pairings.
func circlesAtRiskTable(c *CircleFigures) table {
	t := table{ID: tableCirclesAtRisk, Title: fmt.Sprintf("At-risk circles (%d)", len(c.AtRiskCircles)),
		Header: []string{"Circle", "Lead", "Started", "Why"},
		Note: "Open circles that have not met for 3 check-ins, asked for help, gave a rating of 2 or less, or were flagged by the bot. " +
			"Named for admins to follow up; who answered what, ratings and feedback text are never shown."}
	for _, a := range c.AtRiskCircles {
		t.Rows = append(t.Rows, []string{a.Name, PersonInWords(a.LeadName, a.Lead), a.StartedAt.Format(time.DateOnly), a.Why})
	}
	if len(t.Rows) == 0 {
		t.Note = "No circle needs attention."
	}
	return t
}
