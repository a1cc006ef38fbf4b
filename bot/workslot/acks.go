package workslot

import (
	"context"
	"sync"
	"time"
)

// Acks first, strictly: a slot alone limits how much work runs at once, but
// the work of the first envelopes of a burst still shares the cores with
// the reading, parsing and acking of the rest (on two cores, four handlers
// at work took half the CPU from the acks still to come). So work also
// waits while any envelope received is not acked yet, and until no
// envelope has arrived for quietFor: the envelopes of a burst come off the
// socket one after another (a view submission takes about a millisecond
// to parse), so between two of them none may be unacked while the rest
// are still unread. quietFor is 20 ms: at 5 ms, a burst of 50 sign-up
// forms on two busy cores had gaps that long, and 8 to 24 handlers' work
// started before its last ack (BenchmarkAckBurst, docs/benchmarks.md); a
// follow-up 20 ms later is not felt. It waits at most maxAckWait: a steady
// stream of envelopes must not starve the work.

const (
	// maxAckWait bounds how long work waits for the acks under way.
	maxAckWait = 200 * time.Millisecond
	// quietFor is the pause in arrivals that ends a burst.
	quietFor = 20 * time.Millisecond
)

// Acks counts the envelopes received and not yet acked. The zero value is
// ready; a nil *Acks holds no work back.
type Acks struct {
	mu      sync.Mutex
	unacked int
	last    time.Time     // the last arrival
	clear   chan struct{} // closed when unacked is back to 0

	// Tests set these; nil means time.Now and time.NewTimer.
	now   func() time.Time
	timer func(time.Duration) (<-chan time.Time, func() bool)
}

// Arrived counts an envelope in; acked (call it once, at its ack) counts it
// out.
func (a *Acks) Arrived() (acked func()) {
	a.mu.Lock()
	a.unacked++
	a.last = a.clock()
	if a.clear == nil {
		a.clear = make(chan struct{})
	}
	a.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			a.mu.Lock()
			defer a.mu.Unlock()
			if a.unacked--; a.unacked == 0 {
				close(a.clear)
				a.clear = nil
			}
		})
	}
}

// ArrivedAcked counts an envelope acked as it arrived (answered in the read
// loop): Arrived()() without the count and its channel to undo.
func (a *Acks) ArrivedAcked() {
	a.mu.Lock()
	a.last = a.clock()
	a.mu.Unlock()
}

// Wait returns once no envelope awaits its ack and none arrived for
// quietFor, after maxAckWait, or when ctx ends.
func (a *Acks) Wait(ctx context.Context) {
	if a == nil {
		return
	}
	deadline := a.clock().Add(maxAckWait)
	for {
		a.mu.Lock()
		clear, quietAt := a.clear, a.last.Add(quietFor)
		a.mu.Unlock()
		now := a.clock()
		if clear == nil && !now.Before(quietAt) || !now.Before(deadline) {
			return
		}
		until := deadline
		if clear == nil {
			until = quietAt
		}
		fire, stop := a.newTimer(until.Sub(now))
		select {
		case <-clear: // nil when all are acked: waits for the quiet instead
		case <-fire:
		case <-ctx.Done():
			stop()
			return
		}
		stop()
	}
}

func (a *Acks) clock() time.Time {
	if a.now != nil {
		return a.now()
	}
	return time.Now()
}

func (a *Acks) newTimer(d time.Duration) (<-chan time.Time, func() bool) {
	if a.timer != nil {
		return a.timer(d)
	}
	t := time.NewTimer(d)
	return t.C, t.Stop
}
