package match

import (
	"cmp"
	"math/bits"
	"slices"
)

// rowScratch is one worker's reusable buffers for scoring mentee rows.
type rowScratch struct {
	topics []int32 // shared topic count per mentor position
	words  []int32 // shared goal word count per mentor position
	scores []int64 // score units per mentor position, negative = ruled out
	base   []int64 // the terms that depend only on the mentee's group
	group  int32   // group whose terms are in base, -1 none
	table  []int64 // topic+goal units by (shared topics, shared words)
	tops   *mentorTops
}

func (c *cohort) newScratch() *rowScratch {
	n := len(c.mentors)
	return &rowScratch{
		topics: make([]int32, n), words: make([]int32, n),
		scores: make([]int64, n), base: make([]int64, n), group: -1,
	}
}

// groupMentees gives each mentee a group: mentees with the same timezone
// offset, seniority and department get the same overlap, seniority and
// department terms with every mentor, so those are computed once per
// group. order lists the mentees group by group.
func (c *cohort) groupMentees() {
	type key struct{ tz, sen, dept int32 }
	ids := map[key]int32{}
	c.eGroup = make([]int32, len(c.mentees))
	for e := range c.mentees {
		k := key{c.eTZ[e], c.eSen[e], c.eDept[e]}
		id, ok := ids[k]
		if !ok {
			id = int32(len(ids))
			ids[k] = id
		}
		c.eGroup[e] = id
	}
	c.order = make([]int32, len(c.mentees))
	for e := range c.order {
		c.order[e] = int32(e)
	}
	slices.SortStableFunc(c.order, func(a, b int32) int { return cmp.Compare(c.eGroup[a], c.eGroup[b]) })
}

// groupTerms fills s.base with the overlap, seniority and department
// terms of mentee e's group against every mentor.
func (c *cohort) groupTerms(e int32, s *rowScratch) {
	senTab := c.senTab
	maxGap := int32(len(senTab) - 1)
	ov := c.overlap[int(c.eTZ[e])*c.nTZ : int(c.eTZ[e]+1)*c.nTZ]
	sen, dept := c.eSen[e], c.eDept[e]
	for m := range s.base {
		u := ov[c.mTZ[m]]
		if g := c.mSen[m] - sen; g >= 0 && g <= maxGap {
			u += senTab[g]
		}
		if d := c.mDept[m]; d != dept && d >= 0 && dept >= 0 {
			u += c.deptUnits
		}
		s.base[m] = u
	}
	s.group = c.eGroup[e]
}

// scoreRow scores mentee e against every mentor: the group terms plus
// the topic and goal terms. A pair ruled out by a static rule (self,
// manager, no shared topic) gets a negative score; history is not
// consulted here (it is asked only for pairs that could matter). The
// result is valid until the next call.
func (c *cohort) scoreRow(e int32, s *rowScratch) []int64 {
	if s.group != c.eGroup[e] {
		c.groupTerms(e, s)
	}
	tIx, gIx := &c.topicIx, &c.goalIx
	topicTab, goalTab := c.topicTab[c.eLearnN[e]], c.goalTab
	scores, base := s.scores, s.base
	switch tw, gw := tIx.words, gIx.words; {
	case tw == 1 && (gw == 1 || gw == 2):
		// The common case, small vocabularies. Both terms come from one
		// table indexed by (shared topics, shared words), whose size is
		// bounded by the mentee's own set sizes.
		et := tIx.eBits[e]
		eg0, eg1 := gIx.eBits[int(e)*gw], uint64(0)
		if gw == 2 {
			eg1 = gIx.eBits[int(e)*gw+1]
		}
		stride := bits.OnesCount64(eg0) + bits.OnesCount64(eg1) + 1
		tab := s.table[:0]
		for tc := range bits.OnesCount64(et) + 1 {
			for wc := range stride {
				tab = append(tab, topicTab[tc]+goalTab[min(wc, goalWordsForFull)])
			}
		}
		s.table = tab
		mt := tIx.mBits[:len(scores)]
		mg := gIx.mBits
		for m := range scores {
			wc := bits.OnesCount64(mg[m*gw] & eg0)
			if gw == 2 {
				wc += bits.OnesCount64(mg[m*gw+1] & eg1)
			}
			scores[m] = base[m] + tab[bits.OnesCount64(mt[m]&et)*stride+wc]
		}
	case tw > 0 && gw > 0:
		et := tIx.eBits[int(e)*tw : int(e+1)*tw]
		eg := gIx.eBits[int(e)*gw : int(e+1)*gw]
		for m := range scores {
			mt := tIx.mBits[m*tw : m*tw+tw]
			mg := gIx.mBits[m*gw : m*gw+gw]
			tc, wc := 0, 0
			for i, x := range et {
				tc += bits.OnesCount64(x & mt[i])
			}
			for i, x := range eg {
				wc += bits.OnesCount64(x & mg[i])
			}
			scores[m] = base[m] + topicTab[tc] + goalTab[min(wc, goalWordsForFull)]
		}
	default: // a large vocabulary: inverted lists
		var et, eg []uint64
		if tIx.words > 0 {
			et = tIx.eBits[int(e)*tIx.words : int(e+1)*tIx.words]
		} else {
			tIx.count(e, s.topics)
		}
		if gIx.words > 0 {
			eg = gIx.eBits[int(e)*gIx.words : int(e+1)*gIx.words]
		} else {
			gIx.count(e, s.words)
		}
		for m := range scores {
			tc, wc := s.topics[m], s.words[m]
			if et != nil {
				tc = tIx.shared(m, et)
			}
			if eg != nil {
				wc = gIx.shared(m, eg)
			}
			scores[m] = base[m] + topicTab[tc] + goalTab[min(wc, goalWordsForFull)]
			s.topics[m], s.words[m] = 0, 0
		}
	}
	for _, m := range c.banned[e] {
		scores[m] = -1
	}
	return scores
}
