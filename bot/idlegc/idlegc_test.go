package idlegc

import (
	"context"
	"sync"
	"testing"
	"time"
)

const mb = 1 << 20

func TestWorthCollecting(t *testing.T) {
	for _, tc := range []struct {
		name  string
		heap  Heap
		burst uint64
		want  bool
	}{
		// Live 1 MB, goal 4 MB: room up to 2.2 MB.
		{"fresh heap, small burst", Heap{Live: 1 * mb, Objects: 1 * mb, Goal: 4 * mb}, mb / 4, false},
		{"room for two more bursts", Heap{Live: 1 * mb, Objects: 16 * mb / 10, Goal: 4 * mb}, mb / 4, false},
		{"room for one more burst only", Heap{Live: 1 * mb, Objects: 18 * mb / 10, Goal: 4 * mb}, mb / 4, true},
		{"past the trigger", Heap{Live: 1 * mb, Objects: 3 * mb, Goal: 4 * mb}, 1, true},
		{"a burst bigger than the headroom", Heap{Live: 1 * mb, Objects: 1 * mb, Goal: 4 * mb}, 5 * mb, true},
		{"nothing allocated", Heap{Live: 1 * mb, Objects: 2 * mb, Goal: 4 * mb}, 0, false},
		{"no goal in reach (GOGC=off)", Heap{Live: 1 * mb, Objects: 900 * mb, Goal: ^uint64(0)}, 10 * mb, false},
	} {
		if got := tc.heap.worthCollecting(tc.burst); got != tc.want {
			t.Errorf("%s: worthCollecting = %v, want %v (room %d)", tc.name, got, tc.want, tc.heap.room())
		}
	}
}

func TestGrownSince(t *testing.T) {
	start := Heap{Objects: 2 * mb, Allocs: 10 * mb, Cycles: 3}
	for _, tc := range []struct {
		name string
		now  Heap
		want uint64
	}{
		// The allocation count lags (a span at a time): the objects' growth counts.
		{"same cycle: the objects' growth", Heap{Objects: 5 * mb / 2, Allocs: 101 * mb / 10, Cycles: 3}, mb / 2},
		{"same cycle, count ahead", Heap{Objects: 21 * mb / 10, Allocs: 104 * mb / 10, Cycles: 3}, 104*mb/10 - 10*mb},
		// A collection freed what the burst left: only the count tells it.
		{"a collection came between", Heap{Objects: 1 * mb, Allocs: 13 * mb, Cycles: 4}, 3 * mb},
	} {
		if got := tc.now.grownSince(start); got != tc.want {
			t.Errorf("%s: grownSince = %d, want %d", tc.name, got, tc.want)
		}
	}
}

// fakeRuntime stands in for the clock and the runtime: the test fires each
// quiet period's timer and sets what Read returns.
type fakeRuntime struct {
	afters    chan chan time.Time // a timer Run waits on
	collected chan struct{}
	mu        sync.Mutex
	heap      Heap
}

func newFakeRuntime(h Heap) *fakeRuntime {
	// Buffered: a Run stopped while it waits for a quiet period is not stuck.
	return &fakeRuntime{afters: make(chan chan time.Time, 8), collected: make(chan struct{}, 8), heap: h}
}

func (f *fakeRuntime) config() Config {
	return Config{
		QuietFor: time.Millisecond, BusyAllocs: 64 << 10,
		After: func(time.Duration) <-chan time.Time {
			c := make(chan time.Time, 1)
			f.afters <- c
			return c
		},
		Read:    func() Heap { f.mu.Lock(); defer f.mu.Unlock(); return f.heap },
		Collect: func() { f.collected <- struct{}{} },
	}
}

func (f *fakeRuntime) set(change func(*Heap)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	change(&f.heap)
}

// timer waits until Run waits for a quiet period.
func (f *fakeRuntime) timer(t *testing.T) chan time.Time {
	t.Helper()
	select {
	case c := <-f.afters:
		return c
	case <-time.After(10 * time.Second):
		t.Fatal("Run never waited for a quiet period")
		return nil
	}
}

func (f *fakeRuntime) collections() int { return len(f.collected) }

// waitCollection waits for Run to collect; failing says what did not.
func (f *fakeRuntime) waitCollection(t *testing.T, failing string) {
	t.Helper()
	select {
	case <-f.collected:
	case <-time.After(10 * time.Second):
		t.Fatal(failing)
	}
}

func runCollector(t *testing.T, f *fakeRuntime) *Collector {
	c := New(f.config())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { c.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return c
}

// A burst is collected once a whole quiet period passes with no arrival
// and no work allocating; not while envelopes keep coming, nor while the
// work after the acks goes on.
func TestCollectsOnceTheBurstIsOver(t *testing.T) {
	f := newFakeRuntime(Heap{Live: mb, Objects: mb, Goal: 4 * mb, Allocs: 10 * mb})
	c := runCollector(t, f)

	c.Arrived()
	tick := f.timer(t)
	f.set(func(h *Heap) { h.Objects += mb; h.Allocs += mb }) // the burst's garbage
	tick <- time.Time{}
	tick = f.timer(t) // it allocated: another period
	c.Arrived()       // more of the burst
	tick <- time.Time{}
	tick = f.timer(t) // an arrival: another period
	f.set(func(h *Heap) { h.Objects += mb / 4; h.Allocs += mb / 4 })
	tick <- time.Time{}
	tick = f.timer(t) // work after the acks allocated: another period
	if n := f.collections(); n != 0 {
		t.Fatalf("%d collections during the burst", n)
	}
	tick <- time.Time{}
	f.waitCollection(t, "no collection once the burst was over")
}

// A small burst on a fresh heap leaves room for the next: no collection.
func TestLeavesASmallBurstToTheRuntime(t *testing.T) {
	f := newFakeRuntime(Heap{Live: mb, Objects: mb, Goal: 4 * mb, Allocs: 10 * mb})
	c := runCollector(t, f)

	c.Arrived()
	tick := f.timer(t)
	f.set(func(h *Heap) { h.Objects += mb / 10; h.Allocs += mb / 10 })
	tick <- time.Time{}
	f.timer(t) <- time.Time{} // quiet: Run decides on this burst
	c.Arrived()               // the next burst
	tick = f.timer(t)
	if n := f.collections(); n != 0 {
		t.Fatalf("%d collections after a small burst, want 0", n)
	}
	f.set(func(h *Heap) { h.Objects += 2 * mb; h.Allocs += 2 * mb })
	tick <- time.Time{}
	f.timer(t) <- time.Time{} // it allocated in the last period: one more
	f.waitCollection(t, "no collection after a big burst")
}

// Start-up counts as a burst: its garbage is collected once it is over,
// before any envelope arrives.
func TestCollectsAfterStartUp(t *testing.T) {
	f := newFakeRuntime(Heap{Live: mb, Objects: mb, Goal: 4 * mb, Allocs: 10 * mb})
	runCollector(t, f)

	tick := f.timer(t)
	f.set(func(h *Heap) { h.Objects += 2 * mb; h.Allocs += 2 * mb }) // start-up's work
	tick <- time.Time{}
	f.timer(t) <- time.Time{}
	f.waitCollection(t, "no collection after start-up")
}
