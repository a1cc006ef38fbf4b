package report

import "testing"

func TestLifecycleFiguresFollowTheMinimumGroup(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	for _, c := range []struct {
		name                  string
		raw                   Lifecycle
		ended, min            int
		completed, early      *int
		median, meetings      *float64
		noFirstMet, noEndings bool
	}{
		{"all shown", Lifecycle{Completed: 6, DaysToFirstMet: 4.25, DaysToFirstMetPairings: 5, Meetings: 33}, 11, 5, ptrInt(6), ptrInt(5), f(4.3), f(3), false, false},
		{"few early ends hide both", Lifecycle{Completed: 9, DaysToFirstMetPairings: 4, Meetings: 10}, 11, 5, nil, nil, nil, f(0.9), false, false},
		{"no early end hides both (zero is hidden too)", Lifecycle{Completed: 7}, 7, 5, nil, nil, nil, f(0), true, false},
		{"nothing ended shows zeros", Lifecycle{}, 0, 5, ptrInt(0), ptrInt(0), nil, nil, true, true},
		{"too few ended hides the mean", Lifecycle{Completed: 2, Meetings: 5}, 3, 5, nil, nil, nil, nil, true, false},
		{"minimum 1 shows all", Lifecycle{Completed: 1, DaysToFirstMet: 2, DaysToFirstMetPairings: 1, Meetings: 1}, 1, 1, ptrInt(1), ptrInt(0), f(2), f(1), false, false},
	} {
		got := buildLifecycle(c.raw, c.ended, c.min)
		same := func(a, b *int) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
		samef := func(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
		if !same(got.Completed, c.completed) || !same(got.EndedEarly, c.early) || !samef(got.MedianDaysToFirstMet, c.median) ||
			!samef(got.MeetingsPerPairing, c.meetings) || got.noFirstMet != c.noFirstMet || got.noEnded != c.noEndings {
			t.Errorf("%s: %+v", c.name, got)
		}
	}
}

func ptrInt(v int) *int { return &v }
