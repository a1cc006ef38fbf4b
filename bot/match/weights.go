package match

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseWeights reads weights from text like
// "topic=100,goals=15,seniority=15,overlap=10,department=10": keys left out
// keep their defaults. Keys: topic, goals, seniority, overlap, department
// (points, 0 to 10,000), min_gap, ideal_gap_min, ideal_gap_max, max_gap
// (years), work_start, work_end (hours), require_shared_topic (true/false).
// Empty text means DefaultWeights.
func ParseWeights(text string) (Weights, error) {
	w := DefaultWeights()
	if strings.TrimSpace(text) == "" {
		return w, nil
	}
	seen := map[string]bool{}
	for _, part := range strings.Split(text, ",") {
		key, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		key, val = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(val)
		if !ok || key == "" || val == "" {
			return w, fmt.Errorf("%q: want key=value", part)
		}
		if seen[key] {
			return w, fmt.Errorf("%s is given twice", key)
		}
		seen[key] = true
		floats := map[string]*float64{"topic": &w.Topic, "goals": &w.Goals, "seniority": &w.Seniority, "overlap": &w.Overlap, "department": &w.Department}
		ints := map[string]*int{"min_gap": &w.MinGap, "ideal_gap_min": &w.IdealGapMin, "ideal_gap_max": &w.IdealGapMax, "max_gap": &w.MaxGap,
			"work_start": &w.WorkStart, "work_end": &w.WorkEnd}
		switch {
		case floats[key] != nil:
			f, err := strconv.ParseFloat(val, 64)
			if err != nil {
				return w, fmt.Errorf("%s=%s: want a number", key, val)
			}
			*floats[key] = f
		case ints[key] != nil:
			n, err := strconv.Atoi(val)
			if err != nil {
				return w, fmt.Errorf("%s=%s: want a whole number", key, val)
			}
			*ints[key] = n
		case key == "require_shared_topic":
			b, err := strconv.ParseBool(val)
			if err != nil {
				return w, fmt.Errorf("%s=%s: want true or false", key, val)
			}
			w.RequireSharedTopic = b
		default:
			return w, fmt.Errorf("unknown weight %q (known: topic, goals, seniority, overlap, department, min_gap, ideal_gap_min, ideal_gap_max, max_gap, work_start, work_end, require_shared_topic)", key)
		}
	}
	if err := w.validate(); err != nil {
		return w, err
	}
	return w, nil
}
