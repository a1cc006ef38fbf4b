package report

import (
	"encoding/csv"
	"html"
	"regexp"
	"strings"
	"testing"
)

// cells is a rendered report read back: "table|row|column" → the cell as
// printed. A table is named by its first heading (Participants, Week,
// Department, ...), a row by its first cell, a column by its heading.
type cells map[string]string

func cellKey(table, row, col string) string { return table + "|" + row + "|" + col }

// add records a table's rows under its header.
func (c cells) add(t *testing.T, format string, header []string, rows [][]string) {
	t.Helper()
	if dup := duplicate(header); dup != "" {
		t.Fatalf("%s: table %q has the column heading %q twice", format, header[0], dup)
	}
	for _, row := range rows {
		if len(row) != len(header) {
			t.Fatalf("%s: table %q: row %q has %d cells, the header %d", format, header[0], row, len(row), len(header))
		}
		for k := 1; k < len(row); k++ {
			key := cellKey(header[0], row[0], header[k])
			if old, ok := c[key]; ok && old != row[k] {
				t.Fatalf("%s: %s printed as %q and %q", format, key, old, row[k])
			}
			c[key] = row[k]
		}
	}
}

func duplicate(ss []string) string {
	seen := map[string]bool{}
	for _, s := range ss {
		if seen[s] {
			return s
		}
		seen[s] = true
	}
	return ""
}

var textCellSep = regexp.MustCompile(`\s{2,}`)

// readText reads the text format's tables: blocks of lines indented by two
// spaces, cells two or more spaces apart, the first line the header. A
// table's one-cell lines are its notes.
func readText(t *testing.T, out string) cells {
	t.Helper()
	c := cells{}
	var block [][]string
	flush := func() {
		if len(block) > 0 {
			c.add(t, "text", block[0], block[1:])
		}
		block = nil
	}
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "  ") {
			flush()
			continue
		}
		f := textCellSep.Split(strings.TrimSpace(line), -1)
		if len(f) < 2 {
			continue // a note
		}
		block = append(block, f)
	}
	flush()
	return c
}

// readCSV reads the CSV tables, separated by blank lines, each with its
// header first. The first table is about the report, not figures.
func readCSV(t *testing.T, out string) cells {
	t.Helper()
	c := cells{}
	for i, part := range strings.Split(out, "\r\n\r\n") {
		r := csv.NewReader(strings.NewReader(part))
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("csv: table %d does not parse: %v\n%s", i, err, part)
		}
		if len(rows) == 0 {
			t.Fatalf("csv: table %d is empty", i)
		}
		c.add(t, "csv", rows[0], rows[1:])
	}
	return c
}

var (
	htmlTableRE = regexp.MustCompile(`(?s)<table data-table="[a-z_]+"[^>]*>(.*?)</table>`)
	htmlRowRE   = regexp.MustCompile(`(?s)<tr[^>]*>(.*?)</tr>`)
	htmlCellRE  = regexp.MustCompile(`(?s)<t[hd][^>]*>(.*?)</t[hd]>`)
)

// readHTML reads the HTML tables.
func readHTML(t *testing.T, out string) cells {
	t.Helper()
	c := cells{}
	for _, tm := range htmlTableRE.FindAllStringSubmatch(out, -1) {
		var rows [][]string
		for _, rm := range htmlRowRE.FindAllStringSubmatch(tm[1], -1) {
			var row []string
			for _, cm := range htmlCellRE.FindAllStringSubmatch(rm[1], -1) {
				row = append(row, html.UnescapeString(cm[1]))
			}
			rows = append(rows, row)
		}
		c.add(t, "html", rows[0], rows[1:])
	}
	return c
}

// readFormats renders r in text, CSV and HTML and reads each back.
func readFormats(t *testing.T, r Report) map[Format]cells {
	t.Helper()
	return map[Format]cells{
		Text: readText(t, render(t, r, Text)),
		CSV:  readCSV(t, render(t, r, CSV)),
		HTML: readHTML(t, render(t, r, HTML)),
	}
}
