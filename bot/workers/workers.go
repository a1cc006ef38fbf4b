// Package workers runs each envelope's handler on a goroutine left idle by
// an earlier envelope, or on a new one when none is idle, so a handler
// never waits for another to finish.
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
	"sync/atomic"
	"time"
)

// Pool hands functions to idle workers. Its zero value is not usable: use
// New.
type Pool struct {
	idle chan func() // unbuffered: a send succeeds only if a worker waits
	keep time.Duration
	live atomic.Int32
}

// New builds a pool whose workers exit after keep without work.
func New(keep time.Duration) *Pool {
	return &Pool{idle: make(chan func()), keep: keep}
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

// Release ends the workers idle now (at shutdown, once handlers are
// drained); a worker still busy ends once idle for keep.
func (p *Pool) Release() {
	for {
		select {
		case p.idle <- nil:
		default:
			return
		}
	}
}
