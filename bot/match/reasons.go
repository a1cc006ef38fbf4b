package match

import (
	"fmt"
	"strconv"
	"strings"
)

// Reasons says in plain words, to the mentee, why this mentor fits, in the
// order topics, goals, experience, department, working hours.
func (b Breakdown) Reasons() []string {
	var out []string
	switch {
	case len(b.SharedTopics) > 0:
		out = append(out, "teaches "+joinAnd(b.SharedTopics)+", which you want to learn")
	case b.LearnCount > 0:
		out = append(out, "teaches none of the topics you want to learn")
	}
	if len(b.SharedGoals) > 0 {
		out = append(out, "shares your goals: "+strings.Join(b.SharedGoals, ", "))
	}
	switch g := b.SeniorityGap; {
	case g > 0:
		out = append(out, plural(g, "year")+" more experience")
	case g == 0:
		out = append(out, "same experience as you")
	default:
		out = append(out, plural(-g, "year")+" less experience")
	}
	if b.DifferentDept {
		out = append(out, "different department")
	}
	if b.OverlapMinutes > 0 {
		h := strconv.FormatFloat(float64(b.OverlapMinutes)/60, 'f', -1, 64)
		unit := "hours"
		if b.OverlapMinutes == 60 {
			unit = "hour"
		}
		out = append(out, h+" working "+unit+" overlap")
	} else {
		out = append(out, "no working hours overlap")
	}
	return out
}

// joinAnd joins words as "a", "a and b", "a, b and c".
func joinAnd(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

func plural(n int, unit string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", unit)
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// thirdPerson rewrites the mentee-facing phrases of Reasons for everyone
// else (admins, HR, the mentor).
var thirdPerson = strings.NewReplacer(
	"which you want to learn", "which the mentee wants to learn",
	"the topics you want to learn", "the topics the mentee wants to learn",
	"shares your goals", "shared goals",
	"same experience as you", "same experience as the mentee",
)

// ReasonsAbout says the same as Reasons, about the pair rather than to the
// mentee: "teaches Go, which the mentee wants to learn".
func (b Breakdown) ReasonsAbout() []string {
	rs := b.Reasons()
	for i, r := range rs {
		rs[i] = thirdPerson.Replace(r)
	}
	return rs
}
