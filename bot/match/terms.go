package match

import (
	"errors"
	"fmt"
	"math"
	"time"
	_ "time/tzdata" // timezone names resolve even on hosts without zoneinfo
)

// goalWordsForFull is how many shared goal words earn the full Goals weight.
const goalWordsForFull = 3

// maxWeight bounds each weight so sums of scores stay far from int64 limits.
const maxWeight = 10000

// effectiveWeights returns DefaultWeights for the zero value, w otherwise.
func effectiveWeights(w Weights) Weights {
	if w == (Weights{}) {
		return DefaultWeights()
	}
	return w
}

// validate reports settings the score cannot work with.
func (w Weights) validate() error {
	var errs []error
	for _, t := range []struct {
		name string
		v    float64
	}{{"Topic", w.Topic}, {"Goals", w.Goals}, {"Seniority", w.Seniority}, {"Overlap", w.Overlap}, {"Department", w.Department}} {
		if math.IsNaN(t.v) || t.v < 0 || t.v > maxWeight {
			errs = append(errs, fmt.Errorf("weight %s = %v: want 0..%d", t.name, t.v, maxWeight))
		}
	}
	if !(0 <= w.MinGap && w.MinGap <= w.IdealGapMin && w.IdealGapMin <= w.IdealGapMax && w.IdealGapMax <= w.MaxGap && w.MaxGap <= 100) {
		errs = append(errs, fmt.Errorf("seniority gaps %d <= %d <= %d <= %d: want 0 <= MinGap <= IdealGapMin <= IdealGapMax <= MaxGap <= 100",
			w.MinGap, w.IdealGapMin, w.IdealGapMax, w.MaxGap))
	}
	if !(0 <= w.WorkStart && w.WorkStart < w.WorkEnd && w.WorkEnd <= 24) {
		errs = append(errs, fmt.Errorf("working hours %d-%d: want 0 <= WorkStart < WorkEnd <= 24", w.WorkStart, w.WorkEnd))
	}
	return errors.Join(errs...)
}

// points converts weight × fraction to score units, rounded half away from zero.
func points(weight float64, num, den int) int64 {
	if den <= 0 || num <= 0 {
		return 0
	}
	return int64(math.Round(weight * ScoreScale * float64(num) / float64(den)))
}

// maxPairUnits is an upper bound of any pair's score in units.
func (w Weights) maxPairUnits() int64 {
	return points(w.Topic, 1, 1) + points(w.Goals, 1, 1) + points(w.Seniority, 1, 1) +
		points(w.Overlap, 1, 1) + points(w.Department, 1, 1)
}

// topicUnits: no shared topic scores 0; otherwise half the weight for
// sharing at least one topic plus half in proportion to how much of what
// the mentee wants to learn the mentor covers. The half-weight floor is
// what makes one shared topic outweigh every other term with the defaults.
func (w Weights) topicUnits(sharedN, learnN int) int64 {
	if sharedN <= 0 || learnN <= 0 {
		return 0
	}
	return points(w.Topic, learnN+sharedN, 2*learnN)
}

// goalUnits grows linearly up to goalWordsForFull shared words.
func (w Weights) goalUnits(sharedN int) int64 {
	return points(w.Goals, min(sharedN, goalWordsForFull), goalWordsForFull)
}

// seniorityUnits scores the gap mentor-minus-mentee years. A mentor who is
// not more senior than MinGap gets 0 (no penalty: peers may still teach).
func (w Weights) seniorityUnits(gap int) int64 {
	switch {
	case gap < w.MinGap || gap > w.MaxGap:
		return 0
	case gap < w.IdealGapMin:
		return points(w.Seniority, gap-w.MinGap+1, w.IdealGapMin-w.MinGap+1)
	case gap <= w.IdealGapMax:
		return points(w.Seniority, 1, 1)
	default:
		return points(w.Seniority, w.MaxGap-gap+1, w.MaxGap-w.IdealGapMax+1)
	}
}

// overlapUnits is proportional to the shared working minutes of a day.
func (w Weights) overlapUnits(minutes int) int64 {
	return points(w.Overlap, minutes, (w.WorkEnd-w.WorkStart)*60)
}

// departmentUnits rewards pairs across departments (networking).
func (w Weights) departmentUnits(different bool) int64 {
	if !different {
		return 0
	}
	return points(w.Department, 1, 1)
}

// utcOffsetMinutes is the offset of the named zone at now; unknown or empty
// names are UTC.
func utcOffsetMinutes(tz string, now time.Time) int {
	if tz == "" {
		return 0
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return 0
	}
	_, off := now.In(loc).Zone()
	return off / 60
}

// overlapMinutes is how many minutes the local working windows
// [WorkStart, WorkEnd) of two people overlap, with offsets in minutes east
// of UTC. Windows repeat every day, so shifted copies are compared too.
func (w Weights) overlapMinutes(offA, offB int) int {
	a0 := w.WorkStart*60 - offA
	a1 := w.WorkEnd*60 - offA
	total := 0
	for k := -2; k <= 2; k++ {
		b0 := w.WorkStart*60 - offB + k*1440
		b1 := w.WorkEnd*60 - offB + k*1440
		if lo, hi := max(a0, b0), min(a1, b1); hi > lo {
			total += hi - lo
		}
	}
	return min(total, (w.WorkEnd-w.WorkStart)*60)
}
