package workslot

import (
	"context"
	"sync"
)

// Later starts handlers once no envelope awaits its ack (Acks.wait): those
// whose work would wait for that anyway (a click's, an event's: acked on
// arrival, with nothing to do before their work slot). Started in the
// middle of a burst, fifty such handlers take the cores from the acks still
// to come only to park at their slot; queued, they cost the read loop an
// append.
type Later struct {
	acks    *Acks
	start   func(func()) // runs a handler (the bot's worker pool)
	mu      sync.Mutex
	queued  []func()
	waiting bool // a goroutine waits to start the queue
}

// NewLater starts its handlers with start once acks are all out.
func NewLater(acks *Acks, start func(func())) *Later {
	return &Later{acks: acks, start: start}
}

// Go queues fn. When ctx ends, the queue is started at once: the handlers
// outlive a shutdown request, as they would have had they started.
func (l *Later) Go(ctx context.Context, fn func()) {
	l.mu.Lock()
	l.queued = append(l.queued, fn)
	wake := !l.waiting
	l.waiting = true
	l.mu.Unlock()
	if wake {
		go l.run(ctx)
	}
}

// run starts the queue each time the acks are out, until it stays empty.
func (l *Later) run(ctx context.Context) {
	for {
		l.acks.Wait(ctx)
		l.mu.Lock()
		batch := l.queued
		l.queued = nil
		if len(batch) == 0 {
			l.waiting = false
			l.mu.Unlock()
			return
		}
		l.mu.Unlock()
		for _, fn := range batch {
			l.start(fn)
		}
	}
}
