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
	workers := min(runtime.GOMAXPROCS(0), int((n+block-1)/block))
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
