package match

import (
	"strings"
	"time"
)

// features is what the reference scorer needs of one person, normalised
// once: sorted topic keys, goal words, department key and UTC offset.
type features struct {
	teach, learn  []string          // sorted topic keys
	teachSpelling map[string]string // topic key -> first spelling in Teaches
	goals         []string          // sorted goal words
	dept          string            // department key, "" = unknown
	offset        int               // minutes east of UTC at Input.Now
	seniority     int
}

// tzOffsets caches zone offsets by name for one computation.
type tzOffsets struct {
	now   time.Time
	cache map[string]int
}

func newTZOffsets(now time.Time) *tzOffsets {
	return &tzOffsets{now: now, cache: make(map[string]int)}
}

// zonesFor returns shared if it was made for now, else a new cache. Tests
// share one cache across the many calls they make on one small Input: a
// zone lookup reads the zone database, which would otherwise dominate
// their run time on a busy machine. Not safe for concurrent use.
func zonesFor(now time.Time, shared *tzOffsets) *tzOffsets {
	if shared != nil && shared.now.Equal(now) {
		return shared
	}
	return newTZOffsets(now)
}

func (z *tzOffsets) offset(tz string) int {
	tz = strings.TrimSpace(tz)
	if off, ok := z.cache[tz]; ok {
		return off
	}
	off := utcOffsetMinutes(tz, z.now)
	z.cache[tz] = off
	return off
}

func newFeatures(p *Person, tz *tzOffsets) features {
	f := features{
		goals:     goalWords(p.Goals),
		dept:      topicKey(p.Department),
		offset:    tz.offset(p.TZ),
		seniority: p.Seniority,
	}
	f.teach, f.teachSpelling = topicSet(p.Teaches)
	f.learn, _ = topicSet(p.Learns)
	return f
}

// units is the reference score of a pair in units: a direct, unoptimised
// computation the fast row scorer is tested against and the certificate
// checker relies on.
func (w Weights) units(mentor, mentee *features) int64 {
	return w.topicUnits(countShared(mentor.teach, mentee.learn), len(mentee.learn)) +
		w.goalUnits(countShared(mentor.goals, mentee.goals)) +
		w.seniorityUnits(mentor.seniority-mentee.seniority) +
		w.overlapUnits(w.overlapMinutes(mentor.offset, mentee.offset)) +
		w.departmentUnits(differentDept(mentor.dept, mentee.dept))
}

// breakdown is units with the details behind each term, for reasons.
func (w Weights) breakdown(mentor, mentee *features) Breakdown {
	var b Breakdown
	keys := shared(mentor.teach, mentee.learn)
	for _, k := range keys {
		b.SharedTopics = append(b.SharedTopics, mentor.teachSpelling[k])
	}
	b.LearnCount = len(mentee.learn)
	b.SharedGoals = shared(mentor.goals, mentee.goals)
	b.SeniorityGap = mentor.seniority - mentee.seniority
	b.OverlapMinutes = w.overlapMinutes(mentor.offset, mentee.offset)
	b.DifferentDept = differentDept(mentor.dept, mentee.dept)

	b.Topic = w.topicUnits(len(keys), b.LearnCount)
	b.Goals = w.goalUnits(len(b.SharedGoals))
	b.Seniority = w.seniorityUnits(b.SeniorityGap)
	b.Overlap = w.overlapUnits(b.OverlapMinutes)
	b.Department = w.departmentUnits(b.DifferentDept)
	return b
}

func differentDept(a, b string) bool {
	return a != "" && b != "" && a != b
}

// Units is the pair's score in units (hundredths of a point).
func (b Breakdown) Units() int64 {
	return b.Topic + b.Goals + b.Seniority + b.Overlap + b.Department
}

// Points is the pair's score in points.
func (b Breakdown) Points() float64 {
	return unitsToPoints(b.Units())
}

func unitsToPoints(u int64) float64 {
	return float64(u) / ScoreScale
}
