// Package workers runs each envelope's handler on a goroutine left idle by
// an earlier envelope, or on a new one when none is idle, so a handler
// never waits for another to finish; and it counts the handlers running,
// for the drain at shutdown and for tests that wait for them.
//
// Why not a fresh goroutine per envelope: a new goroutine starts on a
// small stack and grows it, copying it each time, as the handler goes deep
// (routing, the store's model, JSON encoding of the ack); in a burst of
// `/mentor help` that copying was a tenth of mentorbot's CPU
// (docs/benchmarks.md, "Socket Mode acks"). A kept goroutine keeps its
// grown stack (until the garbage collector shrinks a stack that stays
// little used).
package workers

import (
	"sync"
	"sync/atomic"
	"time"
)

// Pool hands functions to idle workers. Its zero value is not usable: use
// New.
type Pool struct {
	idle chan func() // unbuffered: a send succeeds only if a worker waits
	keep time.Duration
	live atomic.Int32

	mu   sync.Mutex
	busy int        // functions counted by Busy and not finished
	zero *sync.Cond // broadcast when busy falls to 0
}

// New builds a pool whose workers exit after keep without work.
func New(keep time.Duration) *Pool {
	p := &Pool{idle: make(chan func()), keep: keep}
	p.zero = sync.NewCond(&p.mu)
	return p
}

// Busy counts a function busy from now until the done it returns is
// called: before Go, so that whoever sees an effect of the caller (an ack
// sent next) and then waits for idle workers waits for it too.
func (p *Pool) Busy() (done func()) {
	p.add(1)
	var once sync.Once
	return func() { once.Do(func() { p.add(-1) }) }
}

func (p *Pool) add(d int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.busy += d
	if p.busy == 0 {
		p.zero.Broadcast()
	}
}

// WaitIdle waits until no function counted by Busy is running.
func (p *Pool) WaitIdle() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for p.busy > 0 {
		p.zero.Wait()
	}
}

// Drain waits, up to timeout, until no function is busy, and then ends
// the idle workers (Release); it reports whether they all finished.
func (p *Pool) Drain(timeout time.Duration) bool {
	done := make(chan struct{})
	go func() { p.WaitIdle(); close(done) }()
	select {
	case <-done:
		p.Release()
		return true
	case <-time.After(timeout):
		return false
	}
}

// Go runs fn on an idle worker or on a new goroutine; it never waits for
// a busy one.
func (p *Pool) Go(fn func()) {
	select {
	case p.idle <- fn:
	default:
		p.live.Add(1)
		go p.work(fn)
	}
}

// Live is the number of workers, busy or idle.
func (p *Pool) Live() int { return int(p.live.Load()) }

// work runs fn, then whatever it is handed until keep passes without work
// or Release hands it nil.
func (p *Pool) work(fn func()) {
	defer p.live.Add(-1)
	var t *time.Timer
	for fn != nil {
		fn()
		if t == nil {
			t = time.NewTimer(p.keep)
		} else {
			t.Reset(p.keep)
		}
		select {
		case fn = <-p.idle:
		case <-t.C:
			return
		}
	}
	t.Stop()
}

// Release ends the workers idle now; a worker still busy ends once idle
// for keep.
func (p *Pool) Release() {
	for {
		select {
		case p.idle <- nil:
		default:
			return
		}
	}
}
