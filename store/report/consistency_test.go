package report

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fromJSON is what the JSON format says, in the words and cells the other
// formats print: the JSON is parsed back, and each of its figures is put
// where a person reads it. Only the figures are mapped (not notes).
func fromJSON(t *testing.T, out string) cells {
	t.Helper()
	var r Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("json: %v", err)
	}
	num := func(p *int) string {
		if p == nil {
			return "suppressed"
		}
		return strconv.Itoa(*p)
	}
	n := strconv.Itoa
	rate := func(p *float64, inputs bool) string {
		switch {
		case p != nil:
			return strconv.FormatFloat(*p*100, 'f', 1, 64) + "%"
		case inputs:
			return "n/a"
		}
		return "suppressed"
	}
	dec := func(p *float64, inputs bool, digits int) string {
		switch {
		case p != nil:
			return strconv.FormatFloat(*p, 'f', digits, 64)
		case inputs:
			return "n/a"
		}
		return "suppressed"
	}
	since := "since the beginning"
	if r.Since != nil {
		since = "since " + *r.Since
	}
	c := cells{}
	put := func(table, row string, kv ...string) {
		for i := 0; i < len(kv); i += 2 {
			c[cellKey(table, row, kv[i])] = kv[i+1]
		}
	}
	p := r.Participants
	for row, v := range map[string]int{
		"Signed up (not left)": p.Total, "Mentors": p.Mentors, "Mentees": p.Mentees, "Both mentor and mentee (counted in each)": p.Both,
		"Mentees with a mentor": r.Funnel.Matched, "Mentees waiting for a mentor": p.Waiting, "Paused": p.Paused, "Left": p.Left,
		"Mentees not waiting (paused, cannot be messaged, or paired in another program)": p.Mentees - r.Funnel.Matched - p.Waiting,
	} {
		put("Participants", row, "People", n(v))
	}
	pa := r.Pairings
	put("Pairings", "Active", "Number", n(pa.Active))
	put("Pairings", "At risk (listed below)", "Number", n(pa.AtRisk))
	put("Pairings", "Started "+since, "Number", n(pa.Started))
	put("Pairings", "Ended "+since, "Number", n(pa.Ended))
	// A null median is "n/a" when no mentee was matched, which JSON does
	// not say apart from suppressed; the readers agree on it among
	// themselves, so it is left out here.
	if pa.MedianDaysToMatch != nil {
		put("Pairings", "Median days from sign-up to first pairing", "Number", dec(pa.MedianDaysToMatch, true, 1))
	}
	lc := r.Lifecycle
	put("Pairing lifecycle", "Ended "+since+": completed (on their end date or with their program)", "Number", num(lc.Completed))
	put("Pairing lifecycle", "Ended "+since+": early (unpaired, rematched, left or departed)", "Number", num(lc.EndedEarly))
	// As for the median above, a null here is n/a or suppressed, which
	// JSON does not tell apart; the readers agree on it among themselves.
	if lc.MedianDaysToFirstMet != nil {
		put("Pairing lifecycle", "Median days from a pairing's start to its first “met” (pairings started "+since+")", "Number", dec(lc.MedianDaysToFirstMet, true, 1))
	}
	// Meetings per pairing is null when nothing ended (n/a) or too few did.
	put("Pairing lifecycle", "Meetings held per pairing that ended "+since+" (weeks with a “met”)", "Number", dec(lc.MeetingsPerPairing, pa.Ended == 0, 1))
	ci := r.CheckIns
	put("Check-ins", "Sent", "Number", n(ci.Sent))
	put("Check-ins", "Answered", "Number", n(ci.Answered))
	put("Check-ins", "Answered “met”", "Number", n(ci.Met))
	put("Check-ins", "Met rate (share of answers)", "Number", rate(ci.MetRate, true))
	for _, w := range ci.Weeks {
		put("Week", w.Week, "Starts on", w.Start, "Sent", num(w.Sent), "Answered", num(w.Answered), "Answered “met”", num(w.Met),
			"Met rate", rate(w.MetRate, w.Met != nil && w.Answered != nil))
	}
	fb := r.Feedback
	put("Feedback", "Ratings counted", "Value", num(fb.Responses))
	put("Feedback", "Average rating (1 to 5)", "Value", dec(fb.AverageRating, fb.Responses != nil, 2))
	for i, b := range fb.Distribution.Buckets() {
		label := map[int]string{0: "1 (lowest)", 4: "5 (highest)"}[i]
		if label == "" {
			label = n(i + 1)
		}
		put("Rating", label, "Responses", num(b))
	}
	put("Goals", "Goals set", "Number", num(r.Goals.Set))
	put("Goals", "Progressing", "Number", num(r.Goals.Progressing))
	put("Goals", "Done", "Number", num(r.Goals.Done))
	put("Fit pulse", "Answers counted", "Answers", num(r.Fit.Responses))
	put("Fit pulse", "Good fit", "Answers", num(r.Fit.Distribution.Good))
	put("Fit pulse", "Not sure", "Answers", num(r.Fit.Distribution.NotSure))
	put("Fit pulse", "Not a fit", "Answers", num(r.Fit.Distribution.NotAFit))
	put("Stage", "Signed up", "People", n(r.Funnel.SignedUp))
	put("Stage", "Mentees", "People", n(r.Funnel.Mentees))
	put("Stage", "Mentees with a mentor", "People", n(r.Funnel.Matched))
	put("Stage", "Mentees whose pairing met "+since, "People", n(r.Funnel.Met))
	for _, a := range r.AtRisk {
		person := func(name, id string) string {
			if name == "" {
				return id
			}
			return name + " (" + id + ")"
		}
		program := a.Program
		if program == "" {
			program = "no program"
		}
		put("Mentor", person(a.MentorName, a.Mentor), "Mentee", person(a.MenteeName, a.Mentee), "Program", program,
			"Started", a.StartedAt.Format(time.DateOnly), "Why", a.Why)
	}
	group := func(label string, g GroupFigures, former bool) {
		head := []string{"People", num(g.People), "Mentors", num(g.Mentors), "Mentees", num(g.Mentees), "Waiting for a mentor", num(g.Waiting),
			"Paused", num(g.Paused), "Active pairings", num(g.PairingsActive)}
		if former {
			head = []string{"People", num(g.People), "Mentors", "n/a", "Mentees", "n/a", "Waiting for a mentor", "n/a", "Paused", "n/a", "Active pairings", "n/a"}
		}
		put("Department", label, head...)
		put("Department", label, "Check-ins sent", num(g.CheckinsSent), "Answered", num(g.CheckinsAnswered),
			"Answered “met”", num(g.CheckinsMet), "Met rate", rate(g.MetRate, g.CheckinsMet != nil && g.CheckinsAnswered != nil))
	}
	for _, d := range r.Departments {
		label := d.Department
		if label == "" {
			label = "(department not given)"
		}
		group(label, d.GroupFigures, false)
	}
	if r.OtherDepartments != nil {
		group("Other departments", *r.OtherDepartments, false)
	}
	if f := r.FormerParticipants; f != nil {
		people := f.People
		group("People who left", GroupFigures{People: &people, CheckinsSent: f.CheckinsSent, CheckinsAnswered: f.CheckinsAnswered,
			CheckinsMet: f.CheckinsMet, MetRate: f.MetRate}, true)
	}
	if cf := r.Circles; cf != nil {
		put("Mentoring circles", "Active circles", "Number", n(cf.Active))
		put("Mentoring circles", "Members of active circles", "Number", n(cf.Members))
		put("Mentoring circles", "Circles started "+since, "Number", n(cf.Started))
		put("Mentoring circles", "Circle check-ins sent", "Number", n(cf.CheckinsSent))
		put("Mentoring circles", "Circle check-ins answered", "Number", num(cf.CheckinsAnswered))
		put("Mentoring circles", "Circle check-ins answered “met”", "Number", num(cf.CheckinsMet))
		put("Mentoring circles", "Circle met rate (share of answers)", "Number", rate(cf.MetRate, cf.CheckinsMet != nil && cf.CheckinsAnswered != nil))
	}
	ptr := func(v int) *int { return &v }
	group("Total", GroupFigures{People: ptr(p.Total), Mentors: ptr(p.Mentors), Mentees: ptr(p.Mentees), Waiting: ptr(p.Waiting),
		Paused: ptr(p.Paused), PairingsActive: ptr(pa.Active), CheckinsSent: ptr(ci.Sent), CheckinsAnswered: ptr(ci.Answered),
		CheckinsMet: ptr(ci.Met), MetRate: ci.MetRate}, false)
	ro := r.Rounds
	put("Networking rounds", "Series running", "Number", n(ro.Series))
	put("Networking rounds", "Rounds run "+since, "Number", n(ro.Rounds))
	put("Networking rounds", "People grouped (counted once per round)", "Number", n(ro.People))
	put("Networking rounds", "People per round (average)", "Number", dec(ro.PeoplePerRound, true, 1))
	put("Networking rounds", "Groups", "Number", n(ro.Groups))
	put("Networking rounds", "Share of groups across departments", "Number", rate(ro.CrossDepartmentShare, ro.Groups == 0))
	put("Networking rounds", "“Did you meet?” answers", "Number", n(ro.Answers))
	put("Networking rounds", "Met rate (share of answers)", "Number", rate(ro.MetRate, ro.Answers == 0))
	return c
}

// withPeople adds to a random program what randomRaw leaves out: people who
// are both mentor and mentee, matched mentees, and at-risk pairings with
// and without names and programs.
func withPeople(rng *rand.Rand, raw Raw) Raw {
	// Lifecycle figures, some under the minimum group, some with no data.
	if rng.IntN(4) > 0 {
		raw.Pairings.Ended = rng.IntN(12)
	}
	raw.Lifecycle = Lifecycle{Ended: raw.Pairings.Ended, Completed: rng.IntN(raw.Pairings.Ended + 1),
		DaysToFirstMet: float64(rng.IntN(300)) / 10, DaysToFirstMetPairings: rng.IntN(9), Meetings: rng.IntN(40)}
	p := &raw.Participants
	p.Both = rng.IntN(min(p.Mentors, p.Mentees) + 1)
	p.Matched = rng.IntN(p.Mentees - p.Waiting + 1)
	names := []string{"", "Ana Lima", "Yılmaz Öztürk", "Zoë O'Neil"}
	for i := range rng.IntN(4) {
		a := AtRisk{PairingID: int64(i + 1), Mentor: fmt.Sprintf("U%03d", 2*i), Mentee: fmt.Sprintf("U%03d", 2*i+1),
			MentorName: names[rng.IntN(len(names))], MenteeName: names[rng.IntN(len(names))],
			StartedAt: time.Date(2026, 9, 1+i, 9, 0, 0, 0, time.UTC)}
		if rng.IntN(2) == 0 {
			a.Program = "Spring"
		}
		for _, r := range []string{ReasonNotMet, ReasonNeedHelp, ReasonLowRating, ReasonFlagged} {
			if rng.IntN(3) == 0 {
				a.Reasons = append(a.Reasons, r)
			}
		}
		if slices.Contains(a.Reasons, ReasonFlagged) {
			a.Flag = "a person cannot be messaged"
		}
		raw.AtRisk = append(raw.AtRisk, a)
	}
	if rng.IntN(2) == 0 {
		raw.Scope.Since = time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	}
	if rng.IntN(4) > 0 { // networking rounds, small and large
		ro := &raw.Rounds
		ro.Series, ro.Rounds = rng.IntN(3), rng.IntN(12)
		if ro.Rounds > 0 {
			ro.Groups = rng.IntN(8 * ro.Rounds)
			ro.People = 2*ro.Groups + rng.IntN(ro.Rounds+1)
			ro.CrossGroups = rng.IntN(ro.Groups + 1)
			ro.Answers = rng.IntN(ro.People + 1)
			ro.Met = rng.IntN(ro.Answers + 1)
		}
	}
	if rng.IntN(3) > 0 { // mentoring circles (none in a program's report)
		sent := rng.IntN(40)
		answered := rng.IntN(sent + 1)
		raw.Circles = &CircleCounts{Active: rng.IntN(5), Members: rng.IntN(30), Started: rng.IntN(5), Sent: sent, Answered: answered,
			Met: rng.IntN(answered + 1), Answerers: min(answered, rng.IntN(9))}
	}
	return raw
}

// checkSameEverywhere is the consistency property: text, CSV and HTML print
// exactly the same cells, and those cells are what the JSON says,
// suppressions included.
func checkSameEverywhere(t *testing.T, r Report, where string) {
	t.Helper()
	read := readFormats(t, r)
	for k := range read[CSV] {
		if strings.HasPrefix(k, "Report|") {
			delete(read[CSV], k) // the CSV's own header table: what the others say in prose
		}
	}
	want := fromJSON(t, render(t, r, JSON))
	for _, f := range []Format{CSV, HTML} {
		if !maps.Equal(read[f], read[Text]) {
			t.Fatalf("%s: %s and text differ:\n%s", where, f, diffCells(read[f], read[Text]))
		}
	}
	for k, v := range want {
		if got, ok := read[Text][k]; !ok || got != v {
			t.Fatalf("%s: %s is %q in JSON, %q (present %v) in text, CSV and HTML", where, k, v, got, ok)
		}
	}
	for k, v := range read[Text] {
		if _, ok := want[k]; !ok && v == suppressedWord && !strings.HasPrefix(k, "Pairings|Median") && !strings.HasPrefix(k, "Pairing lifecycle|Median") {
			t.Fatalf("%s: %s reads suppressed, JSON has no such figure", where, k)
		}
	}
}

func diffCells(a, b cells) string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(a)) {
		if b[k] != a[k] {
			out = append(out, fmt.Sprintf("%s: %q vs %q", k, a[k], b[k]))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(b)) {
		if _, ok := a[k]; !ok {
			out = append(out, fmt.Sprintf("%s: missing vs %q", k, b[k]))
		}
	}
	return strings.Join(out, "\n")
}

// TestPropertySameFiguresInEveryFormat: for random programs (departments
// of every size, people who left, weeks, ratings in release groups,
// at-risk pairings), text, CSV, JSON and HTML show the same figures and
// suppress the same ones.
func TestPropertySameFiguresInEveryFormat(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 34))
	for iter := range 400 {
		raw := withPeople(rng, randomRaw(rng))
		minGroup := 1 + rng.IntN(6)
		checkSameEverywhere(t, Build(raw, minGroup), fmt.Sprintf("iteration %d (min %d)", iter, minGroup))
	}
}
