package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
)

// CSV layout: one file of tables, one per section, separated by a blank
// line; each table starts with its header row, whose first cell names
// what the rows are (Participants, Week, Department, ...). The cells are
// the same words and figures as the text and HTML reports ("suppressed",
// "n/a", rates as percentages), so a spreadsheet shows tables a person can
// read. docs/reports.md lists the tables.

// WriteCSV writes the report as CSV tables. Every cell that a spreadsheet
// could read as a formula is neutralised.
func WriteCSV(w io.Writer, r Report) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // RFC 4180, as spreadsheets write it
	put := func(cells ...string) {
		out := make([]string, len(cells))
		for i, c := range cells {
			out[i] = neutralise(c)
		}
		// Write errors stick in the csv.Writer; Flush reports them.
		_ = cw.Write(out)
	}
	ts := r.tables()
	put("Report", "Detail")
	put("Covers", r.scopeTitle())
	put("Activity counted", r.sinceText())
	put("Generated", r.GeneratedAt.Format(time.RFC3339))
	put("Smallest group shown", strconv.Itoa(r.MinGroup))
	put("Privacy", r.privacyNote())
	put("Hidden", r.hiddenNote(ts))
	for _, t := range ts {
		if t.Note != "" {
			put("About "+strings.ToLower(t.Title), t.Note)
		}
	}
	for _, t := range ts {
		cw.Flush()
		if _, err := io.WriteString(w, "\r\n"); err != nil {
			return err
		}
		put(t.Header...)
		for _, row := range t.Rows {
			put(row...)
		}
	}
	cw.Flush()
	return cw.Error()
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
