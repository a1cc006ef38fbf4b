package match

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestDeterministic: the same people in any order give the same result,
// and so does any number of row-scoring goroutines (a cohort this small
// runs on one by default, so the parallel path and its merge of per-worker
// lists are forced here). The certificate check gives the same answers
// split over several goroutines.
func TestDeterministic(t *testing.T) {
	in := Input{People: GenerateCohort(3, 400, 120), Now: testNow}
	met := map[string]bool{"UM000001/UE000002": true}
	in.History = func(a, b string) bool { return met[a+"/"+b] }
	want, err := Match(in)
	if err != nil {
		t.Fatal(err)
	}
	if err := VerifyCertificate(in, want); err != nil {
		t.Fatal(err)
	}
	if err := verifyCertificate(in, want, nil, 3); err != nil {
		t.Fatalf("check on 3 goroutines: %v", err)
	}
	// Move a matched mentee's whole potential onto its mentor (capacity
	// 1, so it has no other pair): the pair stays tight and slackness
	// holds, so only the dual check over all pairs, split over the
	// goroutines, can catch it.
	load, capacity := map[string]int{}, map[string]int{}
	for _, p := range in.People {
		capacity[p.ID] = p.Capacity
	}
	for _, p := range want.Pairs {
		load[p.MentorID]++
	}
	i := slices.IndexFunc(want.Pairs, func(p Pair) bool { return load[p.MentorID] == 1 && capacity[p.MentorID] == 1 })
	broken := perturb(want)
	e, m := want.Pairs[i].MenteeID, want.Pairs[i].MentorID
	broken.Certificate.Mentors[m] += broken.Certificate.Mentees[e]
	broken.Certificate.Mentees[e] = 0
	if err := verifyCertificate(in, broken, nil, 3); err == nil || !strings.Contains(err.Error(), "violates the dual") {
		t.Fatalf("check on 3 goroutines: %v, want a dual violation", err)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	for _, workers := range []int{0, 2, 5} {
		shuffled := in
		shuffled.People = append([]Person(nil), in.People...)
		rng.Shuffle(len(shuffled.People), func(i, j int) {
			shuffled.People[i], shuffled.People[j] = shuffled.People[j], shuffled.People[i]
		})
		tu := defaultTuning()
		tu.workers = workers
		got, err := matchWith(shuffled, tu)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("shuffled input on %d workers gave a different result", workers)
		}
	}
}

// TestMorePairsFirst: the objective takes the most pairs first, even when
// one pair alone would score more than two, with and without the
// shared-topic rule.
func TestMorePairsFirst(t *testing.T) {
	relaxed := DefaultWeights()
	relaxed.RequireSharedTopic = false
	goalsFirst := DefaultWeights() // goals weigh far more than topics
	goalsFirst.Topic, goalsFirst.Goals = 1, 1000
	tests := []struct {
		name    string
		weights Weights
		people  []Person
	}{
		{
			// E2-M1 alone scores over 100; E1-M1 (no shared topic, allowed
			// here) plus E2-M2 score 10 together.
			name: "no shared topic needed", weights: relaxed,
			people: []Person{
				{ID: "M1", Role: RoleMentor, Available: true, Capacity: 1, Teaches: []string{"Go", "SQL"}, TZ: "Asia/Tokyo"},
				{ID: "M2", Role: RoleMentor, Available: true, Capacity: 1, TZ: "Asia/Tokyo"},
				{ID: "E1", Role: RoleMentee, Available: true, Learns: []string{"Rust"}, ManagerID: "M2", TZ: "America/New_York"},
				{ID: "E2", Role: RoleMentee, Available: true, Learns: []string{"Go", "SQL"}, TZ: "Asia/Tokyo"},
			},
		},
		{
			// E2-M1 alone scores 1,011 (shared goals); E1-M1 plus E2-M2
			// share only a topic and working hours, 22 together.
			name: "shared topic required", weights: goalsFirst,
			people: []Person{
				{ID: "M1", Role: RoleMentor, Available: true, Capacity: 1, Teaches: []string{"Go", "Rust"}, Goals: "leadership speaking architecture"},
				{ID: "M2", Role: RoleMentor, Available: true, Capacity: 1, Teaches: []string{"Go"}},
				{ID: "E1", Role: RoleMentee, Available: true, Learns: []string{"Rust"}},
				{ID: "E2", Role: RoleMentee, Available: true, Learns: []string{"Go"}, Goals: "leadership speaking architecture"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{Now: testNow, People: tt.people, Weights: tt.weights}
			r, err := Match(in)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, p := range r.Pairs {
				got[p.MenteeID] = p.MentorID
			}
			if got["E1"] != "M1" || got["E2"] != "M2" {
				t.Fatalf("pairs %v (total %v), want E1-M1 and E2-M2", got, r.Total)
			}
			if b, _ := Score(in, tt.people[0], tt.people[3]); b.Points() <= r.Total {
				t.Fatalf("E2-M1 alone scores %v, not more than the two pairs' %v: the case tests nothing", b.Points(), r.Total)
			}
			if err := VerifyCertificate(in, r); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestSharedTopicRule: by default a mentor who teaches none of the topics
// a mentee wants to learn is never paired with them, whatever else they
// share; with RequireSharedTopic off such a pair is made, with a low score,
// rather than leave both waiting. VerifyCertificate holds each setting to
// its own rule, both ways.
func TestSharedTopicRule(t *testing.T) {
	mentor := Person{ID: "M", Role: RoleMentor, Available: true, Capacity: 1, Teaches: []string{"Design"},
		Goals: "leadership speaking", Seniority: 9, Department: "Design"}
	mentee := Person{ID: "E", Role: RoleMentee, Available: true, Learns: []string{"Kubernetes", " rust"},
		Goals: "leadership speaking", Seniority: 3, Department: "Platform"}
	strict := Input{Now: testNow, People: []Person{mentor, mentee}}
	relaxed := strict
	relaxed.Weights = DefaultWeights()
	relaxed.Weights.RequireSharedTopic = false

	// Default: infeasible everywhere.
	if b, ok := Score(strict, mentor, mentee); ok || b.Units() == 0 {
		t.Errorf("Score: feasible=%v, %d units; want infeasible with the other terms still scored", ok, b.Units())
	}
	if s := Suggest(strict, "E", 3, nil); len(s) != 0 {
		t.Errorf("Suggest offered %+v", s)
	}
	FeasibleScores(strict, func(m, e string, s float64) { t.Errorf("FeasibleScores listed %s-%s (%v)", m, e, s) })
	strictRes, err := Match(strict)
	if err != nil {
		t.Fatal(err)
	}
	if len(strictRes.Pairs) != 0 {
		t.Fatalf("Match paired them: %+v", strictRes.Pairs)
	}
	wantReasons := map[string]string{
		"E": "no available mentor teaches what you want to learn (Kubernetes, rust)",
		"M": "no waiting mentee wants to learn what you teach (Design)",
	}
	for _, u := range strictRes.Unmatched {
		if want := wantReasons[u.ID]; u.Reason != want {
			t.Errorf("%s %s: reason %q, want %q", u.Side, u.ID, u.Reason, want)
		}
		delete(wantReasons, u.ID)
	}
	if len(wantReasons) != 0 {
		t.Errorf("not listed as unmatched: %v", wantReasons)
	}
	if err := VerifyCertificate(strict, strictRes); err != nil {
		t.Errorf("certificate: %v", err)
	}

	// Relaxed: the old behaviour.
	if _, ok := Score(relaxed, mentor, mentee); !ok {
		t.Error("Score: infeasible with RequireSharedTopic off")
	}
	if s := Suggest(relaxed, "E", 3, nil); len(s) != 1 {
		t.Errorf("Suggest with RequireSharedTopic off: %+v", s)
	}
	relaxedRes, err := Match(relaxed)
	if err != nil {
		t.Fatal(err)
	}
	if len(relaxedRes.Pairs) != 1 || relaxedRes.Pairs[0].Breakdown.Topic != 0 {
		t.Fatalf("pairs %+v", relaxedRes.Pairs)
	}
	if r := relaxedRes.Pairs[0].Reasons[0]; r != "teaches none of the topics you want to learn" {
		t.Errorf("reasons %q", relaxedRes.Pairs[0].Reasons)
	}
	if err := VerifyCertificate(relaxed, relaxedRes); err != nil {
		t.Errorf("certificate: %v", err)
	}

	// Each result is wrong under the other rule: the pair breaks the hard
	// rule; leaving them unmatched misses a pair (the dual check finds it).
	if err := VerifyCertificate(strict, relaxedRes); err == nil || !strings.Contains(err.Error(), "hard rule") {
		t.Errorf("relaxed result under the default rule: %v, want a hard rule error", err)
	}
	if err := VerifyCertificate(relaxed, strictRes); err == nil || !strings.Contains(err.Error(), "violates the dual") {
		t.Errorf("default result with the rule off: %v, want a dual violation", err)
	}
}

func TestUnmatchedReasons(t *testing.T) {
	goMentor := Person{ID: "M1", Role: RoleMentor, Available: true, Capacity: 1, Teaches: []string{"Go"}, Seniority: 9}
	rustMentor := Person{ID: "M2", Role: RoleMentor, Available: true, Capacity: 1, Teaches: []string{"Rust"}}
	learner := func(id string, topics ...string) Person {
		return Person{ID: id, Role: RoleMentee, Available: true, Learns: topics}
	}
	managedBy := func(p Person, manager string) Person { p.ManagerID = manager; return p }
	relaxed := DefaultWeights()
	relaxed.RequireSharedTopic = false
	tests := []struct {
		name    string
		weights Weights // zero: the defaults, shared topic required
		people  []Person
		met     map[string]bool
		id      string
		side    Role
		want    string
	}{
		{
			name:   "no mentor at all",
			people: []Person{menteeP("E1")},
			id:     "E1", side: RoleMentee, want: "no mentor has free capacity in this cohort",
		},
		{
			name:   "mentee lists no topics",
			people: []Person{goMentor, learner("E1")},
			id:     "E1", side: RoleMentee, want: "you listed no topics to learn: add the topics you want to learn",
		},
		{
			name:   "nobody teaches it",
			people: []Person{goMentor, learner("E1", "Kubernetes", "Rust", "kubernetes")},
			id:     "E1", side: RoleMentee, want: "no available mentor teaches what you want to learn (Kubernetes, Rust)",
		},
		{
			name: "the only teacher is full before the matching",
			people: []Person{goMentor, func() Person { p := rustMentor; p.ActivePairings = 1; return p }(),
				learner("E1", "Rust")},
			id: "E1", side: RoleMentee, want: "no available mentor teaches what you want to learn (Rust)",
		},
		{
			name:   "only the manager teaches it",
			people: []Person{goMentor, rustMentor, managedBy(menteeP("E1"), "M1")},
			id:     "E1", side: RoleMentee, want: "no feasible mentor teaches what you want to learn: only your manager",
		},
		{
			name:   "only a past mentor teaches it",
			people: []Person{goMentor, rustMentor, learner("E1", "Rust"), learner("E2", "Go")},
			met:    map[string]bool{"M2/E1": true},
			id:     "E1", side: RoleMentee, want: "no feasible mentor teaches what you want to learn",
		},
		{
			name:   "suitable mentors full",
			people: []Person{goMentor, rustMentor, menteeP("E1"), menteeP("E2")},
			id:     "E2", side: RoleMentee, want: "every suitable mentor is at capacity",
		},
		{
			name:   "mentor teaches nothing",
			people: []Person{goMentor, {ID: "M2", Role: RoleMentor, Available: true, Capacity: 1}, menteeP("E1")},
			id:     "M2", side: RoleMentor, want: "you listed no topics to teach: add the topics you teach",
		},
		{
			name:   "mentor nobody needs",
			people: []Person{goMentor, {ID: "M2", Role: RoleMentor, Available: true, Capacity: 1, Teaches: []string{"Cobol", " Fortran "}}, menteeP("E1")},
			id:     "M2", side: RoleMentor, want: "no waiting mentee wants to learn what you teach (Cobol, Fortran)",
		},
		{
			name:   "mentor wanted only by their manager",
			people: []Person{managedBy(rustMentor, "E1"), learner("E1", "Rust"), learner("E2", "Go")},
			id:     "M2", side: RoleMentor, want: "no feasible mentee: every waiting mentee who wants to learn what you teach is your manager",
		},
		{
			name:   "mentor outbid",
			people: []Person{goMentor, {ID: "M2", Role: RoleMentor, Available: true, Capacity: 1, Teaches: []string{"Go"}}, menteeP("E1")},
			id:     "M2", side: RoleMentor, want: "the mentees who want your topics were matched with mentors who fit them better",
		},

		// With RequireSharedTopic off, the reasons of the old rule.
		{
			name: "relaxed: only the manager is free", weights: relaxed,
			people: []Person{goMentor, managedBy(menteeP("E1"), "M1")},
			id:     "E1", side: RoleMentee, want: "no feasible mentor: every mentor with free capacity is your manager",
		},
		{
			name: "relaxed: nobody teaches it, the rest is taken", weights: relaxed,
			people: []Person{goMentor, menteeP("E1"), learner("E2", "Rust")},
			id:     "E2", side: RoleMentee, want: "no available mentor teaches what you want to learn, and the other mentors are at capacity",
		},
		{
			name: "relaxed: only a past mentor teaches it", weights: relaxed,
			people: []Person{goMentor, rustMentor, learner("E1", "Cooking"), learner("E2", "Rust"), learner("E3", "Go")},
			met:    map[string]bool{"M2/E2": true},
			id:     "E2", side: RoleMentee, want: "no feasible mentor teaches your topics",
		},
		{
			name: "relaxed: mentor nobody needs", weights: relaxed,
			people: []Person{goMentor, {ID: "M2", Role: RoleMentor, Available: true, Capacity: 1, Teaches: []string{"Cobol"}}, menteeP("E1")},
			id:     "M2", side: RoleMentor, want: "no mentee needed your topics",
		},
		{
			name: "relaxed: mentor whose only mentee is their manager", weights: relaxed,
			people: []Person{managedBy(goMentor, "E1"), menteeP("E1")},
			id:     "M1", side: RoleMentor, want: "no feasible mentee: every waiting mentee is your manager",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{People: tt.people, Now: testNow, Weights: tt.weights}
			if tt.met != nil {
				in.History = func(a, b string) bool { return tt.met[a+"/"+b] }
			}
			r, err := Match(in)
			if err != nil {
				t.Fatal(err)
			}
			if err := VerifyCertificate(in, r); err != nil {
				t.Fatal(err)
			}
			for _, u := range r.Unmatched {
				if u.ID == tt.id && u.Side == tt.side {
					if !strings.HasPrefix(u.Reason, tt.want) {
						t.Errorf("reason %q, want it to start with %q", u.Reason, tt.want)
					}
					return
				}
			}
			t.Fatalf("%s %s not unmatched: %+v / %+v", tt.side, tt.id, r.Pairs, r.Unmatched)
		})
	}
}

func TestResultOrderAndTotals(t *testing.T) {
	in := Input{People: GenerateCohort(9, 200, 60), Now: testNow}
	r, err := Match(in)
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	for i, p := range r.Pairs {
		total += p.Breakdown.Units()
		if i > 0 && p.Score > r.Pairs[i-1].Score {
			t.Fatalf("pairs not sorted by score at %d", i)
		}
		if len(p.Reasons) == 0 {
			t.Fatalf("pair %s-%s without reasons", p.MentorID, p.MenteeID)
		}
	}
	if unitsToPoints(total) != r.Total {
		t.Errorf("total %v, pairs add up to %v", r.Total, unitsToPoints(total))
	}
	if r.Stats.Mentees != 200 || r.Stats.Mentors != 60 || r.Stats.Rounds < 1 || r.Stats.CandidatePairs == 0 {
		t.Errorf("stats %+v", r.Stats)
	}
}

// TestEqualScoresSpread: when every pair scores the same (one topic each),
// ties are broken by a pair hash, not by ID, so the first candidate graph
// already fills every mentor and one round proves it optimal.
func TestEqualScoresSpread(t *testing.T) {
	mentors, mentees := 200, 700 // 600 slots
	if longTests() {
		mentors, mentees = 600, 2000
	}
	var people []Person
	slots := 0
	for i := range mentors {
		people = append(people, Person{ID: fmt.Sprintf("M%04d", i), Role: RoleMentor, Available: true, Capacity: 1 + i%5, Teaches: []string{"Go"}})
		slots += 1 + i%5
	}
	for i := range mentees {
		people = append(people, Person{ID: fmt.Sprintf("E%04d", i), Role: RoleMentee, Available: true, Learns: []string{"Go"}})
	}
	in := Input{People: people, Now: testNow}
	r, err := Match(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Pairs) != slots || r.Stats.Rounds > 2 {
		t.Errorf("%d pairs in %d rounds, want %d pairs in at most 2 rounds", len(r.Pairs), r.Stats.Rounds, slots)
	}
	if err := VerifyCertificate(in, r); err != nil {
		t.Fatal(err)
	}
}
