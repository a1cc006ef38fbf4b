package sim

import (
	"fmt"
	"reflect"
	"testing"
)

// TestGoalAndFitDecisions: deterministic for a seed; thriving pairs mostly
// say Good fit, struggling ones never do; goals move forward month by
// month; most mentees set 1 to 3 goals.
func TestGoalAndFitDecisions(t *testing.T) {
	d := decider{seed: DefaultSeed}
	again := decider{seed: DefaultSeed}
	setters, good, thrivingPairs := 0, 0, 0
	for i := range 300 {
		a, b := fmt.Sprintf("U%d", i), fmt.Sprintf("V%d", i%41)
		if d.fit(a, b) != again.fit(a, b) || !reflect.DeepEqual(d.goals(a), again.goals(a)) || d.goal(a, "7", 2) != again.goal(a, "7", 2) {
			t.Fatal("the same seed chose differently")
		}
		switch d.health(a, b) {
		case thriving:
			thrivingPairs++
			if d.fit(a, b) == fitGood {
				good++
			}
		case struggling:
			if d.fit(a, b) == fitGood {
				t.Errorf("a struggling pair said Good fit")
			}
		}
		if g := d.goals(a); g != nil {
			setters++
			if len(g) < 1 || len(g) > 3 {
				t.Errorf("%d goals", len(g))
			}
		}
		order := map[string]int{"goal_not_started": 0, "goal_progressing": 1, "goal_done": 2}
		for n := 1; n < 6; n++ {
			if order[d.goal(a, "7", n+1)] < order[d.goal(a, "7", n)] {
				t.Errorf("%s's goal went backwards in month %d", a, n+1)
			}
		}
	}
	if setters < 200 || setters > 280 || good < thrivingPairs*3/4 {
		t.Errorf("%d of 300 set goals; %d of %d thriving pairs said Good fit", setters, good, thrivingPairs)
	}
	for _, id := range []string{"U0LEO", "U0MIA", "U0NADIA", "U0JAMES", "U0DIEGO", "U0GRACE", "U0WEI"} {
		t.Logf("%s goals %v", id, d.goals(id))
	}
}
