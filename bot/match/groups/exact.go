package groups

import (
	"slices"
	"sync"

	"github.com/mentorbot/mentorbot/bot/match/groups/general"
)

// lex holds the constants that make one weighted matching optimise three
// things in order (docs/rounds.md): a pair is worth place + score, minus
// repeat if the two met recently. repeat exceeds any sum of scores, and
// place exceeds any sum of scores plus every possible repeat penalty, so
// a matching with more pairs always wins, then one with fewer repeats,
// then the higher total score.
type lex struct{ place, repeat int64 }

func (m *model) lex() lex {
	k := int64(m.n/2 + 1)
	rep := m.maxPair*k + 1
	return lex{place: (rep+m.maxPair)*k + 1, repeat: rep}
}

func (m *model) weight(l lex, i, j int) int64 {
	w := l.place + m.score(i, j)
	if m.repeat(i, j) {
		w -= l.repeat
	}
	return w
}

// candidatesPerPerson is how many best partners of each person start the
// candidate graph; the dual check adds whatever else the optimum needs.
const candidatesPerPerson = 8

// exactPairs is a maximum-weight matching of the complete graph of
// allowed pairs under the lex weights. It solves a candidate graph (each
// person's best partners) exactly, then checks the dual certificate
// against every allowed pair of the round; a pair that violates it joins
// the graph and the graph is solved again. When none does, the duals
// prove the matching optimal for the whole round (LP duality), which the
// tests check independently. Stats says how it went.
func (m *model) exactPairs() ([][2]int, Stats) {
	l := m.lex()
	k := candidatesPerPerson
	if m.candidates > 0 {
		k = m.candidates
	}
	keys := m.candidateKeys(k)
	var st Stats
	for {
		st.Rounds++
		edges := make([]general.Edge, len(keys))
		for e, key := range keys {
			i, j := int(key>>32), int(uint32(key))
			edges[e] = general.Edge{U: int32(i), V: int32(j), W: m.weight(l, i, j)}
		}
		st.Edges = len(edges)
		sol, err := general.MaxWeightMatching(m.n, edges)
		if err != nil {
			panic(err) // the model only makes valid graphs
		}
		extra := m.violations(l, sol)
		if len(extra) == 0 {
			var pairs [][2]int
			for i, j := range sol.Mate {
				if int(j) > i {
					pairs = append(pairs, [2]int{i, int(j)})
				}
			}
			st.Duals = sol
			st.Graph = edges
			return pairs, st
		}
		keys = mergeKeys(keys, extra)
	}
}

// Stats describe an exact pairing: solves of the candidate graph, its final
// size, and the final graph and solution (for certificate tests).
type Stats struct {
	Rounds, Edges int
	Graph         []general.Edge
	Duals         general.Solution
}

func pairKey(i, j int) uint64 {
	return uint64(min(i, j))<<32 | uint64(max(i, j))
}

func mergeKeys(a, b []uint64) []uint64 {
	out := append(append(make([]uint64, 0, len(a)+len(b)), a...), b...)
	slices.Sort(out)
	return slices.Compact(out)
}

// candidateKeys lists each person's k best allowed partners by score
// (ties by pairHash), as sorted, unique pair keys. Scores are small
// integers, so each row finds its k-th best score by counting, then keeps
// the partners above it and the best-hashed of those tied with it.
func (m *model) candidateKeys(k int) []uint64 {
	rows := make([][]uint64, m.n)
	var scratch sync.Pool // per-row buffers, reused across rows
	forEachRow(m.n, func(i int) {
		buf, _ := scratch.Get().([]int32)
		if buf == nil {
			buf = make([]int32, m.n+int(m.maxPair)+2)
		}
		defer scratch.Put(buf)
		scores, count := buf[:m.n], buf[m.n:]
		clear(count)
		for j := 0; j < m.n; j++ {
			if m.forbidden(i, j) {
				scores[j] = -1
				continue
			}
			s := int32(m.score(i, j))
			scores[j] = s
			count[s]++
		}
		// threshold: the score of the k-th best partner.
		threshold, above := int32(-1), 0
		for s := int32(m.maxPair); s >= 0; s-- {
			if above+int(count[s]) >= k {
				threshold = s
				break
			}
			above += int(count[s])
		}
		// Among those tied at the threshold, the want smallest (hash, j),
		// kept sorted in a small array.
		want := k - above
		var row []uint64
		ties := make([]uint64, 0, want+1) // hash<<32 | j
		for j, s := range scores {
			switch {
			case s > threshold:
				row = append(row, pairKey(i, j))
			case s == threshold && s >= 0:
				key := uint64(pairHash(i, j))<<32 | uint64(j)
				if len(ties) == want && key >= ties[want-1] {
					continue
				}
				at, _ := slices.BinarySearch(ties, key)
				ties = slices.Insert(ties, at, key)
				if len(ties) > want {
					ties = ties[:want]
				}
			}
		}
		for _, t := range ties {
			row = append(row, pairKey(i, int(uint32(t))))
		}
		rows[i] = row
	})
	var keys []uint64
	for _, r := range rows {
		keys = append(keys, r...)
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}
