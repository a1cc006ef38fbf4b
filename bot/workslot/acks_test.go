package workslot

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"time"
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
	// With nothing unacked (after the quiet pause), and for a nil Acks,
	// work goes.
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

// fakeTime is a clock and timers that tests move by hand: each timer asked
// for shows up on asked, and fires when the test sends on its channel.
type fakeTime struct {
	mu    sync.Mutex
	at    time.Time
	asked chan fakeTimer
}

type fakeTimer struct {
	d    time.Duration
	fire chan time.Time
}

func newFakeTime(a *Acks) *fakeTime {
	ft := &fakeTime{at: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC), asked: make(chan fakeTimer)}
	a.now = func() time.Time { ft.mu.Lock(); defer ft.mu.Unlock(); return ft.at }
	a.timer = func(d time.Duration) (<-chan time.Time, func() bool) {
		t := fakeTimer{d: d, fire: make(chan time.Time, 1)}
		ft.asked <- t
		return t.fire, func() bool { return true }
	}
	return ft
}

func (ft *fakeTime) advance(d time.Duration) {
	ft.mu.Lock()
	defer ft.mu.Unlock()
	ft.at = ft.at.Add(d)
}

// startWork takes a slot in a goroutine and reports when it has one.
func startWork(acks *Acks) <-chan struct{} {
	working := make(chan struct{})
	go func() {
		s := make(Slots, 1).For(acks)
		s.Take(context.Background())
		close(working)
		s.Done()
	}()
	return working
}

// Envelopes of a burst come off the socket one by one: with all of those
// read so far acked, work still waits until none has arrived for quietFor.
func TestWorkWaitsForAPauseInArrivals(t *testing.T) {
	var acks Acks
	ft := newFakeTime(&acks)
	acks.Arrived()()
	working := startWork(&acks)
	if tm := <-ft.asked; tm.d != quietFor {
		t.Fatalf("work waits %v after an arrival, want %v", tm.d, quietFor)
	} else {
		ft.advance(3 * time.Millisecond)
		acks.ArrivedAcked() // another envelope of the burst, acked at once
		ft.advance(quietFor - 3*time.Millisecond)
		tm.fire <- ft.at
	}
	// The pause is counted from the last arrival: 3 ms more.
	tm := <-ft.asked
	if tm.d != 3*time.Millisecond {
		t.Fatalf("work waits %v more, want 3ms", tm.d)
	}
	select {
	case <-working:
		t.Fatal("work started 2 ms after an arrival")
	default:
	}
	ft.advance(tm.d)
	tm.fire <- ft.at
	<-working
}

// A steady stream of envelopes does not starve the work: it goes after
// maxAckWait even while one is unacked.
func TestWorkWaitsAtMostMaxAckWait(t *testing.T) {
	var acks Acks
	ft := newFakeTime(&acks)
	defer acks.Arrived()() // never acked during the test
	working := startWork(&acks)
	tm := <-ft.asked
	if tm.d != maxAckWait {
		t.Fatalf("work waits %v for an unacked envelope, want at most %v", tm.d, maxAckWait)
	}
	ft.advance(maxAckWait)
	tm.fire <- ft.at
	<-working
}
