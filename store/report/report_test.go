package report

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func cnt(v, p int) Count { return Count{Value: v, People: p} }

// sampleRaw is a program of 40 people in three departments (one small),
// with people who left, four weeks of check-ins and some ratings.
func sampleRaw() Raw {
	return Raw{
		Scope:        Scope{Program: "Spring", Since: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)},
		GeneratedAt:  time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC),
		Participants: Participants{Total: 40, Mentors: 15, Mentees: 28, Waiting: 6, Paused: 3, Left: 2, Matched: 20, Met: 17},
		Pairings:     Pairings{Active: 20, Ended: 4, Started: 24, DaysToMatch: 3.25, DaysToMatchMentees: 22},
		CheckIns:     CheckIns{Sent: 300, Answered: 240, Met: 180},
		Weeks: []Week{
			{Start: time.Date(2026, 9, 14, 0, 0, 0, 0, time.UTC), Sent: cnt(80, 38), Answered: cnt(70, 35), Met: cnt(50, 30)},
			{Start: time.Date(2026, 9, 7, 0, 0, 0, 0, time.UTC), Sent: cnt(80, 38), Answered: cnt(60, 33), Met: cnt(48, 28)},
			{Start: time.Date(2026, 9, 21, 0, 0, 0, 0, time.UTC), Sent: cnt(80, 38), Answered: cnt(66, 34), Met: cnt(50, 29)},
			{Start: time.Date(2026, 9, 28, 0, 0, 0, 0, time.UTC), Sent: cnt(60, 30), Answered: cnt(44, 3), Met: cnt(32, 3)},
		},
		Feedback: Feedback{Responses: cnt(30, 25), RatingSum: 112, Ratings: [5]Count{cnt(1, 1), cnt(2, 2), cnt(6, 6), cnt(10, 9), cnt(11, 9)}},
		Departments: []Department{
			{Name: "Sales", People: 15, Mentors: 5, Mentees: 11, Waiting: 2, Paused: 1, Pairings: cnt(8, 8),
				Sent: cnt(110, 15), Answered: cnt(90, 14), Met: cnt(70, 13), Responses: cnt(11, 9), RatingSum: 40},
			{Name: "Eng", People: 22, Mentors: 9, Mentees: 15, Waiting: 4, Paused: 2, Pairings: cnt(11, 11),
				Sent: cnt(170, 22), Answered: cnt(135, 21), Met: cnt(100, 20), Responses: cnt(15, 13), RatingSum: 60},
			{Name: "Legal", People: 3, Mentors: 1, Mentees: 2, Pairings: cnt(1, 1),
				Sent: cnt(12, 3), Answered: cnt(10, 3), Met: cnt(8, 2), Responses: cnt(2, 2), RatingSum: 6},
		},
		Former: Department{People: 2, Sent: cnt(8, 2), Answered: cnt(5, 2), Met: cnt(2, 1), Responses: cnt(2, 1), RatingSum: 6},
		AtRisk: []AtRisk{
			{PairingID: 9, Program: "Spring", Mentor: "U9", Mentee: "U10", Reasons: []string{ReasonLowRating}},
			{PairingID: 3, Program: "Spring", Mentor: "U3", Mentee: "U4", Reasons: []string{ReasonNotMet, ReasonFlagged}, Flag: "a person cannot be messaged"},
		},
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
	if *r.Feedback.Responses != 30 || *r.Feedback.AverageRating != 3.73 {
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
	if eng.AverageRating == nil || *eng.AverageRating != *round(60.0/15, 2) {
		t.Errorf("eng rating %+v", eng.AverageRating)
	}
}

func TestBuildFeedbackUnderMinimum(t *testing.T) {
	raw := sampleRaw()
	raw.Feedback = Feedback{Responses: cnt(6, 4), RatingSum: 20, Ratings: [5]Count{{}, {}, cnt(2, 2), cnt(2, 1), cnt(2, 2)}}
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
	if r.OtherDepartments != nil || strings.Contains(strings.Replace(string(out), `"other_departments":null`, "", 1), "null") {
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
