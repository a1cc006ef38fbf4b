package groups

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// forEachRow runs fn(i) for every person on up to GOMAXPROCS goroutines
// (one for a small round: many small calls at once must not each fan out).
// fn writes only to row i's outputs, so scheduling never changes a result.
func forEachRow(n int, fn func(i int)) {
	workers := max(1, min(runtime.GOMAXPROCS(0), n*n/(1<<16)))
	if workers == 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	const block = 16
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				lo := int(next.Add(block) - block)
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+block, n); i++ {
					fn(i)
				}
			}
		})
	}
	wg.Wait()
}

// pairHash spreads ties: among equally good partners, which ones make a
// person's candidate list depends on a fixed hash of the pair, not on who
// comes first.
func pairHash(i, j int) uint32 {
	a, b := uint64(min(i, j)), uint64(max(i, j))
	x := (a<<32 | b) * 0x9E3779B97F4A7C15
	x ^= x >> 29
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 32
	return uint32(x)
}
