package match

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// cohort is an Input prepared once for fast scoring: people sorted by ID,
// the eligible mentees and mentors, and interned features.
type cohort struct {
	w       Weights
	history func(a, b string) bool
	people  []Person   // sorted by ID
	feat    []features // per person, for the reference scorer and reasons

	mentees []int32 // person index of each eligible mentee, in ID order
	mentors []int32 // person index of each eligible mentor, in ID order
	cap     []int32 // remaining capacity per mentor, at most len(mentees)

	// Fast features, per mentee position (e*) and mentor position (m*).
	eLearnN   []int32  // distinct topics the mentee wants to learn
	topicIx   setIndex // topics taught (mentors) and learned (mentees)
	goalIx    setIndex // goal words
	eSen      []int32
	mSen      []int32
	eTZ, mTZ  []int32 // index into the offset table
	overlap   []int64 // nTZ*nTZ overlap units
	nTZ       int
	eDept     []int32 // department ID, -1 unknown
	mDept     []int32
	banned    [][]int32 // per mentee: mentor positions ruled out statically
	eGroup    []int32   // per mentee: group of equal timezone, seniority, department
	order     []int32   // mentee positions, group by group
	topicTab  [][]int64 // [learnN][shared] topic units, ruledOut if the rule forbids
	goalTab   []int64   // [shared words, capped] goal units
	senTab    []int64   // [gap 0..MaxGap] seniority units
	deptUnits int64
	bonus     int64 // PairBonus
	workers   int   // goroutines scoring rows: parallelWorkers, or forced by tests
}

// maxSeniority bounds years of experience.
const maxSeniority = 100

// Validate reports input Match cannot work with: invalid weights, a zero
// Now, an empty or duplicate ID, an unknown role, seniority outside
// 0..100 years, a negative capacity or pairing count.
func (in Input) Validate() error {
	var errs []error
	if err := effectiveWeights(in.Weights).validate(); err != nil {
		errs = append(errs, err)
	}
	if in.Now.IsZero() {
		errs = append(errs, errors.New("Now is not set"))
	}
	seen := make(map[string]bool, len(in.People))
	for i := range in.People {
		p := &in.People[i]
		switch {
		case p.ID == "":
			errs = append(errs, fmt.Errorf("person %d: empty ID", i))
		case seen[p.ID]:
			errs = append(errs, fmt.Errorf("person %s: duplicate ID", p.ID))
		}
		seen[p.ID] = true
		switch p.Role {
		case RoleMentor, RoleMentee, RoleBoth:
		default:
			errs = append(errs, fmt.Errorf("person %s: unknown role %q", p.ID, p.Role))
		}
		if p.Seniority < 0 || p.Seniority > maxSeniority {
			errs = append(errs, fmt.Errorf("person %s: seniority %d: want 0..%d years", p.ID, p.Seniority, maxSeniority))
		}
		if p.Capacity < 0 || p.ActivePairings < 0 || p.ActiveAsMentee < 0 {
			errs = append(errs, fmt.Errorf("person %s: negative capacity or pairing count", p.ID))
		}
	}
	return errors.Join(errs...)
}

// newCohort prepares in; zones may share timezone lookups (see zonesFor).
func newCohort(in Input, zones *tzOffsets) (*cohort, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("match input: %w", err)
	}
	c := &cohort{w: effectiveWeights(in.Weights), history: in.History}
	c.people = slices.Clone(in.People)
	slices.SortFunc(c.people, func(a, b Person) int { return strings.Compare(a.ID, b.ID) })
	tz := zonesFor(in.Now, zones)
	c.feat = make([]features, len(c.people))
	for i := range c.people {
		c.feat[i] = newFeatures(&c.people[i], tz)
		if canBeMentee(&c.people[i]) {
			c.mentees = append(c.mentees, int32(i))
		}
		if canMentor(&c.people[i]) {
			c.mentors = append(c.mentors, int32(i))
		}
	}
	c.cap = make([]int32, len(c.mentors))
	var totalCap int64
	for m, pi := range c.mentors {
		c.cap[m] = int32(min(remainingCapacity(&c.people[pi]), len(c.mentees)))
		totalCap += int64(c.cap[m])
	}
	var err error
	if c.bonus, err = pairBonus(c.w, len(c.mentees), totalCap); err != nil {
		return nil, err
	}
	c.workers = parallelWorkers(int64(len(c.mentees)) * int64(len(c.mentors)))
	c.intern()
	c.tables()
	c.banLists()
	c.groupMentees()
	return c, nil
}

// pairBonus is the units added to every pair so that one more pair always
// beats any gain in score: it exceeds the largest possible total score of a
// matching, (max pairs) × (max pair score).
func pairBonus(w Weights, mentees int, totalCap int64) (int64, error) {
	k := min(int64(mentees), totalCap)
	per := w.maxPairUnits()
	const limit = int64(1) << 61
	if k > 0 && per > 0 && k > limit/per/(k+1) {
		return 0, fmt.Errorf("match input: cohort of %d pairs too large for exact integer scores", k)
	}
	return k*per + 1, nil
}

// intern numbers topics, goal words, departments and timezones.
func (c *cohort) intern() {
	deptID := map[string]int32{}
	tzID := map[int]int32{}
	var offsets []int
	tzOf := func(off int) int32 {
		id, ok := tzID[off]
		if !ok {
			id = int32(len(offsets))
			tzID[off] = id
			offsets = append(offsets, off)
		}
		return id
	}
	deptOf := func(d string) int32 {
		if d == "" {
			return -1
		}
		id, ok := deptID[d]
		if !ok {
			id = int32(len(deptID))
			deptID[d] = id
		}
		return id
	}
	nM := len(c.mentors)
	c.mSen, c.mTZ, c.mDept = make([]int32, nM), make([]int32, nM), make([]int32, nM)
	mTeach, mGoals := make([][]string, nM), make([][]string, nM)
	for m, pi := range c.mentors {
		f := &c.feat[pi]
		mTeach[m], mGoals[m] = f.teach, f.goals
		c.mSen[m] = int32(f.seniority)
		c.mTZ[m] = tzOf(f.offset)
		c.mDept[m] = deptOf(f.dept)
	}
	nE := len(c.mentees)
	c.eLearnN, c.eSen, c.eTZ, c.eDept = make([]int32, nE), make([]int32, nE), make([]int32, nE), make([]int32, nE)
	eLearn, eGoals := make([][]string, nE), make([][]string, nE)
	for e, pi := range c.mentees {
		f := &c.feat[pi]
		c.eLearnN[e] = int32(len(f.learn))
		eLearn[e], eGoals[e] = f.learn, f.goals
		c.eSen[e] = int32(f.seniority)
		c.eTZ[e] = tzOf(f.offset)
		c.eDept[e] = deptOf(f.dept)
	}
	c.topicIx = newSetIndex(mTeach, eLearn)
	c.goalIx = newSetIndex(mGoals, eGoals)
	c.nTZ = len(offsets)
	c.overlap = make([]int64, c.nTZ*c.nTZ)
	for a, oa := range offsets {
		for b, ob := range offsets {
			c.overlap[a*c.nTZ+b] = c.w.overlapUnits(c.w.overlapMinutes(oa, ob))
		}
	}
}

// ruledOut is the topic "units" of a pair the shared-topic rule forbids:
// so negative that any sum with the other terms stays negative, which is
// how row scores mark infeasible pairs.
const ruledOut = math.MinInt64 / 4

// tables precomputes the score terms by their small integer arguments.
func (c *cohort) tables() {
	maxLearn := int32(0)
	for _, n := range c.eLearnN {
		maxLearn = max(maxLearn, n)
	}
	c.topicTab = make([][]int64, maxLearn+1)
	for l := range c.topicTab {
		c.topicTab[l] = make([]int64, l+1)
		for s := range c.topicTab[l] {
			c.topicTab[l][s] = c.w.topicUnits(s, l)
			if !c.w.topicAllowed(s) {
				// The shared-topic rule, applied in the same table lookup
				// as the term: the row score of such a pair is negative.
				c.topicTab[l][s] = ruledOut
			}
		}
	}
	c.goalTab = make([]int64, goalWordsForFull+1)
	for s := range c.goalTab {
		c.goalTab[s] = c.w.goalUnits(s)
	}
	c.senTab = make([]int64, c.w.MaxGap+1)
	for g := range c.senTab {
		c.senTab[g] = c.w.seniorityUnits(g)
	}
	c.deptUnits = c.w.departmentUnits(true)
}

// banLists finds, per mentee, the mentors the static rules exclude:
// themselves (a "both" person), their manager, and people they manage.
func (c *cohort) banLists() {
	mentorPos := make(map[string]int32, len(c.mentors))
	managed := make(map[string][]int32) // manager ID -> mentor positions
	for m, pi := range c.mentors {
		p := &c.people[pi]
		mentorPos[p.ID] = int32(m)
		if p.ManagerID != "" {
			managed[p.ManagerID] = append(managed[p.ManagerID], int32(m))
		}
	}
	c.banned = make([][]int32, len(c.mentees))
	for e, pi := range c.mentees {
		p := &c.people[pi]
		var b []int32
		if m, ok := mentorPos[p.ID]; ok {
			b = append(b, m)
		}
		if m, ok := mentorPos[p.ManagerID]; ok && p.ManagerID != "" {
			b = append(b, m)
		}
		b = append(b, managed[p.ID]...)
		c.banned[e] = b
	}
}

func (c *cohort) mentor(m int32) *Person { return &c.people[c.mentors[m]] }
func (c *cohort) mentee(e int32) *Person { return &c.people[c.mentees[e]] }

// metBefore applies the history rule to mentor position m and mentee e.
func (c *cohort) metBefore(m, e int32) bool {
	return metBefore(c.history, c.mentor(m).ID, c.mentee(e).ID)
}
