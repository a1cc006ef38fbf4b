package match

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// forEachMentee runs fn for every mentee position on all cores, in group
// order so rows of a group reuse its terms. Each worker has its own
// scratch; fn must write only to per-mentee outputs (or merge with a total
// order), so the result does not depend on scheduling.
func (c *cohort) forEachMentee(fn func(e int32, s *rowScratch)) {
	n := int64(len(c.mentees))
	const block = 64
	workers := min(c.workers, int((n+block-1)/block))
	if workers <= 1 {
		s := c.newScratch()
		for _, e := range c.order {
			fn(e, s)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			s := c.newScratch()
			for {
				lo := next.Add(block) - block
				if lo >= n {
					return
				}
				for _, e := range c.order[lo:min(lo+block, n)] {
					fn(e, s)
				}
			}
		})
	}
	wg.Wait()
}

// minPairsPerWorker is how many pairs of work justify one more goroutine.
// Small cohorts (tests, a team of a few dozen) run on the calling
// goroutine: starting workers would cost more than the work, and many
// small calls at once (tests under -race, a busy machine) would otherwise
// each fan out to every core.
const minPairsPerWorker = 1 << 16

// parallelWorkers is how many goroutines to use for the given number of
// pairs: one per minPairsPerWorker pairs, at most GOMAXPROCS, at least 1.
func parallelWorkers(pairs int64) int {
	return int(max(1, min(int64(runtime.GOMAXPROCS(0)), pairs/minPairsPerWorker)))
}
