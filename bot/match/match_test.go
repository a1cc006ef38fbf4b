package match

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// TestDeterministic: the same people in any order give the same result.
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
	rng := rand.New(rand.NewPCG(1, 1))
	for range 3 {
		shuffled := in
		shuffled.People = append([]Person(nil), in.People...)
		rng.Shuffle(len(shuffled.People), func(i, j int) {
			shuffled.People[i], shuffled.People[j] = shuffled.People[j], shuffled.People[i]
		})
		got, err := Match(shuffled)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatal("shuffled input gave a different result")
		}
	}
}

// TestMorePairsFirst: the objective takes the most pairs first, even when
// one pair alone would score more than two.
func TestMorePairsFirst(t *testing.T) {
	in := Input{Now: testNow, People: []Person{
		{ID: "M1", Role: RoleMentor, Available: true, Capacity: 1, Teaches: []string{"Go", "SQL"}, TZ: "Asia/Tokyo"},
		{ID: "M2", Role: RoleMentor, Available: true, Capacity: 1, TZ: "Asia/Tokyo"},
		{ID: "E1", Role: RoleMentee, Available: true, Learns: []string{"Rust"}, ManagerID: "M2", TZ: "America/New_York"},
		{ID: "E2", Role: RoleMentee, Available: true, Learns: []string{"Go", "SQL"}, TZ: "Asia/Tokyo"},
	}}
	// E2-M1 alone scores over 100; E1-M1 plus E2-M2 score 10 together.
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
	if err := VerifyCertificate(in, r); err != nil {
		t.Fatal(err)
	}
}

// TestZeroTopicPairIsFeasible: a pair that shares no topic may be made,
// with a low score, rather than leave both waiting.
func TestZeroTopicPairIsFeasible(t *testing.T) {
	in := Input{Now: testNow, People: []Person{
		{ID: "M", Role: RoleMentor, Available: true, Capacity: 1, Teaches: []string{"Cooking"}},
		{ID: "E", Role: RoleMentee, Available: true, Learns: []string{"Go"}},
	}}
	r, err := Match(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Pairs) != 1 || r.Pairs[0].Breakdown.Topic != 0 {
		t.Fatalf("pairs %+v", r.Pairs)
	}
	if r.Pairs[0].Reasons[0] != "teaches none of the topics you want to learn" {
		t.Errorf("reasons %q", r.Pairs[0].Reasons)
	}
}

func TestUnmatchedReasons(t *testing.T) {
	goMentor := Person{ID: "M1", Role: RoleMentor, Available: true, Capacity: 1, Teaches: []string{"Go"}, Seniority: 9}
	tests := []struct {
		name   string
		people []Person
		met    map[string]bool
		id     string
		side   Role
		want   string
	}{
		{
			name:   "no mentor at all",
			people: []Person{menteeP("E1")},
			id:     "E1", side: RoleMentee, want: "no mentor has free capacity",
		},
		{
			name:   "only the manager is free",
			people: []Person{goMentor, func() Person { p := menteeP("E1"); p.ManagerID = "M1"; return p }()},
			id:     "E1", side: RoleMentee, want: "no feasible mentor",
		},
		{
			name: "nobody teaches it, the rest is taken",
			people: []Person{goMentor, menteeP("E1"),
				{ID: "E2", Role: RoleMentee, Available: true, Learns: []string{"Rust"}}},
			id: "E2", side: RoleMentee, want: "no available mentor teaches what you want to learn",
		},
		{
			name: "only a past mentor teaches it",
			people: []Person{goMentor, {ID: "M2", Role: RoleMentor, Available: true, Capacity: 1, Teaches: []string{"Rust"}},
				{ID: "E1", Role: RoleMentee, Available: true, Learns: []string{"Cooking"}},
				{ID: "E2", Role: RoleMentee, Available: true, Learns: []string{"Rust"}},
				{ID: "E3", Role: RoleMentee, Available: true, Learns: []string{"Go"}}},
			met: map[string]bool{"M2/E2": true},
			id:  "E2", side: RoleMentee, want: "no feasible mentor teaches your topics",
		},
		{
			name:   "suitable mentors full",
			people: []Person{goMentor, menteeP("E1"), menteeP("E2")},
			id:     "E2", side: RoleMentee, want: "every suitable mentor is at capacity",
		},
		{
			name:   "mentor nobody needs",
			people: []Person{goMentor, {ID: "M2", Role: RoleMentor, Available: true, Capacity: 1, Teaches: []string{"Cobol"}}, menteeP("E1")},
			id:     "M2", side: RoleMentor, want: "no mentee needed your topics",
		},
		{
			name:   "mentor whose only mentee is their manager",
			people: []Person{func() Person { p := goMentor; p.ManagerID = "E1"; return p }(), menteeP("E1")},
			id:     "M1", side: RoleMentor, want: "no feasible mentee",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{People: tt.people, Now: testNow}
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
					if !strings.Contains(u.Reason, tt.want) {
						t.Errorf("reason %q, want it to contain %q", u.Reason, tt.want)
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

// TestEqualScoresSpread: when every pair scores the same (empty profiles),
// ties are broken by a pair hash, not by ID, so the first candidate graph
// already fills every mentor and one round proves it optimal.
func TestEqualScoresSpread(t *testing.T) {
	var people []Person
	for i := range 600 {
		people = append(people, Person{ID: fmt.Sprintf("M%04d", i), Role: RoleMentor, Available: true, Capacity: 1 + i%5})
	}
	for i := range 2000 {
		people = append(people, Person{ID: fmt.Sprintf("E%04d", i), Role: RoleMentee, Available: true})
	}
	in := Input{People: people, Now: testNow}
	r, err := Match(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Pairs) != 1800 || r.Stats.Rounds > 2 {
		t.Errorf("%d pairs in %d rounds, want 1800 pairs in at most 2 rounds", len(r.Pairs), r.Stats.Rounds)
	}
	if err := VerifyCertificate(in, r); err != nil {
		t.Fatal(err)
	}
}
