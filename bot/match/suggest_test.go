package match

import (
	"slices"
	"testing"
)

func TestSuggest(t *testing.T) {
	in := vocabCohort(21, 30, 25, 8, 20, 3)
	in.People[0].ActivePairings = in.People[0].Capacity // M000 full
	in.People[1].Available = false                      // M001 paused
	me := "E005"
	for i := range in.People {
		if in.People[i].ID == me {
			in.People[i].ManagerID = "M002"
			in.People[i].Learns = []string{"T1", "T2", "T3"}
		}
	}
	in.History = func(a, b string) bool { return a == "M003" && b == me }
	declined := func(id string) bool { return id == "M004" }

	// Expected: every other mentor with free capacity, by score then ID.
	var mentee Person
	for _, p := range in.People {
		if p.ID == me {
			mentee = p
		}
	}
	type opt struct {
		id string
		u  int64
	}
	var want []opt
	noTopic := 0 // mentors only the shared-topic rule rules out
	for _, p := range in.People {
		if b, ok := Score(in, p, mentee); ok && !declined(p.ID) {
			want = append(want, opt{p.ID, b.Units()})
		}
		if _, ok := Score(in, p, mentee); !ok && canMentor(&p) && p.ID > "M004" && !shareTopic(p.Teaches, mentee.Learns) {
			noTopic++
		}
	}
	if noTopic == 0 || len(want) < 3 {
		t.Fatalf("the cohort tests nothing: %d mentors without a shared topic, %d suitable", noTopic, len(want))
	}
	slices.SortFunc(want, func(a, b opt) int {
		if a.u != b.u {
			return int(b.u - a.u)
		}
		return cmpString(a.id, b.id)
	})

	for _, k := range []int{1, 3, 100} {
		got := Suggest(in, me, k, declined)
		if len(got) != min(k, len(want)) {
			t.Fatalf("k=%d: %d suggestions, want %d", k, len(got), min(k, len(want)))
		}
		for i, p := range got {
			if len(p.Breakdown.SharedTopics) == 0 {
				t.Fatalf("k=%d: suggested %s, who teaches none of the mentee's topics", k, p.MentorID)
			}
			if p.MentorID != want[i].id || p.Breakdown.Units() != want[i].u || p.MenteeID != me || len(p.Reasons) == 0 {
				t.Fatalf("k=%d: suggestion %d is %s (%d), want %s (%d)", k, i, p.MentorID, p.Breakdown.Units(), want[i].id, want[i].u)
			}
			switch p.MentorID {
			case "M000", "M001", "M002", "M003", "M004":
				t.Fatalf("k=%d: suggested %s, which the rules exclude", k, p.MentorID)
			}
		}
	}
	if got := Suggest(in, "nobody", 3, nil); got != nil {
		t.Errorf("unknown mentee: %+v", got)
	}
	if got := Suggest(in, "M005", 3, nil); got != nil {
		t.Errorf("a mentor asked for mentors: %+v", got)
	}
	if got := Suggest(in, me, 0, nil); got != nil {
		t.Errorf("k=0: %+v", got)
	}
}
