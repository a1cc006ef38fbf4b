package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// WriteText writes the report as aligned plain text for a terminal: the
// same tables as CSV and HTML, each under its title.
func WriteText(w io.Writer, r Report) error {
	bw := bufio.NewWriter(w)
	ts := r.tables()
	fmt.Fprintf(bw, "Mentorship report: %s\n", plain(r.scopeTitle()))
	fmt.Fprintf(bw, "Generated %s; activity counted %s.\n", r.GeneratedAt.Format("2006-01-02 15:04 MST"), r.sinceText())
	fmt.Fprintf(bw, "%s\n%s\n", r.privacyNote(), r.hiddenNote(ts))
	for _, t := range ts {
		fmt.Fprintf(bw, "\n%s\n", t.Title)
		if t.TextSplit > 1 && len(t.Header) > t.TextSplit {
			textTable(bw, t.Header[:t.TextSplit], column(t.Rows, 0, t.TextSplit))
			fmt.Fprintln(bw)
			textTable(bw, append(t.Header[:1:1], t.Header[t.TextSplit:]...), joinColumns(column(t.Rows, 0, 1), column(t.Rows, t.TextSplit, len(t.Header))))
		} else if len(t.Rows) > 0 {
			textTable(bw, t.Header, t.Rows)
		}
		if t.Note != "" {
			fmt.Fprintf(bw, "  %s\n", t.Note)
		}
	}
	return bw.Flush()
}

// column cuts columns [from, to) out of rows.
func column(rows [][]string, from, to int) [][]string {
	out := make([][]string, len(rows))
	for i, row := range rows {
		out[i] = row[from:to:to]
	}
	return out
}

// joinColumns puts b's columns after a's, row by row.
func joinColumns(a, b [][]string) [][]string {
	out := make([][]string, len(a))
	for i := range a {
		out[i] = append(append([]string{}, a[i]...), b[i]...)
	}
	return out
}

// textTable writes rows under a header: the first column aligned left, the
// others right, two spaces apart.
func textTable(w io.Writer, header []string, rows [][]string) {
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
