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
// waits while any envelope received is not acked yet, for at most
// maxAckWait (a steady stream of envelopes must not starve the work).

// maxAckWait bounds how long work waits for the acks under way.
const maxAckWait = 200 * time.Millisecond

// Acks counts the envelopes received and not yet acked. The zero value is
// ready; a nil *Acks holds no work back.
type Acks struct {
	mu      sync.Mutex
	unacked int
	clear   chan struct{} // closed when unacked is back to 0
}

// Arrived counts an envelope in; acked (call it once, at its ack) counts it
// out.
func (a *Acks) Arrived() (acked func()) {
	a.mu.Lock()
	a.unacked++
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

// wait returns once no envelope awaits its ack, after maxAckWait, or when
// ctx ends.
func (a *Acks) wait(ctx context.Context) {
	if a == nil {
		return
	}
	a.mu.Lock()
	clear := a.clear
	a.mu.Unlock()
	if clear == nil {
		return
	}
	t := time.NewTimer(maxAckWait)
	defer t.Stop()
	select {
	case <-clear:
	case <-t.C:
	case <-ctx.Done():
	}
}
