package workslot

import (
	"context"
	"runtime"
	"testing"
)

// Work waits while an envelope awaits its ack, and goes once none does.
func TestWorkWaitsForTheAcks(t *testing.T) {
	ctx := context.Background()
	var acks Acks
	slots := make(Slots, 1)
	first, second := acks.Arrived(), acks.Arrived()
	working := make(chan struct{})
	go func() {
		s := slots.For(&acks)
		s.Take(ctx)
		close(working)
		s.Done()
	}()
	first()
	first()          // a second call counts nothing
	for range 1000 { // give the worker every chance to start too early
		runtime.Gosched()
	}
	select {
	case <-working:
		t.Fatal("work started while an envelope was not acked")
	default:
	}
	second()
	<-working
	// With nothing unacked, and for a nil Acks, work waits for nothing.
	for _, a := range []*Acks{&acks, nil} {
		s := slots.For(a)
		s.Take(ctx)
		s.Done()
	}
}

// A handler whose context ends stops waiting for the acks.
func TestWorkStopsWaitingWithItsContext(t *testing.T) {
	var acks Acks
	defer acks.Arrived()()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		s := make(Slots, 1).For(&acks)
		s.Take(ctx)
		s.Done()
		close(done)
	}()
	cancel()
	<-done
}
