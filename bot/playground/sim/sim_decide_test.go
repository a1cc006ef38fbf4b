package sim

import (
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"
)

// TestDecisionsAreDeterministic: the same seed gives the same choices,
// whatever order they are asked in; another seed gives others.
func TestDecisionsAreDeterministic(t *testing.T) {
	type choice struct {
		c  checkinChoice
		fb feedbackChoice
	}
	all := func(seed uint64, reverse bool) map[string]choice {
		d := decider{seed: seed}
		out := map[string]choice{}
		for k := range 200 {
			i := k
			if reverse {
				i = 199 - k
			}
			a, b := fmt.Sprintf("U%d", i), fmt.Sprintf("V%d", i%37)
			for n := 1; n <= 4; n++ {
				out[fmt.Sprint(a, b, n)] = choice{d.checkin(a, b, n), d.feedback(a, b)}
			}
		}
		return out
	}
	if !reflect.DeepEqual(all(DefaultSeed, false), all(DefaultSeed, true)) {
		t.Error("the same seed chose differently")
	}
	if reflect.DeepEqual(all(DefaultSeed, false), all(DefaultSeed+1, false)) {
		t.Error("another seed chose the same")
	}
	d := decider{seed: DefaultSeed}
	if d.health("U1", "U2") != d.health("U2", "U1") {
		t.Error("a pair's health depends on who asks")
	}
	candidates := []string{"U0A", "U0B", "U0C", "U0D", "U0E"}
	if l := d.leavers(candidates); len(l) != 2 || !reflect.DeepEqual(l, d.leavers(candidates)) {
		t.Errorf("leavers %v", l)
	}
}

// TestDecisionProportions: over many pairs, people answer about 80 % of
// check-ins, about 65 % of answers are Met, a few ask for help, about half
// give feedback, with ratings spread over the scale.
func TestDecisionProportions(t *testing.T) {
	d := decider{seed: DefaultSeed}
	var sent, answered, met, help, people, gave, late int
	var ratings [6]int
	sum := 0
	for i := range 4000 {
		a, b := fmt.Sprintf("U%d", i), fmt.Sprintf("V%d", i)
		// Both of a pair agree on whether they met.
		for n := 1; n <= 6; n++ {
			ca, cb := d.checkin(a, b, n), d.checkin(b, a, n)
			if (ca.Action == answerMet) != (cb.Action == answerMet) && ca.Action != "" && cb.Action != "" {
				t.Fatalf("%s and %s disagree on check-in %d: %v %v", a, b, n, ca, cb)
			}
			for _, c := range []checkinChoice{ca, cb} {
				sent++
				if c.Action == "" {
					continue
				}
				answered++
				switch c.Action {
				case answerMet:
					met++
				case answerNeedHelp:
					help++
				}
				if c.After > 48*time.Hour {
					late++
				}
			}
		}
		for _, p := range [][2]string{{a, b}, {b, a}} {
			people++
			if fb := d.feedback(p[0], p[1]); fb.Give {
				gave++
				ratings[fb.Rating]++
				sum += fb.Rating
			}
		}
	}
	near := func(what string, got, want, tol float64) {
		t.Helper()
		if math.Abs(got-want) > tol {
			t.Errorf("%s = %.3f, want %.2f ± %.2f", what, got, want, tol)
		}
	}
	near("answered / sent", float64(answered)/float64(sent), 0.80, 0.05)
	near("met / answered", float64(met)/float64(answered), 0.65, 0.04)
	near("need help / answered", float64(help)/float64(answered), 0.03, 0.02)
	near("answered after the reminder", float64(late)/float64(answered), 0.125, 0.03)
	near("gave feedback", float64(gave)/float64(people), 0.55, 0.04)
	near("average rating", float64(sum)/float64(gave), 4.0, 0.25)
	for r := 1; r <= 5; r++ {
		if share := float64(ratings[r]) / float64(gave); share < 0.01 {
			t.Errorf("rating %d given %d times: not a realistic spread %v", r, ratings[r], ratings)
		}
	}
}
