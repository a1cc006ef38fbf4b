package report

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func cnt(v, p int) Count { return Count{Value: v, People: p} }

// ratingsOf makes one rating per value in program 1, each by a different
// person, all in the window.
func ratingsOf(values ...int) []Rating {
	out := make([]Rating, len(values))
	for i, v := range values {
		out[i] = Rating{Program: 1, Rater: int64(i + 1), Value: v, InWindow: true}
	}
	return out
}

// sampleRatings are 30 ratings from 30 people: one 1, two 2s, six 3s, ten
// 4s and eleven 5s (sum 118).
func sampleRatings() []Rating {
	var values []int
	for v, n := range []int{1, 2, 6, 10, 11} {
		for range n {
			values = append(values, v+1)
		}
	}
	return ratingsOf(values...)
}

// sampleRaw is a program of 40 people in three departments (one small),
// with people who left, four weeks of check-ins and some ratings.
func sampleRaw() Raw {
	return Raw{
		Scope:        Scope{Program: "Spring", Since: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)},
		GeneratedAt:  time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC),
		Participants: Participants{Total: 40, Mentors: 15, Mentees: 28, Waiting: 6, Paused: 3, Left: 2, Matched: 20, Met: 17},
		Pairings:     Pairings{Active: 20, Ended: 4, Started: 24, DaysToMatch: 3.25, DaysToMatchMentees: 22},
		Lifecycle:    Lifecycle{Ended: 4, Completed: 3, DaysToFirstMet: 6.5, DaysToFirstMetPairings: 18, Meetings: 22},
		CheckIns:     CheckIns{Sent: 300, Answered: 240, Met: 180},
		Weeks: []Week{
			{Start: time.Date(2026, 9, 14, 0, 0, 0, 0, time.UTC), Sent: cnt(80, 38), Answered: cnt(70, 35), Met: cnt(50, 30)},
			{Start: time.Date(2026, 9, 7, 0, 0, 0, 0, time.UTC), Sent: cnt(80, 38), Answered: cnt(60, 33), Met: cnt(48, 28)},
			{Start: time.Date(2026, 9, 21, 0, 0, 0, 0, time.UTC), Sent: cnt(80, 38), Answered: cnt(66, 34), Met: cnt(50, 29)},
			{Start: time.Date(2026, 9, 28, 0, 0, 0, 0, time.UTC), Sent: cnt(60, 30), Answered: cnt(44, 3), Met: cnt(32, 3)},
		},
		Feedback: sampleRatings(),
		Departments: []Department{
			{Name: "Sales", People: 15, Mentors: 5, Mentees: 11, Waiting: 2, Paused: 1, Pairings: cnt(8, 8),
				Sent: cnt(110, 15), Answered: cnt(90, 14), Met: cnt(70, 13)},
			{Name: "Eng", People: 22, Mentors: 9, Mentees: 15, Waiting: 4, Paused: 2, Pairings: cnt(11, 11),
				Sent: cnt(170, 22), Answered: cnt(135, 21), Met: cnt(100, 20)},
			{Name: "Legal", People: 3, Mentors: 1, Mentees: 2, Pairings: cnt(1, 1),
				Sent: cnt(12, 3), Answered: cnt(10, 3), Met: cnt(8, 2)},
		},
		Former: Department{People: 2, Sent: cnt(8, 2), Answered: cnt(5, 2), Met: cnt(2, 1)},
		AtRisk: []AtRisk{
			{PairingID: 9, Program: "Spring", Mentor: "U9", Mentee: "U10", Reasons: []string{ReasonLowRating}},
			{PairingID: 3, Program: "Spring", Mentor: "U3", Mentee: "U4", Reasons: []string{ReasonNotMet, ReasonFlagged}, Flag: "a person cannot be messaged"},
		},
		Rounds: RoundsRaw{Series: 1, Rounds: 4, People: 34, Groups: 16, CrossGroups: 12, Answers: 30, Met: 21},
	}
}

func TestBuildProgramWideFiguresAlwaysShown(t *testing.T) {
	r := Build(sampleRaw(), 5)
	if r.Participants != (ParticipantFigures{Total: 40, Mentors: 15, Mentees: 28, Waiting: 6, Paused: 3, Left: 2}) {
		t.Errorf("participants %+v", r.Participants)
	}
	if r.Pairings.Active != 20 || r.Pairings.Ended != 4 || r.Pairings.Started != 24 || r.Pairings.AtRisk != 2 || *r.Pairings.MedianDaysToMatch != 3.3 {
		t.Errorf("pairings %+v", r.Pairings)
	}
	if r.CheckIns.Sent != 300 || r.CheckIns.Answered != 240 || r.CheckIns.Met != 180 || *r.CheckIns.MetRate != 0.75 {
		t.Errorf("check-ins %+v", r.CheckIns)
	}
	if r.Funnel != (Funnel{SignedUp: 40, Mentees: 28, Matched: 20, Met: 17}) {
		t.Errorf("funnel %+v", r.Funnel)
	}
	if *r.Feedback.Responses != 30 || *r.Feedback.AverageRating != 3.93 {
		t.Errorf("feedback %+v", r.Feedback)
	}
	if r.Since == nil || *r.Since != "2026-09-01" || r.Program != "Spring" || r.MinGroup != 5 || r.Version != Version {
		t.Errorf("header %+v", r)
	}
	if r.AtRisk[0].PairingID != 3 || r.AtRisk[1].PairingID != 9 {
		t.Errorf("at-risk not in pairing order: %+v", r.AtRisk)
	}
}

func TestBuildWeeks(t *testing.T) {
	r := Build(sampleRaw(), 5)
	w := r.CheckIns.Weeks
	if len(w) != 4 || w[0].Week != "2026-W37" || w[0].Start != "2026-09-07" || w[3].Week != "2026-W40" {
		t.Fatalf("weeks out of order or mislabelled: %+v", w)
	}
	// Week 40: 3 people answered; answered and met hide, and so do week 37's
	// (the cheapest partners) so that neither column gives them away.
	if w[3].Sent == nil || w[3].Answered != nil || w[3].Met != nil || w[3].MetRate != nil {
		t.Errorf("week 40 %+v", w[3])
	}
	if w[0].Answered != nil || w[0].Met != nil || w[0].Sent == nil {
		t.Errorf("week 37 should be the complement: %+v", w[0])
	}
	if w[1].MetRate == nil || *w[1].MetRate != *round(50.0/70, 3) {
		t.Errorf("week 38 rate %+v", w[1].MetRate)
	}
}

func TestBuildDepartments(t *testing.T) {
	r := Build(sampleRaw(), 5)
	if len(r.Departments) != 2 || r.Departments[0].Department != "Eng" || r.Departments[1].Department != "Sales" {
		t.Fatalf("named departments %+v", r.Departments)
	}
	// Legal (3 people) is merged, so its name is never printed.
	out, _ := json.Marshal(r)
	if strings.Contains(string(out), "Legal") {
		t.Error("a department under the minimum group is named")
	}
	other := r.OtherDepartments
	if other == nil || other.People != nil || other.Mentors != nil || other.CheckinsSent != nil {
		t.Fatalf("other departments %+v", other)
	}
	f := r.FormerParticipants
	if f == nil || f.People != 2 || f.CheckinsSent != nil || f.FeedbackResponses != nil {
		t.Fatalf("former %+v", f)
	}
	eng := r.Departments[0]
	if *eng.People != 22 || *eng.Mentors != 9 || eng.Waiting != nil || eng.Paused != nil {
		t.Errorf("eng %+v", eng.GroupFigures)
	}
	// Check-ins sent: other (3 people) and former (2) hide; Eng and Sales
	// show, and the total is the program's.
	if eng.CheckinsSent == nil || *eng.CheckinsSent != 170 || eng.MetRate == nil || *eng.MetRate != *round(100.0/135, 3) {
		t.Errorf("eng activity %+v", eng.GroupFigures)
	}
	if eng.FeedbackResponses != nil || eng.AverageRating != nil {
		t.Errorf("ratings broken down by department: %+v", eng.GroupFigures)
	}
}

func TestBuildFeedbackUnderMinimum(t *testing.T) {
	raw := sampleRaw()
	// Six ratings from four people: no release group of five is complete.
	raw.Feedback = ratingsOf(3, 3, 4, 5, 4, 5)
	raw.Feedback[4].Rater, raw.Feedback[5].Rater = 1, 2
	r := Build(raw, 5)
	if r.Feedback.Responses != nil || r.Feedback.AverageRating != nil {
		t.Errorf("4 raters shown: %+v", r.Feedback)
	}
	for i, b := range r.Feedback.Distribution.Buckets() {
		if b != nil {
			t.Errorf("bucket %d shown", i+1)
		}
	}
	for _, d := range r.Departments {
		if d.FeedbackResponses != nil || d.AverageRating != nil {
			t.Errorf("department %s shows feedback under the minimum", d.Department)
		}
	}
}

func TestBuildDistributionHidesAtLeastThree(t *testing.T) {
	r := Build(sampleRaw(), 5)
	hidden := 0
	for _, b := range r.Feedback.Distribution.Buckets() {
		if b == nil {
			hidden++
		}
	}
	// Ratings 1 and 2 have 1 and 2 raters; rating 3 (6 raters) joins them.
	d := r.Feedback.Distribution
	if hidden != 3 || d.R1 != nil || d.R2 != nil || d.R3 != nil || *d.R4 != 10 || *d.R5 != 11 {
		t.Errorf("distribution %v", d.Buckets())
	}
}

func TestBuildMedianNeedsMinimumMentees(t *testing.T) {
	raw := sampleRaw()
	raw.Pairings.DaysToMatchMentees = 4
	if r := Build(raw, 5); r.Pairings.MedianDaysToMatch != nil || r.Pairings.noMatches {
		t.Errorf("median over 4 mentees shown: %+v", r.Pairings)
	}
	raw.Pairings.DaysToMatchMentees = 0
	if r := Build(raw, 5); r.Pairings.MedianDaysToMatch != nil || !r.Pairings.noMatches {
		t.Errorf("no matches: %+v", r.Pairings)
	}
}

func TestBuildMinimumOneShowsAll(t *testing.T) {
	r := Build(sampleRaw(), 1)
	out, _ := json.Marshal(r)
	// Ratings are never broken down by department, whatever the minimum.
	rest := strings.Replace(string(out), `"other_departments":null`, "", 1)
	rest = strings.ReplaceAll(strings.ReplaceAll(rest, `"feedback_responses":null`, ""), `"average_rating":null`, "")
	if r.OtherDepartments != nil || strings.Contains(rest, "null") || r.Feedback.AverageRating == nil {
		t.Errorf("minimum group 1 suppressed something: %s", out)
	}
	if r.Feedback.Distribution.R1 == nil || *r.Feedback.Distribution.R1 != 1 {
		t.Errorf("distribution %v", r.Feedback.Distribution.Buckets())
	}
}

// TestJSONContract pins the keys product.md and docs/reports.md promise.
func TestJSONContract(t *testing.T) {
	out, err := json.Marshal(Build(sampleRaw(), 5))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{
		"version", "program", "since", "generated_at", "min_group",
		"participants.total", "participants.mentors", "participants.mentees", "participants.waiting", "participants.paused", "participants.left",
		"pairings.active", "pairings.ended", "pairings.started", "pairings.at_risk", "pairings.median_days_to_match",
		"checkins.sent", "checkins.answered", "checkins.met", "checkins.met_rate", "checkins.weeks",
		"feedback.responses", "feedback.average_rating", "feedback.distribution.1", "feedback.distribution.5",
		"funnel.signed_up", "funnel.mentees", "funnel.matched", "funnel.met",
		"at_risk", "departments", "other_departments.people", "former_participants.people",
	} {
		var v any = doc
		for _, k := range strings.Split(path, ".") {
			m, ok := v.(map[string]any)
			if !ok {
				t.Errorf("%s: %s is not an object", path, k)
				break
			}
			if v, ok = m[k]; !ok {
				t.Errorf("missing key %s", path)
				break
			}
		}
	}
	week := doc["checkins"].(map[string]any)["weeks"].([]any)[3].(map[string]any)
	if week["answered"] != nil || week["sent"] == nil {
		t.Errorf("a suppressed figure is not null: %v", week)
	}
	dept := doc["departments"].([]any)[0].(map[string]any)
	for _, k := range []string{"department", "people", "mentors", "mentees", "waiting", "paused", "pairings_active",
		"checkins_sent", "checkins_answered", "checkins_met", "met_rate", "feedback_responses", "average_rating"} {
		if _, ok := dept[k]; !ok {
			t.Errorf("department row lacks %s", k)
		}
	}
	risk := doc["at_risk"].([]any)[0].(map[string]any)
	for _, k := range []string{"pairing_id", "program", "mentor", "mentee", "started_at", "reasons", "flag"} {
		if _, ok := risk[k]; !ok {
			t.Errorf("at-risk row lacks %s", k)
		}
	}
}

// TestBuildSingleRowRepeatsTotal is issue 10's item 6: when every
// department is under the minimum, the breakdown is one "Other departments"
// row that equals the total row; main showed it "suppressed" next to a
// total showing the same figures. A single week is the same case.
func TestBuildSingleRowRepeatsTotal(t *testing.T) {
	raw := Raw{
		Participants: Participants{Total: 7, Mentors: 3, Mentees: 4, Waiting: 1, Paused: 1},
		Pairings:     Pairings{Active: 3},
		CheckIns:     CheckIns{Sent: 6, Answered: 4, Met: 2},
		Weeks:        []Week{{Start: time.Date(2026, 9, 7, 0, 0, 0, 0, time.UTC), Sent: cnt(6, 6), Answered: cnt(4, 4), Met: cnt(2, 2)}},
		Departments: []Department{
			{Name: "A", People: 3, Mentors: 1, Mentees: 2, Waiting: 1, Pairings: cnt(2, 2), Sent: cnt(4, 4), Answered: cnt(3, 3), Met: cnt(1, 1)},
			{Name: "B", People: 4, Mentors: 2, Mentees: 2, Paused: 1, Pairings: cnt(1, 1), Sent: cnt(2, 2), Answered: cnt(1, 1), Met: cnt(1, 1)},
		},
	}
	r := Build(raw, 5)
	o := r.OtherDepartments
	if o == nil || len(r.Departments) != 0 {
		t.Fatalf("breakdown %+v other %+v", r.Departments, o)
	}
	total := r.total()
	for name, pair := range map[string][2]*int{
		"people": {o.People, total.People}, "mentors": {o.Mentors, total.Mentors}, "mentees": {o.Mentees, total.Mentees},
		"waiting": {o.Waiting, total.Waiting}, "paused": {o.Paused, total.Paused}, "pairings_active": {o.PairingsActive, total.PairingsActive},
		"checkins_sent": {o.CheckinsSent, total.CheckinsSent}, "checkins_answered": {o.CheckinsAnswered, total.CheckinsAnswered},
		"checkins_met": {o.CheckinsMet, total.CheckinsMet},
	} {
		if pair[0] == nil || *pair[0] != *pair[1] {
			t.Errorf("other departments %s = %v beside a total of %d", name, pair[0], *pair[1])
		}
	}
	w := r.CheckIns.Weeks[0]
	if w.Sent == nil || *w.Sent != 6 || w.Answered == nil || *w.Answered != 4 || w.Met == nil || *w.Met != 2 {
		t.Errorf("the only week %+v beside check-ins %+v", w, r.CheckIns)
	}
}

// TestPrivacyNoteMatchesWhatIsShown: main said "figures about fewer than 5
// people read suppressed" above "Left 1"; program-wide counts are always
// shown, and the note must say so (and how ratings are counted).
func TestPrivacyNoteMatchesWhatIsShown(t *testing.T) {
	raw := sampleRaw()
	raw.Participants.Left, raw.Participants.Paused = 1, 1
	for _, f := range []Format{Text, HTML} {
		out := render(t, Build(raw, 5), f)
		for _, want := range []string{"Program-wide counts of people, pairings and check-ins are always shown",
			"Ratings are counted in groups of 5 responses from 5 different people"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: the note lacks %q", f, want)
			}
		}
	}
}
