package match

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestTermUnits(t *testing.T) {
	w := DefaultWeights()
	tests := []struct {
		name string
		got  int64
		want int64
	}{
		{"no shared topic", w.topicUnits(0, 4), 0},
		{"1 of 4 topics", w.topicUnits(1, 4), 6250},  // 100 × (0.5 + 0.5×1/4)
		{"4 of 4 topics", w.topicUnits(4, 4), 10000}, // full weight
		{"1 of 3 topics", w.topicUnits(1, 3), 6667},  // rounded to hundredths
		{"nothing to learn", w.topicUnits(0, 0), 0},
		{"no goal word", w.goalUnits(0), 0},
		{"2 goal words", w.goalUnits(2), 1000},
		{"5 goal words saturate", w.goalUnits(5), 1500},
		{"mentor less senior", w.seniorityUnits(-3), 0},
		{"same seniority", w.seniorityUnits(0), 0},
		{"gap 1 ramps up", w.seniorityUnits(1), 750},
		{"gap 2 ideal", w.seniorityUnits(2), 1500},
		{"gap 8 ideal", w.seniorityUnits(8), 1500},
		{"gap 9 ramps down", w.seniorityUnits(9), 1313},
		{"gap 15 last", w.seniorityUnits(15), 188},
		{"gap 16 too large", w.seniorityUnits(16), 0},
		{"8h overlap", w.overlapUnits(480), 1000},
		{"4h30 overlap", w.overlapUnits(270), 563},
		{"different department", w.departmentUnits(true), 1000},
		{"same department", w.departmentUnits(false), 0},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %d units, want %d", tt.name, tt.got, tt.want)
		}
	}
}

// TestOneTopicOutweighsAllElse: with the default weights a pair that shares
// one topic scores above any pair that shares none.
func TestOneTopicOutweighsAllElse(t *testing.T) {
	w := DefaultWeights()
	rest := w.goalUnits(goalWordsForFull) + w.seniorityUnits(w.IdealGapMin) + w.overlapUnits(480) + w.departmentUnits(true)
	for learn := 1; learn <= 20; learn++ {
		if w.topicUnits(1, learn) <= rest {
			t.Fatalf("1 shared topic of %d = %d units, all other terms = %d", learn, w.topicUnits(1, learn), rest)
		}
	}
}

func TestOverlapFollowsDST(t *testing.T) {
	berlin := Person{ID: "B", TZ: "Europe/Berlin"}
	tests := []struct {
		tz   string
		now  time.Time
		want int // minutes
	}{
		{"America/New_York", time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC), 120},  // EST vs CET: 6 h apart
		{"America/New_York", time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC), 180}, // EDT vs CET: 5 h apart
		{"America/New_York", time.Date(2025, 4, 1, 12, 0, 0, 0, time.UTC), 120},  // EDT vs CEST
		{"Asia/Kolkata", time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC), 210},      // 4.5 h apart
		{"Europe/Berlin", time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC), 480},
		{"", time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC), 420},             // UTC
		{"No/Such_Zone", time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC), 420}, // unknown = UTC
		{"Pacific/Auckland", time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC), 0},
		{"Asia/Tokyo", time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC), 0},
	}
	for _, tt := range tests {
		other := Person{ID: "O", TZ: tt.tz}
		b, _ := Score(Input{Now: tt.now}, berlin, other)
		if b.OverlapMinutes != tt.want {
			t.Errorf("Berlin vs %q at %s: %d minutes overlap, want %d", tt.tz, tt.now.Format("2006-01-02"), b.OverlapMinutes, tt.want)
		}
	}
	// Across midnight: Sydney (UTC+11 in January) and Los Angeles (UTC-8)
	// are 19 h apart, so Sydney's morning overlaps LA's previous afternoon.
	b, _ := Score(Input{Now: time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC)},
		Person{TZ: "Australia/Sydney"}, Person{TZ: "America/Los_Angeles"})
	if b.OverlapMinutes != 180 {
		t.Errorf("Sydney vs Los Angeles: %d minutes, want 180", b.OverlapMinutes)
	}
}

func TestReasonsForKnownPair(t *testing.T) {
	in := Input{Now: time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)}
	mentor := Person{ID: "UM", Role: RoleMentor, Available: true, Capacity: 2,
		Teaches: []string{"Kubernetes", " go ", "SQL"}, Goals: "Grow into leadership; public speaking",
		Department: "Platform", Seniority: 9, TZ: "Europe/Berlin"}
	mentee := Person{ID: "UE", Role: RoleMentee, Available: true,
		Learns: []string{"Go", "kubernetes", "React"}, Goals: "I want leadership and to speak with confidence",
		Department: "Sales", Seniority: 3, TZ: "Asia/Kolkata"}
	b, ok := Score(in, mentor, mentee)
	if !ok {
		t.Fatal("pair should be feasible")
	}
	want := []string{
		"teaches go and Kubernetes, which you want to learn",
		"shares your goals: leadership",
		"6 years more experience",
		"different department",
		"3.5 working hours overlap",
	}
	if got := b.Reasons(); !slices.Equal(got, want) {
		t.Errorf("reasons\n got %q\nwant %q", got, want)
	}
	// 100×(0.5+0.5×2/3) + 15×1/3 + 15 + 10×210/480 + 10
	if got, want := b.Units(), int64(8333+500+1500+438+1000); got != want {
		t.Errorf("score %d units, want %d", got, want)
	}
	if b.Points() != 117.71 {
		t.Errorf("points %v, want 117.71", b.Points())
	}

	// The other wording: nothing shared, less experience, no overlap.
	b, _ = Score(in, Person{Teaches: []string{"Cooking"}, Seniority: 1, TZ: "Pacific/Auckland"},
		Person{Learns: []string{"Go"}, Seniority: 2, TZ: "Europe/Berlin"})
	want = []string{"teaches none of the topics you want to learn", "1 year less experience", "no working hours overlap"}
	if got := b.Reasons(); !slices.Equal(got, want) {
		t.Errorf("reasons\n got %q\nwant %q", got, want)
	}
}

func TestGoalWords(t *testing.T) {
	got := goalWords("I want to become a better Leader, and speak at KubeCon 2025! Leader-ship & work/life")
	want := []string{"2025", "kubecon", "leader", "life", "ship", "speak"}
	if !slices.Equal(got, want) {
		t.Errorf("goal words %q, want %q", got, want)
	}
}

// vocabCohort builds a cohort whose topic and goal vocabularies have the
// given sizes, to drive each path of the fast scorer (one-word bitsets,
// multi-word bitsets, inverted lists).
func vocabCohort(seed uint64, mentees, mentors, topics, words, perPerson int) Input {
	rng := rand.New(rand.NewPCG(seed, 9))
	set := func(prefix string, n, k int) []string {
		var out []string
		for range rng.IntN(k + 1) {
			out = append(out, fmt.Sprintf("%s%d", prefix, rng.IntN(n)))
		}
		return out
	}
	goals := func() string {
		return fmt.Sprint(set("word", words, perPerson+2))
	}
	zones := []string{"Europe/Berlin", "America/New_York", "Asia/Kolkata", "", "Australia/Sydney"}
	var people []Person
	for i := range mentors {
		people = append(people, Person{ID: fmt.Sprintf("M%03d", i), Role: RoleMentor, Available: true,
			Capacity: 1 + rng.IntN(3), Teaches: set("T", topics, perPerson), Goals: goals(),
			Department: fmt.Sprint(rng.IntN(4)), Seniority: rng.IntN(25), TZ: zones[rng.IntN(len(zones))]})
	}
	for i := range mentees {
		p := Person{ID: fmt.Sprintf("E%03d", i), Role: RoleMentee, Available: true,
			Learns: set("T", topics, perPerson), Goals: goals(),
			Department: fmt.Sprint(rng.IntN(4)), Seniority: rng.IntN(10), TZ: zones[rng.IntN(len(zones))]}
		if rng.IntN(5) == 0 {
			p.ManagerID = fmt.Sprintf("M%03d", rng.IntN(mentors))
		}
		people = append(people, p)
	}
	return Input{People: people, Now: testNow}
}

// TestFastScorerMatchesReference: FeasibleScores (the solver's fast row
// scorer) gives, pair by pair, the reference Score and the same feasible
// set, for every vocabulary layout.
func TestFastScorerMatchesReference(t *testing.T) {
	for _, v := range []struct {
		topics, words, per int
		requireTopic       bool
	}{{10, 10, 6, true}, {10, 10, 6, false}, {60, 120, 6, true}, {200, 250, 12, true}, {200, 250, 12, false}, {20, 600, 40, true}, {1000, 3000, 40, true}, {1000, 3000, 40, false}} {
		t.Run(fmt.Sprintf("topics=%d,words=%d,shared-topic=%v", v.topics, v.words, v.requireTopic), func(t *testing.T) {
			in := vocabCohort(uint64(v.topics), 60, 40, v.topics, v.words, v.per)
			in.Weights = DefaultWeights()
			in.Weights.RequireSharedTopic = v.requireTopic
			met := map[string]bool{"M001/E002": true, "E003/M004": true}
			in.History = func(a, b string) bool { return met[a+"/"+b] }
			c, err := newCohort(in, nil)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("bitset words: topics %d, goals %d (0 = lists)", c.topicIx.words, c.goalIx.words)
			if v.topics == 1000 && (c.topicIx.words != 0 || c.goalIx.words != 0) {
				t.Fatal("the large vocabulary should use inverted lists")
			}
			got := map[[2]string]float64{}
			FeasibleScores(in, func(m, e string, s float64) { got[[2]string{m, e}] = s })
			n, noTopic := 0, 0
			// What Score does, with each person's features computed once.
			w, tz := effectiveWeights(in.Weights), newTZOffsets(in.Now)
			feat := make([]features, len(in.People))
			for i := range in.People {
				feat[i] = newFeatures(&in.People[i], tz)
			}
			for i := range in.People {
				for j := range in.People {
					mentor, mentee := &in.People[i], &in.People[j]
					b := w.breakdown(&feat[i], &feat[j])
					ok := feasible(w, in.History, mentor, mentee, &feat[i], &feat[j])
					s, listed := got[[2]string{mentor.ID, mentee.ID}]
					if ok != listed {
						t.Fatalf("%s-%s: Score feasible=%v, FeasibleScores listed=%v", mentor.ID, mentee.ID, ok, listed)
					}
					if ok && s != b.Points() {
						t.Fatalf("%s-%s: fast %v, reference %v", mentor.ID, mentee.ID, s, b.Points())
					}
					if ok {
						n++
						if len(b.SharedTopics) == 0 {
							noTopic++
						}
					}
				}
			}
			if n < 200 {
				t.Fatalf("only %d feasible pairs compared", n)
			}
			if v.requireTopic != (noTopic == 0) {
				t.Fatalf("%d feasible pairs share no topic", noTopic)
			}
		})
	}
}

func TestFeasibleScoresOrder(t *testing.T) {
	in := vocabCohort(1, 5, 4, 5, 5, 3)
	var rows [][2]string
	FeasibleScores(in, func(m, e string, _ float64) { rows = append(rows, [2]string{e, m}) })
	if !slices.IsSortedFunc(rows, func(a, b [2]string) int {
		if a[0] != b[0] {
			return cmpString(a[0], b[0])
		}
		return cmpString(a[1], b[1])
	}) {
		t.Errorf("rows not in mentee, mentor order: %v", rows)
	}
	called := false
	FeasibleScores(Input{People: in.People}, func(string, string, float64) { called = true }) // no Now: invalid
	if called {
		t.Error("FeasibleScores called fn for an invalid input")
	}
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestReasonsAboutThePair(t *testing.T) {
	b := Breakdown{SharedTopics: []string{"Go", "SQL"}, LearnCount: 2, SharedGoals: []string{"lead"}, SeniorityGap: 0, OverlapMinutes: 120}
	got := strings.Join(b.ReasonsAbout(), "; ")
	want := "teaches Go and SQL, which the mentee wants to learn; shared goals: lead; same experience as the mentee; 2 working hours overlap"
	if got != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
	if strings.Contains(strings.Join(b.Reasons(), " "), "the mentee") {
		t.Fatal("Reasons must stay addressed to the mentee")
	}
}
