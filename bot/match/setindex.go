package match

import "math/bits"

// maxBitsetWords is the largest vocabulary (in 64-bit words) kept as
// bitsets; larger ones use inverted lists, whose cost follows the actual
// overlaps instead of the vocabulary size.
const maxBitsetWords = 4

// setIndex answers "how many strings do mentor m and mentee e share" for
// one kind of set (topics, goal words), for every mentor at once. Only the
// strings present on both sides are kept.
type setIndex struct {
	words int      // bitset words per person; 0 = inverted lists
	mBits []uint64 // mentor m's set is mBits[m*words : (m+1)*words]
	eBits []uint64
	held  [][]int32 // lists: string id -> mentor positions, ascending
	eIDs  [][]int32 // lists: per mentee, its string ids
}

func newSetIndex(mentorSets, menteeSets [][]string) setIndex {
	onMentor := map[string]bool{}
	for _, set := range mentorSets {
		for _, x := range set {
			onMentor[x] = true
		}
	}
	id := map[string]int32{}
	for _, set := range menteeSets {
		for _, x := range set {
			if _, ok := id[x]; !ok && onMentor[x] {
				id[x] = int32(len(id))
			}
		}
	}
	var ix setIndex
	if w := (len(id) + 63) / 64; w <= maxBitsetWords {
		ix.words = max(w, 1)
		fill := func(sets [][]string) []uint64 {
			b := make([]uint64, len(sets)*ix.words)
			for p, set := range sets {
				for _, x := range set {
					if i, ok := id[x]; ok {
						b[p*ix.words+int(i/64)] |= 1 << (i % 64)
					}
				}
			}
			return b
		}
		ix.mBits, ix.eBits = fill(mentorSets), fill(menteeSets)
		return ix
	}
	ix.held = make([][]int32, len(id))
	for m, set := range mentorSets {
		for _, x := range set {
			if i, ok := id[x]; ok {
				ix.held[i] = append(ix.held[i], int32(m))
			}
		}
	}
	ix.eIDs = make([][]int32, len(menteeSets))
	for e, set := range menteeSets {
		for _, x := range set {
			if i, ok := id[x]; ok {
				ix.eIDs[e] = append(ix.eIDs[e], i)
			}
		}
	}
	return ix
}

// count adds, for mentee e, the shared count with every mentor to counts
// (lists only; bitsets are counted inline by shared).
func (ix *setIndex) count(e int32, counts []int32) {
	for _, i := range ix.eIDs[e] {
		for _, m := range ix.held[i] {
			counts[m]++
		}
	}
}

// shared is the shared count of mentor m with the mentee bitset eb.
func (ix *setIndex) shared(m int, eb []uint64) int32 {
	mb := ix.mBits[m*ix.words : (m+1)*ix.words]
	n := 0
	for i, x := range eb {
		n += bits.OnesCount64(x & mb[i])
	}
	return int32(n)
}
