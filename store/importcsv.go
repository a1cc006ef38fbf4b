package store

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ImportColumns are the columns of an HR import file, in any order.
// slack_id and role are required; the others may be left out.
var ImportColumns = []string{"slack_id", "name", "role", "teaches", "learns", "goals", "department",
	"seniority", "manager_id", "capacity", "cadence", "timezone"}

// RowError is one bad line of an import file.
type RowError struct {
	Line int // 1-based line in the file (the header is line 1)
	Msg  string
	// SlackID is the row's slack_id when it reads as one (so a partial
	// sync leaves that person alone rather than departing them).
	SlackID string
}

func (e RowError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

var slackUserID = regexp.MustCompile(`^[UW][A-Z0-9]{2,20}$`)

// IsSlackUserID tells whether s looks like a Slack user ID (U… or W…).
func IsSlackUserID(s string) bool { return slackUserID.MatchString(s) }

// Limits on imported text, the same as the sign-up form's.
const (
	importMaxTopics   = 15
	importMaxTopicLen = 40
	importMaxGoals    = 1000
	importMaxName     = 80
)

// ParseImportCSV reads an HR spreadsheet export. A header error (unknown,
// duplicate or missing required column) is fatal; bad rows come back as
// RowErrors with their line, beside the valid profiles. A Slack ID seen
// twice is an error on its second line.
func ParseImportCSV(r io.Reader, program string) ([]Profile, []RowError, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, errors.New("the file is empty: the first line must be a header")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("header: %w", err)
	}
	col := map[string]int{}
	known := map[string]bool{}
	for _, c := range ImportColumns {
		known[c] = true
	}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if !known[h] {
			return nil, nil, fmt.Errorf("header: unknown column %q (known: %s)", h, strings.Join(ImportColumns, ", "))
		}
		if _, dup := col[h]; dup {
			return nil, nil, fmt.Errorf("header: column %q appears twice", h)
		}
		col[h] = i
	}
	for _, req := range []string{"slack_id", "role"} {
		if _, ok := col[req]; !ok {
			return nil, nil, fmt.Errorf("header: required column %q is missing", req)
		}
	}
	var out []Profile
	var bad []RowError
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				bad = append(bad, RowError{Line: pe.Line, Msg: pe.Err.Error()})
				continue
			}
			return nil, nil, err
		}
		if len(rec) != len(header) {
			bad = append(bad, RowError{Line: line, Msg: fmt.Sprintf("has %d cells, the header has %d", len(rec), len(header))})
			continue
		}
		get := func(name string) string {
			if i, ok := col[name]; ok {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		p, msg := importRow(get, program)
		if msg == "" {
			if first, dup := seen[p.SlackID]; dup {
				msg = fmt.Sprintf("slack_id %s already appears on line %d", p.SlackID, first)
			}
		}
		if msg != "" {
			re := RowError{Line: line, Msg: msg}
			if id := get("slack_id"); IsSlackUserID(id) {
				re.SlackID = id
			}
			bad = append(bad, re)
			continue
		}
		seen[p.SlackID] = line
		out = append(out, p)
	}
	return out, bad, nil
}

// importRow validates one row; msg says what is wrong.
func importRow(get func(string) string, program string) (p Profile, msg string) {
	p.SlackID = get("slack_id")
	if !IsSlackUserID(p.SlackID) {
		return p, fmt.Sprintf("slack_id %q is not a Slack user ID (like U012ABCDEF)", truncateRunes(p.SlackID, 30))
	}
	p.Name = get("name")
	if utf8.RuneCountInString(p.Name) > importMaxName {
		return p, fmt.Sprintf("name is longer than %d characters", importMaxName)
	}
	p.Role = strings.ToLower(get("role"))
	if p.Role != RoleMentor && p.Role != RoleMentee && p.Role != RoleBoth {
		return p, fmt.Sprintf("role %q: want mentor, mentee or both", truncateRunes(p.Role, 30))
	}
	var m string
	if p.Teaches, m = importTopics(get("teaches")); m != "" {
		return p, "teaches: " + m
	}
	if p.Learns, m = importTopics(get("learns")); m != "" {
		return p, "learns: " + m
	}
	p.Goals = get("goals")
	if utf8.RuneCountInString(p.Goals) > importMaxGoals {
		return p, fmt.Sprintf("goals are longer than %d characters", importMaxGoals)
	}
	p.Department = strings.Join(strings.Fields(get("department")), " ")
	if s := get("seniority"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 60 {
			return p, fmt.Sprintf("seniority %q: want whole years from 0 to 60", truncateRunes(s, 30))
		}
		p.Seniority = n
	}
	p.ManagerSlackID = get("manager_id")
	if p.ManagerSlackID != "" && !IsSlackUserID(p.ManagerSlackID) {
		return p, fmt.Sprintf("manager_id %q is not a Slack user ID", truncateRunes(p.ManagerSlackID, 30))
	}
	if p.ManagerSlackID == p.SlackID {
		return p, "manager_id is the person themselves"
	}
	if s := get("capacity"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 50 {
			return p, fmt.Sprintf("capacity %q: want a whole number from 0 to 50", truncateRunes(s, 30))
		}
		p.Capacity = n
	}
	if p.Role != RoleMentee && p.Capacity == 0 {
		return p, "capacity: a mentor needs a capacity of at least 1"
	}
	if p.Role == RoleMentee {
		p.Capacity = 0
	}
	switch c := strings.ToLower(get("cadence")); c {
	case "", CadenceWeekly:
		p.Cadence = CadenceWeekly
	case CadenceBiweekly, CadenceMonthly:
		p.Cadence = c
	default:
		return p, fmt.Sprintf("cadence %q: want weekly, biweekly or monthly", truncateRunes(c, 30))
	}
	p.Timezone = get("timezone")
	if p.Timezone == "" {
		p.Timezone = "UTC"
	}
	if _, err := time.LoadLocation(p.Timezone); err != nil || strings.HasPrefix(p.Timezone, "/") || strings.Contains(p.Timezone, "..") {
		return p, fmt.Sprintf("timezone %q is not an IANA time zone (like Europe/Paris)", truncateRunes(p.Timezone, 40))
	}
	if program != "" {
		p.Programs = []string{program}
	}
	return p, ""
}

func importTopics(s string) ([]string, string) {
	var out []string
	for _, t := range strings.Split(s, ";") {
		t = strings.Join(strings.Fields(t), " ")
		if t == "" {
			continue
		}
		if utf8.RuneCountInString(t) > importMaxTopicLen {
			return nil, fmt.Sprintf("topic %q is longer than %d characters", truncateRunes(t, 20), importMaxTopicLen)
		}
		out = append(out, t)
	}
	if len(out) > importMaxTopics {
		return nil, fmt.Sprintf("more than %d topics", importMaxTopics)
	}
	return out, ""
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// ImportResult counts what an import did.
type ImportResult struct {
	Created, Updated int
}
