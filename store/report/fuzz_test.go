package report

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
)

// FuzzWriteCSV builds a report whose program, department and person names
// and at-risk texts are fuzzed, writes it as CSV, and reads it back: it
// must parse, carry every name, and no cell may
// start like a spreadsheet formula (=, +, -, @, tab, carriage return), nor
// any field a spreadsheet splitting on ',', ';' or tab would see.
// Seeds: testdata/fuzz/FuzzWriteCSV (replayed by plain go test).
func FuzzWriteCSV(f *testing.F) {
	f.Add("Spring 2027", "Engineering", "=cmd|' /C calc'!A0", "U1", "-U2", "+flag", "@SUM(A1)")
	f.Add("=HYPERLINK(\"x\")", "\tTab", "\rReturn", "a\"b", "line\nbreak", "", "'already")
	f.Add("R&D;=1+1", "Ops; +x", "QA,\"-1\"", "U1;@x", "U2\t=1", "a\n-b", "c\r\n@d")
	f.Fuzz(func(t *testing.T, program, dept1, dept2, mentor, mentee, flag, reason string) {
		raw := sampleRaw()
		raw.Scope.Program = program
		raw.Departments = []Department{
			{Name: dept1, People: 8, Mentors: 4, Mentees: 4, Sent: cnt(30, 6), Answered: cnt(20, 6), Met: cnt(10, 5)},
			{Name: dept2, People: 7, Mentors: 3, Mentees: 4, Sent: cnt(30, 6), Answered: cnt(20, 6), Met: cnt(10, 5)},
		}
		raw.AtRisk = []AtRisk{{PairingID: 1, Program: program, Mentor: mentor, Mentee: mentee, Reasons: []string{ReasonFlagged, reason}, Flag: flag}}
		var buf bytes.Buffer
		if err := WriteCSV(&buf, Build(raw, 5)); err != nil {
			t.Fatalf("WriteCSV: %v", err)
		}
		if m := formulaStart.FindStringIndex(buf.String()); m != nil {
			t.Fatalf("a field can start like a formula under some separator at %d:\n%s", m[0], buf.String())
		}
		r := csv.NewReader(bytes.NewReader(buf.Bytes()))
		r.FieldsPerRecord = -1 // a table of 2 columns, one of 5, ...
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("the CSV does not read back: %v\n%s", err, buf.String())
		}
		var cells []string
		for i, row := range rows {
			for j, c := range row {
				if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
					t.Fatalf("row %d cell %d starts like a formula: %q", i, j, c)
				}
				cells = append(cells, c)
			}
		}
		// Nothing is dropped: each name is there, as typed but for control
		// characters (shown as U+FFFD, as in every human format) and the 's
		// neutralise puts in front of formula characters.
		for _, s := range []string{program, mentor, mentee, flag} {
			n := neutralise(plain(s))
			if strings.ReplaceAll(n, "'", "") != strings.ReplaceAll(plain(s), "'", "") {
				t.Fatalf("neutralise(%q) = %q changes more than quotes", s, n)
			}
			if s != "" && !slices.ContainsFunc(cells, func(c string) bool { return strings.Contains(c, n) }) {
				t.Fatalf("%q is missing from the CSV", s)
			}
		}
	})
}
