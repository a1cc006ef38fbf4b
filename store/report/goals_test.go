package report

import (
	"encoding/json"
	"testing"
)

func TestGoalAndFitFiguresUnderTheMinimumGroup(t *testing.T) {
	fit := func(values ...int) []Rating { // one answer each from different people, in program 1
		var out []Rating
		for i, v := range values {
			out = append(out, Rating{Program: 1, Rater: int64(i), Value: v, InWindow: true})
		}
		return out
	}
	g, ns, nf := FitValueGood, FitValueNotSure, FitValueNotAFit
	for _, c := range []struct {
		name     string
		goals    GoalsRaw
		fit      []Rating
		wantJSON string
	}{
		{"nothing yet", GoalsRaw{}, nil,
			`{"goals":{"set":null,"progressing":null,"done":null},"fit_pulse":{"responses":null,"distribution":{"good_fit":null,"not_sure":null,"not_a_fit":null}}}`},
		{"four pairings with goals, four answers", GoalsRaw{Set: 9, Progressing: 3, Done: 2, Pairings: 4}, fit(g, g, g, nf),
			`{"goals":{"set":null,"progressing":null,"done":null},"fit_pulse":{"responses":null,"distribution":{"good_fit":null,"not_sure":null,"not_a_fit":null}}}`},
		{"five pairings, one group of mixed answers", GoalsRaw{Set: 11, Progressing: 3, Done: 2, Pairings: 5}, fit(g, g, g, ns, nf, g),
			`{"goals":{"set":11,"progressing":3,"done":2},"fit_pulse":{"responses":5,"distribution":{"good_fit":null,"not_sure":null,"not_a_fit":null}}}`},
		// The zero "not a fit" is suppressed, so "not sure" is hidden too
		// (the count would give it away).
		{"two groups: five of each, none not a fit", GoalsRaw{Set: 5, Pairings: 5}, fit(g, g, g, g, g, ns, ns, ns, ns, ns),
			`{"goals":{"set":5,"progressing":0,"done":0},"fit_pulse":{"responses":10,"distribution":{"good_fit":5,"not_sure":null,"not_a_fit":null}}}`},
		{"two groups, every answer by five people", GoalsRaw{Set: 5, Pairings: 5}, fit(g, g, g, g, g, ns, ns, ns, ns, ns, nf, nf, nf, nf, nf),
			`{"goals":{"set":5,"progressing":0,"done":0},"fit_pulse":{"responses":15,"distribution":{"good_fit":5,"not_sure":5,"not_a_fit":5}}}`},
		{"one person twice: no whole group", GoalsRaw{}, append(fit(g, g, g, g), Rating{Program: 1, Rater: 0, Value: nf, InWindow: true}),
			`{"goals":{"set":null,"progressing":null,"done":null},"fit_pulse":{"responses":null,"distribution":{"good_fit":null,"not_sure":null,"not_a_fit":null}}}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := Build(Raw{Goals: c.goals, Fit: c.fit}, 5)
			got, _ := json.Marshal(struct {
				Goals GoalFigures `json:"goals"`
				Fit   FitFigures  `json:"fit_pulse"`
			}{r.Goals, r.Fit})
			if string(got) != c.wantJSON {
				t.Errorf("got  %s\nwant %s", got, c.wantJSON)
			}
		})
	}
}
