package store

import (
	"strings"
	"testing"
	"time"
)

func TestCleanGoals(t *testing.T) {
	today := "2026-11-02"
	long := strings.Repeat("é", MaxGoalLen+1)
	for _, c := range []struct {
		name string
		in   []GoalInput
		want []GoalInput
		errs []GoalFieldError // Index and Date only
	}{
		{"all empty", []GoalInput{{}, {}, {}}, nil, []GoalFieldError{{Index: -1}}},
		{"only spaces", []GoalInput{{Text: " \n\t "}}, nil, []GoalFieldError{{Index: -1}}},
		{"trimmed, line breaks become spaces, empty lines dropped", []GoalInput{{Text: "  Lead\na review  "}, {}, {Text: "Talk", Target: today}},
			[]GoalInput{{Text: "Lead a review"}, {Text: "Talk", Target: today}}, nil},
		{"exactly the limit", []GoalInput{{Text: strings.Repeat("a", MaxGoalLen)}}, []GoalInput{{Text: strings.Repeat("a", MaxGoalLen)}}, nil},
		{"one character too long (in characters, not bytes)", []GoalInput{{Text: "ok"}, {Text: long}}, nil, []GoalFieldError{{Index: 1}}},
		{"yesterday", []GoalInput{{Text: "ok", Target: "2026-11-01"}}, nil, []GoalFieldError{{Index: 0, Date: true}}},
		{"not a date", []GoalInput{{Text: "ok", Target: "2026-13-01"}}, nil, []GoalFieldError{{Index: 0, Date: true}}},
		{"a date without its goal", []GoalInput{{Text: "ok"}, {Target: "2026-12-01"}}, nil, []GoalFieldError{{Index: 1, Date: true}}},
		{"four goals (a forged form)", []GoalInput{{Text: "a"}, {Text: "b"}, {Text: "c"}, {Text: "d"}}, nil, []GoalFieldError{{Index: MaxGoals}}},
		{"several errors at once", []GoalInput{{Text: long, Target: "2020-01-01"}}, nil, []GoalFieldError{{Index: 0}, {Index: 0, Date: true}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, errs := CleanGoals(c.in, today)
			if len(got) != len(c.want) {
				t.Fatalf("goals %+v, want %+v", got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Errorf("goal %d = %+v, want %+v", i, got[i], c.want[i])
				}
			}
			if len(errs) != len(c.errs) {
				t.Fatalf("errors %+v, want %+v", errs, c.errs)
			}
			for i, e := range errs {
				if e.Index != c.errs[i].Index || e.Date != c.errs[i].Date || e.Text == "" {
					t.Errorf("error %d = %+v, want %+v", i, e, c.errs[i])
				}
			}
		})
	}
}

func TestFirstOfMonth(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	at := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	for _, c := range []struct {
		name    string
		slot    string
		earlier []string
		zone    *time.Location
		want    bool
	}{
		{"no earlier check-in", "2026-11-02T15:00:00Z", nil, ny, true},
		{"an earlier one that month", "2026-11-09T15:00:00Z", []string{"2026-11-02T15:00:00Z"}, ny, false},
		{"the earlier one was still October in New York", "2026-11-02T15:00:00Z", []string{"2026-11-01T03:00:00Z"}, ny, true},
		{"but November in Tokyo", "2026-11-02T15:00:00Z", []string{"2026-11-01T03:00:00Z"}, tokyo, false},
		{"a later one does not count", "2026-11-02T15:00:00Z", []string{"2026-11-09T15:00:00Z"}, ny, true},
		{"nil zone is UTC", "2026-12-07T10:00:00Z", []string{"2026-11-30T10:00:00Z"}, nil, true},
	} {
		var earlier []time.Time
		for _, e := range c.earlier {
			earlier = append(earlier, at(e))
		}
		if got := FirstOfMonth(at(c.slot), earlier, c.zone); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
