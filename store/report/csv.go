package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
)

// CSV layout: one file, "long" (one figure per line) so that every section
// fits one header and a spreadsheet can pivot it:
//
//	section,group,metric,value
//	participants,,mentors,12
//	checkins_week,2026-W45,met,31
//	department,Engineering,waiting,suppressed
//
// section and metric are the JSON keys; group is the week, the rating, the
// pairing or the department. value is a number, "suppressed", or empty when
// there is nothing to divide by. docs/reports.md lists every line.

// WriteCSV writes the report in the long CSV layout. Every cell that a
// spreadsheet could read as a formula is neutralised.
func WriteCSV(w io.Writer, r Report) error {
	cw := csv.NewWriter(w)
	put := func(section, group, metric, value string) {
		// Write errors stick in the csv.Writer; Flush reports them.
		_ = cw.Write([]string{neutralise(section), neutralise(group), neutralise(metric), neutralise(value)})
	}
	n := strconv.Itoa
	put("section", "group", "metric", "value")

	since := ""
	if r.Since != nil {
		since = *r.Since
	}
	put("report", "", "version", n(r.Version))
	put("report", "", "program", r.Program)
	put("report", "", "since", since)
	put("report", "", "generated_at", r.GeneratedAt.Format(time.RFC3339))
	put("report", "", "min_group", n(r.MinGroup))

	pf := r.Participants
	for _, kv := range []struct {
		k string
		v int
	}{{"total", pf.Total}, {"mentors", pf.Mentors}, {"mentees", pf.Mentees}, {"waiting", pf.Waiting}, {"paused", pf.Paused}, {"left", pf.Left}} {
		put("participants", "", kv.k, n(kv.v))
	}
	pa := r.Pairings
	put("pairings", "", "active", n(pa.Active))
	put("pairings", "", "ended", n(pa.Ended))
	put("pairings", "", "started", n(pa.Started))
	put("pairings", "", "at_risk", n(pa.AtRisk))
	put("pairings", "", "median_days_to_match", csvFloat(pa.MedianDaysToMatch, pa.noMatches))

	ci := r.CheckIns
	put("checkins", "", "sent", n(ci.Sent))
	put("checkins", "", "answered", n(ci.Answered))
	put("checkins", "", "met", n(ci.Met))
	put("checkins", "", "met_rate", csvFloat(ci.MetRate, true))
	for _, wk := range ci.Weeks {
		put("checkins_week", wk.Week, "start", wk.Start)
		put("checkins_week", wk.Week, "sent", count(wk.Sent))
		put("checkins_week", wk.Week, "answered", count(wk.Answered))
		put("checkins_week", wk.Week, "met", count(wk.Met))
		put("checkins_week", wk.Week, "met_rate", csvFloat(wk.MetRate, bothShown(wk.Met, wk.Answered)))
	}

	fb := r.Feedback
	put("feedback", "", "responses", count(fb.Responses))
	put("feedback", "", "average_rating", csvFloat(fb.AverageRating, fb.Responses != nil))
	for i, b := range fb.Distribution.Buckets() {
		put("feedback_distribution", n(i+1), "responses", count(b))
	}

	put("funnel", "", "signed_up", n(r.Funnel.SignedUp))
	put("funnel", "", "mentees", n(r.Funnel.Mentees))
	put("funnel", "", "matched", n(r.Funnel.Matched))
	put("funnel", "", "met", n(r.Funnel.Met))

	for _, a := range r.AtRisk {
		id := strconv.FormatInt(a.PairingID, 10)
		put("at_risk", id, "program", a.Program)
		put("at_risk", id, "mentor", a.Mentor)
		put("at_risk", id, "mentee", a.Mentee)
		put("at_risk", id, "started_at", a.StartedAt.Format(time.RFC3339))
		put("at_risk", id, "reasons", strings.Join(a.Reasons, ";"))
		put("at_risk", id, "flag", a.Flag)
	}

	group := func(section, name string, g GroupFigures, headCounts bool) {
		if headCounts {
			put(section, name, "people", count(g.People))
			put(section, name, "mentors", count(g.Mentors))
			put(section, name, "mentees", count(g.Mentees))
			put(section, name, "waiting", count(g.Waiting))
			put(section, name, "paused", count(g.Paused))
			put(section, name, "pairings_active", count(g.PairingsActive))
		}
		put(section, name, "checkins_sent", count(g.CheckinsSent))
		put(section, name, "checkins_answered", count(g.CheckinsAnswered))
		put(section, name, "checkins_met", count(g.CheckinsMet))
		put(section, name, "met_rate", csvFloat(g.MetRate, bothShown(g.CheckinsMet, g.CheckinsAnswered)))
	}
	for _, d := range r.Departments {
		group("department", d.Department, d.GroupFigures, true)
	}
	if r.OtherDepartments != nil {
		group("other_departments", "", *r.OtherDepartments, true)
	}
	if f := r.FormerParticipants; f != nil {
		put("former_participants", "", "people", n(f.People))
		group("former_participants", "", GroupFigures{
			CheckinsSent: f.CheckinsSent, CheckinsAnswered: f.CheckinsAnswered, CheckinsMet: f.CheckinsMet, MetRate: f.MetRate,
		}, false)
	}
	cw.Flush()
	return cw.Error()
}

// csvFloat prints a rate or average as in JSON; empty when there was
// nothing to divide by.
func csvFloat(p *float64, inputsShown bool) string {
	switch {
	case p != nil:
		return strconv.FormatFloat(*p, 'f', -1, 64)
	case inputsShown:
		return ""
	}
	return suppressedWord
}

// neutralise stops a spreadsheet from reading any part of a cell as a
// formula. A spreadsheet set to another separator splits the cell there
// (R&D;=1+1 opens as R&D and =1+1 where ; separates), and a line break
// starts a new row, so every place a field can start is checked: the
// cell's start and whatever follows a comma, semicolon, tab, carriage
// return or line feed, after any spaces and double quotes (which a
// spreadsheet may strip). A field there starting with =, +, - or @ gets a
// ' in front of that character; a cell starting with a tab or a carriage
// return gets one in front of it too (OWASP's rule). Everything else is
// kept as it is, so the text still reads the same.
func neutralise(s string) string {
	const formula, separators = "=+-@", ",;\t\r\n"
	var b strings.Builder
	b.Grow(len(s) + 1)
	fieldStart := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case i == 0 && (c == '\t' || c == '\r'):
			b.WriteByte('\'')
		case fieldStart && strings.IndexByte(formula, c) >= 0:
			b.WriteByte('\'')
			fieldStart = false
		case fieldStart && (c == ' ' || c == '"'):
			// still before the field's first character
		default:
			fieldStart = false
		}
		b.WriteByte(c)
		if strings.IndexByte(separators, c) >= 0 {
			fieldStart = true
		}
	}
	return b.String()
}
