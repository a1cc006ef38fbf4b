package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// hostileRaw has department and program names that try formula injection,
// HTML/script injection and terminal escapes.
func hostileRaw() Raw {
	raw := sampleRaw()
	raw.Scope.Program = "=HYPERLINK(\"https://evil.example/x\")"
	names := []string{"=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@import", "\tTabbed", "\rReturn",
		"<script>alert(1)</script>", "\x1b[31mRed\x1b[0m", "<img src=https://evil.example/p.png>"}
	raw.Departments = nil
	for i, n := range names {
		raw.Departments = append(raw.Departments, Department{Name: n, People: 6 + i, Mentors: 3, Mentees: 3 + i,
			Sent: cnt(30, 6), Answered: cnt(20, 6), Met: cnt(10, 5)})
	}
	raw.AtRisk = []AtRisk{{PairingID: 1, Program: raw.Scope.Program, Mentor: "=U1", Mentee: "-U2", Reasons: []string{ReasonFlagged}, Flag: "<b>x</b>"}}
	return raw
}

func render(t *testing.T, r Report, f Format) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, r, f); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestCSVLayoutAndNeutralisation(t *testing.T) {
	out := render(t, Build(hostileRaw(), 5), CSV)
	// One table per section, a blank line apart, each with its header row.
	var headers []string
	for _, part := range strings.Split(out, "\r\n\r\n") {
		r := csv.NewReader(strings.NewReader(part))
		r.FieldsPerRecord = 0 // every row of a table as wide as its header
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("CSV table does not parse: %v\n%s", err, part)
		}
		headers = append(headers, strings.Join(rows[0], ","))
		for _, row := range rows {
			for _, cell := range row {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Errorf("cell %q can run as a formula", cell)
				}
			}
		}
	}
	wantHeaders := []string{"Report,Detail", "Participants,People", "Pairings,Number", "Check-ins,Number",
		"Week,Starts on,Sent,Answered,Answered “met”,Met rate", "Feedback,Value", "Rating,Responses", "Goals,Number", "Fit pulse,Answers", "Stage,People",
		"Mentor,Mentee,Program,Started,Why", "Pairing lifecycle,Number",
		"Department,People,Mentors,Mentees,Waiting for a mentor,Paused,Active pairings,Check-ins sent,Answered,Answered “met”,Met rate",
		"Networking rounds,Number"}
	if !slices.Equal(headers, wantHeaders) {
		t.Errorf("tables:\n%s\nwant\n%s", strings.Join(headers, "\n"), strings.Join(wantHeaders, "\n"))
	}
	found := readCSV(t, out)
	for key, want := range map[string]string{
		"Participants|Mentors|People":           "15",
		"Department|'=cmd|' /C calc'!A0|People": "6",
		"Department|'-2+3|People":               "8",
		"Department|'@import|Mentees":           "6",
		"Department|\uFFFDTabbed|People":        "10",
		"Week|2026-W40|Answered":                "suppressed",
		"Rating|1 (lowest)|Responses":           "suppressed",
		"Mentor|'=U1|Mentee":                    "'-U2",
		"Mentor|'=U1|Why":                       "<b>x</b>",
		"Mentor|'=U1|Program":                   "'=HYPERLINK(\"https://evil.example/x\")",
	} {
		if got, ok := found[key]; !ok || got != want {
			t.Errorf("%s = %q (present %v), want %q", key, got, ok, want)
		}
	}
	if !strings.Contains(out, "Covers,\"program \"\"=HYPERLINK(") {
		t.Errorf("the report table does not name the program:\n%s", out)
	}
}

// TestNeutralise is issue 10's item 15: a cell such as R&D;=1+1 opened as
// a formula in a spreadsheet whose separator is ';'. Every place a field
// can start, under any separator, is neutralised.
func TestNeutralise(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"=1+1", "'=1+1"}, {"+1", "'+1"}, {"-1", "'-1"}, {"@a", "'@a"}, {"\tx", "'\tx"}, {"\rx", "'\rx"},
		{"", ""}, {"12", "12"}, {"a=b", "a=b"}, {"'x", "'x"}, {"suppressed", "suppressed"}, {"0.714", "0.714"},
		{"2026-W45", "2026-W45"}, {"not_met_3;need_help", "not_met_3;need_help"},
		// after a separator a spreadsheet may split on
		{"R&D;=1+1", "R&D;'=1+1"}, {"R&D,=1+1", "R&D,'=1+1"}, {"a\t+1", "a\t'+1"},
		{"a;;=1", "a;;'=1"}, {"a;-1;@b", "a;'-1;'@b"},
		// after a line break, which starts a row
		{"a\n=1", "a\n'=1"}, {"a\r\n@x", "a\r\n'@x"},
		// behind spaces and quotes a spreadsheet may strip
		{"a; =1", "a; '=1"}, {"a;\"=1\"", "a;\"'=1\""}, {" =1", " '=1"}, {"\"=1", "\"'=1"},
		// a formula character inside a field is text
		{"a;b=1", "a;b=1"}, {"a; b-1", "a; b-1"},
	} {
		if got := neutralise(tc.in); got != tc.want {
			t.Errorf("neutralise(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// formulaStart finds, in a CSV file's raw text, a place where a field
// could start under any of the separators spreadsheets use (the start of
// the file or of a line, or after a comma, semicolon or tab), then spaces
// or double quotes, then a formula character.
var formulaStart = regexp.MustCompile(`(^|[,;\t\r\n])[ "]*[=+\-@]`)

// TestCSVSafeUnderAnySeparator writes names that try formula injection
// and reads the file's bytes as a spreadsheet set to ',', ';' or tab
// would split them: no field anywhere starts like a formula.
func TestCSVSafeUnderAnySeparator(t *testing.T) {
	raw := hostileRaw()
	for i, n := range []string{"R&D;=1+1", "Ops;+cmd", "QA\t-2", "Legal, @SUM(A1)", "HR;\"=HYPERLINK(1)\"", "x\n=1"} {
		raw.Departments = append(raw.Departments, Department{Name: n, People: 6 + i, Mentors: 3, Mentees: 3})
	}
	raw.AtRisk[0].Flag = "unreachable;=2+2"
	out := render(t, Build(raw, 5), CSV)
	if m := formulaStart.FindStringIndex(out); m != nil {
		t.Fatalf("a field can start like a formula at %d: %q", m[0], out[max(0, m[0]-30):min(len(out), m[1]+30)])
	}
	for _, comma := range []rune{',', ';', '\t'} {
		r := csv.NewReader(strings.NewReader(out))
		r.Comma, r.LazyQuotes, r.FieldsPerRecord = comma, true, -1
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("separator %q: %v", comma, err)
		}
		for _, row := range rows {
			for _, c := range row {
				if c = strings.TrimLeft(c, ` "`); c != "" && strings.ContainsRune("=+-@", rune(c[0])) {
					t.Errorf("separator %q: field %q", comma, c)
				}
			}
		}
	}
}

// externalRef finds a tag with src/href; cssFetch, CSS that fetches.
var (
	externalRef = regexp.MustCompile(`(?i)<[a-z][^>]*\s(src|href|xlink:href|action|data)\s*=`)
	cssFetch    = regexp.MustCompile(`(?is)<style>.*(url\(|@import).*</style>`)
)

func TestHTMLIsSelfContainedAndEscaped(t *testing.T) {
	out := render(t, Build(hostileRaw(), 5), HTML)
	if m := externalRef.FindString(out); m != "" {
		t.Errorf("HTML can fetch something: %q", m)
	}
	if cssFetch.MatchString(out) {
		t.Error("the style sheet fetches something")
	}
	if strings.Contains(out, "http://") || strings.Contains(out, "https://") {
		// Only the hostile names may carry URLs, and only as escaped text.
		for _, l := range strings.Split(out, "\n") {
			if (strings.Contains(l, "http://") || strings.Contains(l, "https://")) && !strings.Contains(l, "evil.example") {
				t.Errorf("HTML names a URL: %s", l)
			}
		}
	}
	for _, bad := range []string{"<script", "<img", "<b>x</b>", "\x1b"} {
		if strings.Contains(out, bad) {
			t.Errorf("HTML contains %q unescaped", bad)
		}
	}
	for _, want := range []string{"<svg", "&lt;script&gt;alert(1)&lt;/script&gt;", "Content-Security-Policy", "default-src &#39;none&#39;",
		"Participation funnel", "Met rate per week", "Rating distribution", "Departments"} {
		if !strings.Contains(out, want) && !strings.Contains(out, strings.ReplaceAll(want, "&#39;", "'")) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if n := strings.Count(out, "<svg"); n != 3 {
		t.Errorf("%d charts, want 3", n)
	}
}

func TestTextIsTerminalSafeAndAligned(t *testing.T) {
	out := render(t, Build(hostileRaw(), 5), Text)
	if strings.ContainsAny(out, "\x1b\r\t") {
		t.Error("text output carries control characters from the data")
	}
	if !strings.Contains(out, "\uFFFD[31mRed") {
		t.Error("escape sequence not replaced")
	}
	// Every line of a table is as wide as its header (right-aligned numbers).
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, "  Department  ") && !strings.HasPrefix(l, "  Department ") {
			continue
		}
		w := width(l)
		for _, row := range lines[i+1:] {
			if row == "" || len(textCellSep.Split(strings.TrimSpace(row), -1)) < 2 {
				break // the table's end, or its note
			}
			if width(row) != w {
				t.Errorf("misaligned:\n%q\n%q", l, row)
			}
		}
	}
}

func TestJSONRoundTrips(t *testing.T) {
	r := Build(sampleRaw(), 5)
	out := render(t, r, JSON)
	var back Report
	if err := json.Unmarshal([]byte(out), &back); err != nil {
		t.Fatal(err)
	}
	again, _ := json.Marshal(back)
	first, _ := json.Marshal(r)
	if !bytes.Equal(first, again) {
		t.Errorf("JSON does not round-trip:\n%s\n%s", first, again)
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats() {
		if got, err := ParseFormat(" " + strings.ToUpper(string(f)) + " "); err != nil || got != f {
			t.Errorf("%s: %v %v", f, got, err)
		}
	}
	if _, err := ParseFormat("pdf"); err == nil {
		t.Error("pdf accepted")
	}
	if Text.Ext() != ".txt" || HTML.Ext() != ".html" {
		t.Error("extensions")
	}
}
