package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// reasonText says an at-risk reason in words.
func reasonText(reason string) string {
	switch reason {
	case ReasonNotMet:
		return "not met for 3 check-ins"
	case ReasonNeedHelp:
		return "asked for help"
	case ReasonLowRating:
		return "low rating"
	case ReasonFlagged:
		return "flagged"
	}
	return reason
}

// reasonsText joins a pairing's reasons in words, with the bot's flag.
func reasonsText(a AtRiskPairing) string {
	parts := make([]string, 0, len(a.Reasons))
	for _, r := range a.Reasons {
		t := reasonText(r)
		if r == ReasonFlagged && a.Flag != "" {
			t += " (" + a.Flag + ")"
		}
		parts = append(parts, t)
	}
	return strings.Join(parts, "; ")
}

// WriteText writes the report as aligned plain text for a terminal.
func WriteText(w io.Writer, r Report) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }

	p("Mentorship report: %s\n", plain(r.scopeTitle()))
	p("Generated %s; activity counted %s.\n", r.GeneratedAt.Format("2006-01-02 15:04 MST"), r.sinceText())
	p("%s\n", r.privacyNote())

	section(bw, "Participants", [][2]string{
		{"Signed up (not left)", strconv.Itoa(r.Participants.Total)},
		{"Mentors", strconv.Itoa(r.Participants.Mentors)},
		{"Mentees", strconv.Itoa(r.Participants.Mentees)},
		{"Waiting for a match", strconv.Itoa(r.Participants.Waiting)},
		{"Paused", strconv.Itoa(r.Participants.Paused)},
		{"Left", strconv.Itoa(r.Participants.Left)},
	})
	section(bw, "Pairings", [][2]string{
		{"Active", strconv.Itoa(r.Pairings.Active)},
		{"Ended", strconv.Itoa(r.Pairings.Ended)},
		{"Started", strconv.Itoa(r.Pairings.Started)},
		{"At risk", strconv.Itoa(r.Pairings.AtRisk)},
		{"Median days to match", decimal(r.Pairings.MedianDaysToMatch, r.Pairings.noMatches, 1)},
	})
	section(bw, "Check-ins", [][2]string{
		{"Sent", strconv.Itoa(r.CheckIns.Sent)},
		{"Answered", strconv.Itoa(r.CheckIns.Answered)},
		{"Met", strconv.Itoa(r.CheckIns.Met)},
		{"Met rate", percent(r.CheckIns.MetRate, true)},
	})
	if len(r.CheckIns.Weeks) > 0 {
		rows := make([][]string, 0, len(r.CheckIns.Weeks))
		for _, wk := range r.CheckIns.Weeks {
			rows = append(rows, []string{wk.Week, wk.Start, count(wk.Sent), count(wk.Answered), count(wk.Met),
				percent(wk.MetRate, bothShown(wk.Met, wk.Answered))})
		}
		p("\n")
		table(bw, []string{"Week", "Starts", "Sent", "Answered", "Met", "Met rate"}, rows)
	}
	fb := r.Feedback
	section(bw, r.feedbackTitle(), [][2]string{
		{"Responses", count(fb.Responses)},
		{"Average rating", decimal(fb.AverageRating, fb.Responses != nil, 2)},
	})
	b := fb.Distribution.Buckets()
	p("\n")
	table(bw, []string{"Rating", "1", "2", "3", "4", "5"}, [][]string{
		{"Responses", count(b[0]), count(b[1]), count(b[2]), count(b[3]), count(b[4])},
	})
	section(bw, "Funnel (people)", [][2]string{
		{"Signed up", strconv.Itoa(r.Funnel.SignedUp)},
		{"Mentees", strconv.Itoa(r.Funnel.Mentees)},
		{"Matched", strconv.Itoa(r.Funnel.Matched)},
		{"Met", strconv.Itoa(r.Funnel.Met)},
	})

	p("\nAt-risk pairings (%d), by Slack ID for admins to follow up\n", len(r.AtRisk))
	if len(r.AtRisk) > 0 {
		rows := make([][]string, 0, len(r.AtRisk))
		for _, a := range r.AtRisk {
			rows = append(rows, []string{strconv.FormatInt(a.PairingID, 10), plain(a.Program), plain(a.Mentor), plain(a.Mentee),
				a.StartedAt.Format(time.DateOnly), plain(reasonsText(a))})
		}
		table(bw, []string{"Pairing", "Program", "Mentor", "Mentee", "Started", "Why"}, rows)
	} else {
		p("  none\n")
	}

	rows := r.breakdown()
	people := make([][]string, 0, len(rows))
	activity := make([][]string, 0, len(rows))
	for _, g := range rows {
		people = append(people, append([]string{plain(g.label)}, g.headCounts()...))
		activity = append(activity, append([]string{plain(g.label)}, g.activity()...))
	}
	p("\nDepartments: people\n")
	table(bw, append([]string{"Department"}, headCountHeadings()...), people)
	p("\nDepartments: activity\n")
	table(bw, append([]string{"Department"}, activityHeadings()...), activity)
	p("\n%s\n", breakdownNote)
	return bw.Flush()
}

// section writes a titled list of label–value pairs, values aligned right.
func section(w io.Writer, title string, pairs [][2]string) {
	fmt.Fprintf(w, "\n%s\n", title)
	lw, vw := 0, 0
	for _, kv := range pairs {
		lw = max(lw, width(kv[0]))
		vw = max(vw, width(kv[1]))
	}
	for _, kv := range pairs {
		fmt.Fprintf(w, "  %s%s  %s%s\n", kv[0], pad(lw-width(kv[0])), pad(vw-width(kv[1])), kv[1])
	}
}

// table writes rows under a header: the first column aligned left, the
// others right, two spaces apart.
func table(w io.Writer, header []string, rows [][]string) {
	widths := make([]int, len(header))
	for i, h := range header {
		widths[i] = width(h)
	}
	for _, row := range rows {
		for i, c := range row {
			widths[i] = max(widths[i], width(c))
		}
	}
	line := func(cells []string) {
		var sb strings.Builder
		sb.WriteString("  ")
		for i, c := range cells {
			if i == 0 {
				sb.WriteString(c + pad(widths[i]-width(c)))
				continue
			}
			sb.WriteString("  " + pad(widths[i]-width(c)) + c)
		}
		fmt.Fprintln(w, strings.TrimRight(sb.String(), " "))
	}
	line(header)
	for _, row := range rows {
		line(row)
	}
}

func width(s string) int { return utf8.RuneCountInString(s) }

func pad(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat(" ", n)
}
