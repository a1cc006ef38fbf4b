package workslot

import (
	"context"
	"runtime"
	"testing"
	"time"
)

// The work after an ack runs in one of a few slots: a second handler waits
// for the first one's slot, a handler waiting on Slack lends its slot, and
// a finished handler returns it whatever it was doing.
func TestWorkSlots(t *testing.T) {
	ctx := context.Background()
	slots := make(Slots, 1)
	a, b := &Slot{slots: slots}, &Slot{slots: slots}
	a.Take(ctx)
	if a.state != slotHeld || len(slots) != 1 {
		t.Fatalf("a: state %d, tokens %d", a.state, len(slots))
	}
	took := make(chan struct{})
	go func() { b.Take(ctx); close(took) }()
	select {
	case <-took:
		t.Fatal("b took a slot while a held the only one")
	case <-time.After(20 * time.Millisecond):
	}
	// a calls Slack: b may work meanwhile.
	back := a.Lend(ctx)
	<-took
	if b.state != slotHeld {
		t.Fatalf("b: state %d", b.state)
	}
	// a's call is over: a waits for b to finish.
	again := make(chan struct{})
	go func() { back(); close(again) }()
	select {
	case <-again:
		t.Fatal("a took its slot back while b held it")
	case <-time.After(20 * time.Millisecond):
	}
	b.Done()
	<-again
	if a.state != slotHeld || b.state != slotDone || len(slots) != 1 {
		t.Fatalf("a %d, b %d, tokens %d", a.state, b.state, len(slots))
	}
	// Finished while waiting for a token: the token goes back at once.
	c := &Slot{slots: slots}
	waiting := make(chan struct{})
	go func() { c.Take(ctx); close(waiting) }()
	for c.stateNow() != slotTaking { // c is waiting (a holds the token)
		runtime.Gosched()
	}
	c.Done()
	a.Done()
	<-waiting
	if len(slots) != 0 || c.state != slotDone {
		t.Fatalf("after both finished: %d tokens taken, c %d", len(slots), c.state)
	}
	// A handler whose context ends while it waits works without a slot.
	slots <- struct{}{}
	d := &Slot{slots: slots}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	d.Take(cctx)
	if d.state != slotNone || len(slots) != 1 {
		t.Fatalf("cancelled: state %d, tokens %d", d.state, len(slots))
	}
	d.Done()
	if len(slots) != 1 {
		t.Fatalf("a handler without a token returned one: %d", len(slots))
	}
}

func (s *Slot) stateNow() slotState {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state
}
