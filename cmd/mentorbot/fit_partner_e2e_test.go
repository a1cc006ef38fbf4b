package main

import (
	"strings"
	"sync"
	"testing"
)

// annSeesOfFit plays the same weeks with Bob's fit answer bobFit ("" for
// none) and returns what Ann can see after each step. A Not a fit run ends
// with Bob's Rematch me, the others with an admin's unpair.
func annSeesOfFit(t *testing.T, bobFit string) []string {
	r, a := startDriven(t)
	seedPairing(t, r)
	var seen []string
	var ids idNames
	step := func(label string) { seen = append(seen, label+"\n"+annWorld(r, &ids)) }
	at := func(when string) { r.at(a, when); step(when) }

	at("2026-10-26 10:00") // Bob's first check-in
	r.click("UBOB", r.dms("UBOB", "Did you meet")[0], "checkin_met")
	r.waitDM("UBOB", "Your answer: *Met*")
	step("Bob met")
	at("2026-10-26 10:01") // both fit pulses
	r.waitDM("UANN", "How is the fit with")
	if bobFit != "" {
		r.click("UBOB", r.waitDM("UBOB", "How is the fit with"), bobFit)
		r.waitDM("UBOB", "This stays between you and the program")
	}
	step("Bob answered the pulse")
	at("2026-10-26 10:02") // a Not a fit's offer goes out here, to Bob only
	at("2026-10-26 15:00")
	r.click("UANN", r.dms("UANN", "Did you meet")[0], "checkin_not_yet")
	r.waitDM("UANN", "Your answer: *Not yet*")
	step("Ann answered")
	at("2026-11-02 10:00")
	at("2026-11-02 15:00")
	openHome(r, "UANN")
	step("Ann's Home")

	before := len(r.dms("UANN", "your mentorship pairing with"))
	if bobFit == "fit_not_a_fit" {
		r.click("UBOB", r.waitDM("UBOB", "Rematch me"), "rematch_me")
	} else {
		if n := len(r.dms("UBOB", "Rematch me")); n != 0 {
			t.Fatalf("Bob was offered a rematch after %q", bobFit)
		}
		r.slash("UADMIN", "unpair <@UANN> <@UBOB>")
		r.waitEphemeral("UADMIN", "Ended the pairing")
	}
	if err := r.fake.Wait(r.ctx(), func() bool { return len(r.dms("UANN", "your mentorship pairing with")) > before }); err != nil {
		t.Fatalf("Ann was not told the pairing ended: %v", err)
	}
	step("pairing ended")
	at("2026-11-02 15:01")
	openHome(r, "UANN")
	step("Ann's Home after the end")
	return seen
}

// TestPartnerSeesNothingOfAFitAnswerEndToEnd: whether Bob answers the fit
// pulse Good fit, Not a fit (and then asks for a rematch) or not at all,
// everything Ann can see after every step (DMs as updated, ephemerals,
// Home, modals) is identical, in content and in timing.
func TestPartnerSeesNothingOfAFitAnswerEndToEnd(t *testing.T) {
	runs := []string{"", "fit_good", "fit_not_a_fit"}
	var mu sync.Mutex
	seen := map[string][]string{}
	t.Run("play", func(t *testing.T) {
		for _, fit := range runs {
			t.Run("answer "+fit, func(t *testing.T) {
				t.Parallel()
				got := annSeesOfFit(t, fit)
				mu.Lock()
				defer mu.Unlock()
				seen[fit] = got
			})
		}
	})
	control := seen[""]
	if all := strings.Join(control, ""); !strings.Contains(all, "How is the fit with") || !strings.Contains(all, "your mentorship pairing with") {
		t.Fatal("the control run lacks Ann's pulse or the ending: the comparison would be weak")
	}
	for _, fit := range runs[1:] {
		got := seen[fit]
		if len(got) != len(control) {
			t.Fatalf("%s: %d steps, control %d", fit, len(got), len(control))
		}
		for i := range control {
			if got[i] != control[i] {
				t.Errorf("after Bob's %s, Ann's view differs at step %d:\n--- no answer\n%s\n--- %s\n%s", fit, i, control[i], fit, got[i])
			}
		}
	}
}
