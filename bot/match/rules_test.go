package match

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func mentorP(id string) Person {
	return Person{ID: id, Role: RoleMentor, Available: true, Capacity: 1, Teaches: []string{"Go"}, Seniority: 10}
}

func menteeP(id string) Person {
	return Person{ID: id, Role: RoleMentee, Available: true, Learns: []string{"Go"}, Seniority: 2}
}

// TestHardRules: each case has one mentor and one mentee whose only
// possible pair breaks one hard rule. Score must call it infeasible,
// Match must leave both unmatched (or not list an ineligible person at
// all), and Suggest must not offer the mentor.
func TestHardRules(t *testing.T) {
	history := func(a, b string) bool { return a == "HM" && b == "HE" } // one order only: the other must count too
	tests := []struct {
		name           string
		mentor, mentee Person
		history        func(a, b string) bool
	}{
		{name: "mentee's manager", mentor: mentorP("M"), mentee: func() Person { p := menteeP("E"); p.ManagerID = "M"; return p }()},
		{name: "mentor's manager", mentor: func() Person { p := mentorP("M"); p.ManagerID = "E"; return p }(), mentee: menteeP("E")},
		{name: "met before", mentor: mentorP("HM"), mentee: menteeP("HE"), history: history},
		{name: "met before, other order", mentor: mentorP("HE"), mentee: menteeP("HM"), history: history},
		{name: "mentor at capacity", mentor: func() Person { p := mentorP("M"); p.ActivePairings = 1; return p }(), mentee: menteeP("E")},
		{name: "mentor paused", mentor: func() Person { p := mentorP("M"); p.Available = false; return p }(), mentee: menteeP("E")},
		{name: "mentee paused", mentor: mentorP("M"), mentee: func() Person { p := menteeP("E"); p.Available = false; return p }()},
		{name: "mentee already mentored", mentor: mentorP("M"), mentee: func() Person { p := menteeP("E"); p.ActivePairings = 1; return p }()},
		{name: "both person already mentored", mentor: mentorP("M"), mentee: func() Person { p := menteeP("E"); p.Role = RoleBoth; p.ActiveAsMentee = 1; return p }()},
		{name: "mentee cannot mentor", mentor: func() Person { p := mentorP("M"); p.Role = RoleMentee; return p }(), mentee: menteeP("E")},
		{name: "mentor cannot be mentee", mentor: mentorP("M"), mentee: func() Person { p := menteeP("E"); p.Role = RoleMentor; return p }()},
		{name: "no shared topic", mentor: mentorP("M"), mentee: func() Person { p := menteeP("E"); p.Learns = []string{"Kubernetes", "Rust"}; return p }()},
		{name: "mentee wants no topic", mentor: mentorP("M"), mentee: func() Person { p := menteeP("E"); p.Learns = nil; return p }()},
		{name: "mentor teaches no topic", mentor: func() Person { p := mentorP("M"); p.Teaches = []string{" "}; return p }(), mentee: menteeP("E")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{People: []Person{tt.mentor, tt.mentee}, History: tt.history, Now: testNow}
			if _, ok := Score(in, tt.mentor, tt.mentee); ok {
				t.Error("Score: pair is feasible")
			}
			r, err := Match(in)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Pairs) != 0 {
				t.Errorf("Match paired them: %+v", r.Pairs)
			}
			if err := VerifyCertificate(in, r); err != nil {
				t.Errorf("certificate: %v", err)
			}
			if s := Suggest(in, tt.mentee.ID, 3, nil); len(s) != 0 {
				t.Errorf("Suggest offered %+v", s)
			}
			FeasibleScores(in, func(m, e string, _ float64) { t.Errorf("FeasibleScores listed %s-%s", m, e) })
		})
	}
}

// TestBothRole: a "both" person is never paired with themselves, but may
// mentor one person and be mentored by another in the same matching.
func TestBothRole(t *testing.T) {
	b := Person{ID: "B", Role: RoleBoth, Available: true, Capacity: 1, Teaches: []string{"Go"}, Learns: []string{"Rust"}, Seniority: 5}
	self := Input{People: []Person{b}, Now: testNow}
	if _, ok := Score(self, b, b); ok {
		t.Error("a person can be paired with themselves")
	}
	if r, _ := Match(self); len(r.Pairs) != 0 {
		t.Errorf("self pair: %+v", r.Pairs)
	}
	in := Input{Now: testNow, People: []Person{
		b,
		{ID: "R", Role: RoleMentor, Available: true, Capacity: 1, Teaches: []string{"Rust"}, Seniority: 12},
		{ID: "E", Role: RoleMentee, Available: true, Learns: []string{"Go"}, Seniority: 1},
	}}
	r, err := Match(in)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range r.Pairs {
		got[p.MenteeID] = p.MentorID
	}
	if got["B"] != "R" || got["E"] != "B" || len(got) != 2 {
		t.Errorf("pairs %v, want B mentored by R and mentoring E", got)
	}
}

// TestMatchNeverBreaksHardRules checks every pair of many random cohorts
// against the rules directly, independently of VerifyCertificate.
func TestMatchNeverBreaksHardRules(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for i := range 200 {
		in := vocabCohort(uint64(i), 8+rng.IntN(30), 3+rng.IntN(12), 12, 20, 4)
		requireTopic := i%4 != 0
		in.Weights = DefaultWeights()
		in.Weights.RequireSharedTopic = requireTopic
		byID := map[string]Person{}
		for j := range in.People {
			p := &in.People[j]
			switch rng.IntN(8) {
			case 0:
				p.Available = false
			case 1:
				p.Role = RoleBoth
				p.Capacity = 1 + rng.IntN(2)
			case 2:
				p.ActivePairings = rng.IntN(3)
			case 3:
				p.ManagerID = in.People[rng.IntN(len(in.People))].ID
			}
			byID[p.ID] = *p
		}
		met := map[string]bool{}
		for range 10 {
			met[in.People[rng.IntN(len(in.People))].ID+"/"+in.People[rng.IntN(len(in.People))].ID] = true
		}
		in.History = func(a, b string) bool { return met[a+"/"+b] }
		r, err := Match(in)
		if err != nil {
			t.Fatal(err)
		}
		load := map[string]int{}
		mentored := map[string]bool{}
		for _, p := range r.Pairs {
			m, e := byID[p.MentorID], byID[p.MenteeID]
			load[m.ID]++
			switch {
			case m.ID == e.ID:
				t.Fatalf("cohort %d: self pair %s", i, m.ID)
			case m.ManagerID == e.ID || e.ManagerID == m.ID:
				t.Fatalf("cohort %d: manager pair %s-%s", i, m.ID, e.ID)
			case met[m.ID+"/"+e.ID] || met[e.ID+"/"+m.ID]:
				t.Fatalf("cohort %d: pair %s-%s met before", i, m.ID, e.ID)
			case !m.Available || !e.Available:
				t.Fatalf("cohort %d: unavailable person in %s-%s", i, m.ID, e.ID)
			case m.Role == RoleMentee || e.Role == RoleMentor:
				t.Fatalf("cohort %d: wrong role in %s-%s", i, m.ID, e.ID)
			case load[m.ID] > m.Capacity-m.ActivePairings:
				t.Fatalf("cohort %d: mentor %s over capacity", i, m.ID)
			case mentored[e.ID] || (e.Role == RoleMentee && e.ActivePairings > 0):
				t.Fatalf("cohort %d: mentee %s gets a second mentor", i, e.ID)
			case requireTopic && !shareTopic(m.Teaches, e.Learns):
				t.Fatalf("cohort %d: %s teaches %q, none of %q that %s wants", i, m.ID, m.Teaches, e.Learns, e.ID)
			}
			mentored[e.ID] = true
		}
		if err := VerifyCertificate(in, r); err != nil {
			t.Fatalf("cohort %d: %v", i, err)
		}
	}
}

// shareTopic is the shared-topic rule written plainly: some topic in both
// lists, compared case-insensitively with spaces trimmed and collapsed.
func shareTopic(teaches, learns []string) bool {
	for _, a := range teaches {
		for _, b := range learns {
			ka, kb := strings.ToLower(strings.Join(strings.Fields(a), " ")), strings.ToLower(strings.Join(strings.Fields(b), " "))
			if ka != "" && ka == kb {
				return true
			}
		}
	}
	return false
}

func TestValidate(t *testing.T) {
	ok := []Person{mentorP("M"), menteeP("E")}
	badWeights := DefaultWeights()
	badWeights.WorkEnd = 8
	negative := DefaultWeights()
	negative.Topic = -1
	tests := []struct {
		name string
		in   Input
		want string
	}{
		{"no Now", Input{People: ok}, "Now is not set"},
		{"duplicate ID", Input{People: []Person{mentorP("M"), menteeP("M")}, Now: testNow}, "duplicate ID"},
		{"empty ID", Input{People: []Person{mentorP("")}, Now: testNow}, "empty ID"},
		{"unknown role", Input{People: []Person{{ID: "X", Role: "boss"}}, Now: testNow}, `unknown role "boss"`},
		{"working hours", Input{People: ok, Now: testNow, Weights: badWeights}, "working hours"},
		{"negative weight", Input{People: ok, Now: testNow, Weights: negative}, "weight Topic"},
		{"seniority", Input{People: []Person{func() Person { p := mentorP("M"); p.Seniority = -1; return p }()}, Now: testNow}, "seniority -1"},
		{"capacity", Input{People: []Person{func() Person { p := mentorP("M"); p.Capacity = -2; return p }()}, Now: testNow}, "negative capacity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Match(tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Match error %v, want it to mention %q", err, tt.want)
			}
			if s := Suggest(tt.in, "E", 3, nil); s != nil {
				t.Errorf("Suggest on invalid input: %+v", s)
			}
		})
	}
}
