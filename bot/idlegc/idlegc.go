// Package idlegc collects the garbage of a burst of envelopes once the
// burst is over, so that the next burst starts with the heap's whole
// headroom and is not slowed by a collection: during one, the collector
// takes one of two cores for its mark phase, which is when every envelope
// of a burst waits for its ack (docs/benchmarks.md, seventh round).
package idlegc

import (
	"context"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"time"
)

// Heap is what the runtime says of the heap (runtime/metrics).
type Heap struct {
	Live    uint64 // marked live by the last collection
	Objects uint64 // held by objects now: live, new and not yet swept
	Goal    uint64 // where the next collection ends
	Allocs  uint64 // allocated since the process began (counted a span at a time: it lags)
	Cycles  uint64 // collections since the process began
}

// room is what can be allocated before a collection may start. The
// runtime's pacer counts the spans its per-core caches hold as allocated
// (up to about a megabyte with two cores), so a collection starts sooner
// than Objects alone tells: seen here from about half way from the live
// heap to the goal (the pacer's own lowest trigger is 70 % of its count);
// room counts to 40 % of the way.
func (h Heap) room() uint64 {
	if h.Goal <= h.Live {
		return 0
	}
	trigger := h.Live + (h.Goal-h.Live)/10*4
	if h.Objects >= trigger {
		return 0
	}
	return trigger - h.Objects
}

// grownSince is what a burst that began at start allocated: the growth of
// the heap's objects, or, if a collection came between (it freed some),
// the allocation count.
func (h Heap) grownSince(start Heap) uint64 {
	grown := h.Allocs - start.Allocs
	if h.Cycles == start.Cycles && h.Objects > start.Objects {
		grown = max(grown, h.Objects-start.Objects)
	}
	return grown
}

// worthCollecting: the next burst, if twice the last one (burst bytes),
// might not fit in the room left and so be slowed by a collection. With
// the goal out of reach (GOGC=off without a limit) there is always room.
func (h Heap) worthCollecting(burst uint64) bool {
	return h.room() < 2*burst
}

// Config says when a burst is over and how to collect; New fills in the
// real runtime's for whatever is zero.
type Config struct {
	QuietFor   time.Duration                        // no arrival for this long (50 ms)
	BusyAllocs uint64                               // and under this allocated meanwhile (64 KB): work after the acks is over
	After      func(time.Duration) <-chan time.Time // time.After
	Read       func() Heap                          // ReadHeap
	Collect    func()                               // runtime.GC
}

// Collector runs Collect once a burst is over.
type Collector struct {
	cfg      Config
	arrivals atomic.Uint64
	burst    chan struct{} // the first arrival of a burst wakes Run
}

// New returns a Collector for cfg.
func New(cfg Config) *Collector {
	if cfg.QuietFor <= 0 {
		cfg.QuietFor = 50 * time.Millisecond
	}
	if cfg.BusyAllocs == 0 {
		cfg.BusyAllocs = 64 << 10
	}
	if cfg.After == nil {
		cfg.After = time.After
	}
	if cfg.Read == nil {
		cfg.Read = ReadHeap
	}
	if cfg.Collect == nil {
		cfg.Collect = runtime.GC
	}
	c := &Collector{cfg: cfg, burst: make(chan struct{}, 1)}
	// Start-up is the first burst: its garbage too is collected once it is
	// over, before the first envelope.
	c.burst <- struct{}{}
	return c
}

// Arrived counts an envelope. It is on the ack path of every envelope and
// never blocks.
func (c *Collector) Arrived() {
	c.arrivals.Add(1)
	select {
	case c.burst <- struct{}{}:
	default:
	}
}

// Run waits for bursts and collects after each one that left enough
// garbage, until ctx ends.
func (c *Collector) Run(ctx context.Context) {
	// A burst is measured from the end of the one before: by the time Run
	// wakes, much of it may be served already.
	last := c.cfg.Read()
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.burst:
		}
		h, ok := c.waitQuiet(ctx)
		if !ok {
			return
		}
		if h.worthCollecting(h.grownSince(last)) {
			c.cfg.Collect()
			h = c.cfg.Read()
		}
		last = h
	}
}

// waitQuiet waits until a whole QuietFor passes with no arrival and under
// BusyAllocs allocated, and returns the heap then; false when ctx ends
// first.
func (c *Collector) waitQuiet(ctx context.Context) (Heap, bool) {
	h := c.cfg.Read()
	for {
		arrivals, start := c.arrivals.Load(), h
		select {
		case <-ctx.Done():
			return Heap{}, false
		case <-c.cfg.After(c.cfg.QuietFor):
		}
		// Arrivals in this period signalled burst again; it is drained
		// here, as this wait covers them.
		select {
		case <-c.burst:
		default:
		}
		h = c.cfg.Read()
		if c.arrivals.Load() == arrivals && h.Allocs-start.Allocs < c.cfg.BusyAllocs {
			return h, true
		}
	}
}

// ReadHeap reads the runtime's figures.
func ReadHeap() Heap {
	s := [...]metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/gc/heap/goal:bytes"}, {Name: "/gc/heap/allocs:bytes"}, {Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(s[:])
	var v [len(s)]uint64
	for i := range s {
		if s[i].Value.Kind() == metrics.KindUint64 {
			v[i] = s[i].Value.Uint64()
		}
	}
	return Heap{Live: v[0], Objects: v[1], Goal: v[2], Allocs: v[3], Cycles: v[4]}
}
