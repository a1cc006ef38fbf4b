package assign

import "testing"

// TestSolverSmallInstances: the solver finds the maximum-weight b-matching
// of small graphs, keeps its optimality conditions, and repairs the
// matching when a better arc is added (warm start).
func TestSolverSmallInstances(t *testing.T) {
	type arc struct {
		e, m int32
		w    int64
	}
	tests := []struct {
		name      string
		mentees   int
		mentorCap []int32
		arcs      []arc
		later     []arc   // added in a warm start, reopening mentee 0
		want      []int32 // mentor per mentee, -1 unmatched
	}{
		{name: "one slot goes to the heavier arc", mentees: 2, mentorCap: []int32{1},
			arcs: []arc{{0, 0, 5}, {1, 0, 9}}, want: []int32{-1, 0}},
		{name: "capacity two takes both", mentees: 2, mentorCap: []int32{2},
			arcs: []arc{{0, 0, 5}, {1, 0, 9}}, want: []int32{0, 0}},
		{name: "total weight, not greedy", mentees: 2, mentorCap: []int32{1, 1},
			arcs: []arc{{0, 0, 10}, {0, 1, 9}, {1, 0, 8}}, want: []int32{1, 0}},
		{name: "warm start moves a mentee", mentees: 2, mentorCap: []int32{1, 1},
			arcs: []arc{{0, 0, 5}, {1, 1, 5}}, later: []arc{{0, 1, 20}}, want: []int32{1, -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var arcE, arcM []int32
			var w []int64
			add := func(as []arc) {
				for _, a := range as {
					arcE, arcM, w = append(arcE, a.e), append(arcM, a.m), append(w, a.w)
				}
			}
			s := New(tt.mentees, tt.mentorCap)
			add(tt.arcs)
			s.SetArcs(arcE, arcM, w)
			for e := range int32(tt.mentees) {
				s.PlaceMentee(e)
			}
			if err := s.CheckInvariants(); err != nil {
				t.Fatal(err)
			}
			if tt.later != nil {
				add(tt.later)
				s.SetArcs(arcE, arcM, w)
				s.UnplaceMentee(0)
				s.PlaceMentee(0)
				s.ReopenMentorSlots()
				if err := s.CheckInvariants(); err != nil {
					t.Fatal(err)
				}
			}
			for e, want := range tt.want {
				m, _, ok := s.Pair(int32(e))
				if !ok {
					m = -1
				}
				if m != want {
					t.Errorf("mentee %d: mentor %d, want %d", e, m, want)
				}
			}
		})
	}
}
