package groups

import (
	"math/bits"
	"strings"
)

// workMinutes is the length of the local working day the overlap term
// compares (9:00–17:00 local).
const workMinutes = 8 * 60

// model is the people of one round in index form: department, manager and
// zone as small integers, topics as bitsets. Index i is people[i].
type model struct {
	n       int
	ids     []string
	dept    []int32 // 0: unknown
	mgr     []int32 // index of the manager among people, -1 if none or absent
	zone    []int32 // index into ovl, -1: unknown
	ovl     [][]int64
	half    int64      // the neutral overlap score when a zone is unknown
	topics  [][]uint64 // bitset per person over the round's topic vocabulary
	w       Weights
	met     func(a, b string) bool
	maxPair int64 // the largest score a pair can have

	candidates int // tests: candidate partners per person (0: candidatesPerPerson)
}

func newModel(people []Person, opt Options) *model {
	n := len(people)
	m := &model{n: n, ids: make([]string, n), dept: make([]int32, n), mgr: make([]int32, n),
		zone: make([]int32, n), topics: make([][]uint64, n), w: opt.Weights, met: opt.MetRecently,
		half: opt.Weights.Overlap / 2}
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
			m.dept[i] = depts[d]
		}
		m.zone[i] = -1
		if p.HasZone {
			off := int64(p.UTCOffset.Minutes())
			z, ok := offsets[off]
			if !ok {
				z = int32(len(offList))
				offsets[off] = z
				offList = append(offList, off)
			}
			m.zone[i] = z
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
	}
	m.ovl = make([][]int64, len(offList))
	for a := range offList {
		m.ovl[a] = make([]int64, len(offList))
		for b := range offList {
			m.ovl[a][b] = opt.Weights.Overlap * overlapMinutes(offList[a], offList[b]) / workMinutes
		}
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
	var s int64
	if m.dept[i] != 0 && m.dept[j] != 0 && m.dept[i] != m.dept[j] {
		s += m.w.Department
	}
	if zi, zj := m.zone[i], m.zone[j]; zi >= 0 && zj >= 0 {
		s += m.ovl[zi][zj]
	} else {
		s += m.half
	}
	c := 0
	a, b := m.topics[i], m.topics[j]
	for k := range a {
		c += bits.OnesCount64(a[k] & b[k])
	}
	return s + m.w.Topics*int64(min(c, 3))/3
}
