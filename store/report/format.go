package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
)

// Format is an output format of a report.
type Format string

// The formats Write knows.
const (
	Text Format = "text"
	CSV  Format = "csv"
	JSON Format = "json"
	HTML Format = "html"
)

// Formats lists every format, in the order help texts show them.
func Formats() []Format { return []Format{Text, CSV, JSON, HTML} }

// ParseFormat reads a format name.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats() {
		if string(f) == strings.ToLower(strings.TrimSpace(s)) {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown report format %q (want text, csv, json or html)", s)
}

// Ext is the file extension of the format, with its dot.
func (f Format) Ext() string {
	if f == Text {
		return ".txt"
	}
	return "." + string(f)
}

// Write writes rep to w in format f.
func Write(w io.Writer, rep Report, f Format) error {
	switch f {
	case Text:
		return WriteText(w, rep)
	case CSV:
		return WriteCSV(w, rep)
	case JSON:
		return WriteJSON(w, rep)
	case HTML:
		return WriteHTML(w, rep)
	}
	return fmt.Errorf("unknown report format %q", f)
}

// Words the human-readable formats print for figures that are not numbers.
const (
	suppressedWord = "suppressed"
	notApplicable  = "n/a"
)

// count prints a figure that may be suppressed.
func count(p *int) string {
	if p == nil {
		return suppressedWord
	}
	return strconv.Itoa(*p)
}

// percent prints a rate; a nil rate whose inputs were shown had nothing to
// divide by.
func percent(p *float64, inputsShown bool) string {
	switch {
	case p != nil:
		return strconv.FormatFloat(*p*100, 'f', 1, 64) + "%"
	case inputsShown:
		return notApplicable
	}
	return suppressedWord
}

// decimal prints an average or a median the same way.
func decimal(p *float64, inputsShown bool, digits int) string {
	switch {
	case p != nil:
		return strconv.FormatFloat(*p, 'f', digits, 64)
	case inputsShown:
		return notApplicable
	}
	return suppressedWord
}

// bothShown tells whether a rate's two inputs are published.
func bothShown(a, b *int) bool { return a != nil && b != nil }

// scopeTitle names what the report covers.
func (r Report) scopeTitle() string {
	if r.Program == "" {
		return "all programs"
	}
	return "program " + strconv.Quote(r.Program)
}

// sinceText says which activity the figures count.
func (r Report) sinceText() string {
	if r.Since == nil {
		return "since the beginning"
	}
	return "since " + *r.Since
}

// privacyNote says which figures are always shown and how ratings are
// counted; hiddenNote says what this report hides.
func (r Report) privacyNote() string {
	if r.MinGroup <= 1 {
		return "Smallest group shown: 1, so every figure and every rating is shown. Feedback text is never reported."
	}
	return fmt.Sprintf("Smallest group shown: %[1]d people. Program-wide counts of people, pairings and check-ins are always shown, and so is the at-risk list. "+
		"Ratings are counted in groups of %[1]d responses from %[1]d different people, so feedback figures change only every %[1]d responses in a program "+
		"and the newest ratings may not be counted yet. Feedback text is never reported.", r.MinGroup)
}

// feedbackNote says how the feedback figures are counted.
func (r Report) feedbackNote() string {
	if r.MinGroup <= 1 {
		return "Ratings 1 to 5; the feedback text is never reported."
	}
	return fmt.Sprintf("Ratings 1 to 5, counted in whole groups of %d responses; not broken down by department. The feedback text is never reported.", r.MinGroup)
}

// departmentLabel is how the human-readable formats name a department.
func departmentLabel(name string) string {
	if name == "" {
		return "(department not given)"
	}
	return name
}

// Labels of the breakdown rows that are not departments.
const (
	otherDepartmentsLabel = "Other departments"
	formerLabel           = "People who left"
	totalLabel            = "Total"
)

// breakdownNote explains the department table's rows and columns.
func breakdownNote(minGroup int) string {
	return fmt.Sprintf("Active pairings count in the mentee's department, check-ins in the department of the person asked. "+
		"Other departments: departments of fewer than %d people, merged. People who left: their department was erased with their data. "+
		"Someone who is both mentor and mentee counts in both columns. Ratings are not broken down by department.", minGroup)
}

// total is the department table's total row: the program-wide figures the
// breakdown adds up to.
func (r Report) total() GroupFigures {
	ptr := func(n int) *int { return &n }
	return GroupFigures{
		People: ptr(r.Participants.Total), Mentors: ptr(r.Participants.Mentors), Mentees: ptr(r.Participants.Mentees),
		Waiting: ptr(r.Participants.Waiting), Paused: ptr(r.Participants.Paused), PairingsActive: ptr(r.Pairings.Active),
		CheckinsSent: ptr(r.CheckIns.Sent), CheckinsAnswered: ptr(r.CheckIns.Answered), CheckinsMet: ptr(r.CheckIns.Met),
		MetRate: r.CheckIns.MetRate,
	}
}

// groupRow is one row of the department breakdown as the human-readable
// formats show it; former participants have no head counts.
type groupRow struct {
	label         string
	former, total bool
	GroupFigures
}

// breakdown lists the department table's rows, total last.
func (r Report) breakdown() []groupRow {
	var rows []groupRow
	for _, d := range r.Departments {
		rows = append(rows, groupRow{label: departmentLabel(d.Department), GroupFigures: d.GroupFigures})
	}
	if r.OtherDepartments != nil {
		rows = append(rows, groupRow{label: otherDepartmentsLabel, GroupFigures: *r.OtherDepartments})
	}
	if f := r.FormerParticipants; f != nil {
		people := f.People
		rows = append(rows, groupRow{label: formerLabel, former: true, GroupFigures: GroupFigures{
			People: &people, CheckinsSent: f.CheckinsSent, CheckinsAnswered: f.CheckinsAnswered, CheckinsMet: f.CheckinsMet,
			MetRate: f.MetRate,
		}})
	}
	return append(rows, groupRow{label: totalLabel, total: true, GroupFigures: r.total()})
}

// headCounts and activity are the two halves of a breakdown row as text.
func (g groupRow) headCounts() []string {
	if g.former {
		return []string{strconv.Itoa(*g.People), notApplicable, notApplicable, notApplicable, notApplicable, notApplicable}
	}
	return []string{count(g.People), count(g.Mentors), count(g.Mentees), count(g.Waiting), count(g.Paused), count(g.PairingsActive)}
}

func (g groupRow) activity() []string {
	return []string{
		count(g.CheckinsSent), count(g.CheckinsAnswered), count(g.CheckinsMet),
		percent(g.MetRate, bothShown(g.CheckinsMet, g.CheckinsAnswered)),
	}
}

// Column headings of the breakdown's two halves.
func headCountHeadings() []string {
	return []string{"People", "Mentors", "Mentees", "Waiting for a mentor", "Paused", "Active pairings"}
}

func activityHeadings() []string {
	return []string{"Check-ins sent", "Answered", "Answered “met”", "Met rate"}
}

// plain makes text from the database safe to print on a terminal: control
// and bidirectional-formatting characters (escape sequences, overrides)
// become U+FFFD.
func plain(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return unicode.ReplacementChar
		}
		return r
	}, s)
}
