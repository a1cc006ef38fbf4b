package groups

import (
	"math/bits"
	"strings"
)

// workMinutes is the length of the local working day the overlap term
// compares (9:00–17:00 local).
const workMinutes = 8 * 60

// profile is what a pair's score needs of one person, packed for the
// scans over every pair of a round.
type profile struct {
	dept   int32 // 0: unknown
	zone   int32
	t0, t1 uint64 // topic bits 0..127
}

// model is the people of one round in index form: department, manager and
// zone as small integers, topics as bitsets. Index i is people[i].
type model struct {
	n       int
	size    int // 2 or 3
	ids     []string
	prof    []profile
	mgr     []int32    // index of the manager among people, -1 if none or absent
	nz      int32      // zones known in the round; zone nz means unknown
	ovl     []int64    // overlap score by zone pair, (nz+1)×(nz+1)
	topics  [][]uint64 // bitset per person over the round's topic vocabulary
	wide    bool       // more than 128 topics: use topics, not profile.t0/t1
	topicP  [4]int64   // topic score by shared count (0..3)
	w       Weights
	met     func(a, b string) bool
	maxPair int64 // the largest score a pair can have

	candidates  int // tests: candidate partners per person (0: candidatesPerPerson)
	assignDense int // tests: largest dense third-member assignment (0: denseAssignment)

	pairMemo  map[uint64]int64 // pairValue, for the single-threaded local search
	pairDense []int64          // the same as a table for small rounds
}

func newModel(people []Person, opt Options) *model {
	n := len(people)
	m := &model{n: n, size: opt.Size, ids: make([]string, n), prof: make([]profile, n), mgr: make([]int32, n),
		topics: make([][]uint64, n), w: opt.Weights, met: opt.MetRecently}
	zone := make([]int32, n)
	m.maxPair = opt.Weights.Department + opt.Weights.Overlap + opt.Weights.Topics
	index := make(map[string]int32, n)
	for i, p := range people {
		m.ids[i] = p.ID
		index[p.ID] = int32(i)
	}
	depts := map[string]int32{}
	offsets := map[int64]int32{}
	var offList []int64
	vocab := map[string]int{}
	for i, p := range people {
		m.mgr[i] = -1
		if j, ok := index[p.ManagerID]; ok && p.ManagerID != "" && int(j) != i {
			m.mgr[i] = j
		}
		if d := strings.ToLower(strings.TrimSpace(p.Department)); d != "" {
			if _, ok := depts[d]; !ok {
				depts[d] = int32(len(depts) + 1)
			}
			m.prof[i].dept = depts[d]
		}
		zone[i] = -1
		if p.HasZone {
			off := int64(p.UTCOffset.Minutes())
			z, ok := offsets[off]
			if !ok {
				z = int32(len(offList))
				offsets[off] = z
				offList = append(offList, off)
			}
			zone[i] = z
		}
		for _, t := range p.Topics {
			k := strings.ToLower(strings.Join(strings.Fields(t), " "))
			if k == "" {
				continue
			}
			if _, ok := vocab[k]; !ok {
				vocab[k] = len(vocab)
			}
		}
	}
	words := (len(vocab) + 63) / 64
	for i, p := range people {
		set := make([]uint64, words)
		for _, t := range p.Topics {
			k := strings.ToLower(strings.Join(strings.Fields(t), " "))
			if k == "" {
				continue
			}
			b := vocab[k]
			set[b/64] |= 1 << (b % 64)
		}
		m.topics[i] = set
		if len(set) > 0 {
			m.prof[i].t0 = set[0]
		}
		if len(set) > 1 {
			m.prof[i].t1 = set[1]
		}
	}
	m.wide = words > 2
	// Zone index nz stands for "unknown": half the overlap weight with anyone.
	nz := int32(len(offList))
	m.nz = nz
	m.ovl = make([]int64, (nz+1)*(nz+1))
	for a := int32(0); a <= nz; a++ {
		for b := int32(0); b <= nz; b++ {
			o := opt.Weights.Overlap / 2
			if a < nz && b < nz {
				o = opt.Weights.Overlap * overlapMinutes(offList[a], offList[b]) / workMinutes
			}
			m.ovl[a*(nz+1)+b] = o
		}
	}
	for i := range zone {
		if zone[i] < 0 {
			zone[i] = nz
		}
		m.prof[i].zone = zone[i]
	}
	for c := range m.topicP {
		m.topicP[c] = opt.Weights.Topics * int64(c) / 3
	}
	return m
}

// overlapMinutes is how long two local working days (same hours, offsets
// in minutes east of UTC) overlap; days repeat, so offsets a day apart
// overlap fully.
func overlapMinutes(a, b int64) int64 {
	d := (a - b) % 1440
	if d < 0 {
		d = -d
	}
	d = min(d, 1440-d)
	return max(0, workMinutes-d)
}

// forbidden: a person is never grouped with themselves or their manager
// (either direction).
func (m *model) forbidden(i, j int) bool {
	return i == j || m.mgr[i] == int32(j) || m.mgr[j] == int32(i)
}

// repeat: the pair met within the series' memory (asked in both orders).
func (m *model) repeat(i, j int) bool {
	return m.met != nil && (m.met(m.ids[i], m.ids[j]) || m.met(m.ids[j], m.ids[i]))
}

// score is the pair's score (docs/rounds.md): Department if both
// departments are known and differ; Overlap × shared working minutes / 480
// (half of Overlap if either zone is unknown); Topics × min(shared, 3) / 3.
func (m *model) score(i, j int) int64 {
	a, b := &m.prof[i], &m.prof[j]
	s := m.ovl[a.zone*(m.nz+1)+b.zone]
	if a.dept != b.dept && a.dept != 0 && b.dept != 0 {
		s += m.w.Department
	}
	var c int
	if !m.wide {
		c = bits.OnesCount64(a.t0&b.t0) + bits.OnesCount64(a.t1&b.t1)
	} else {
		ta, tb := m.topics[i], m.topics[j]
		for k := range ta {
			c += bits.OnesCount64(ta[k] & tb[k])
		}
	}
	return s + m.topicP[min(c, 3)]
}
