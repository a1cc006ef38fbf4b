package bot

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
	slots := make(workSlots, 1)
	a, b := &workSlot{slots: slots}, &workSlot{slots: slots}
	a.take(ctx)
	if a.state != slotHeld || len(slots) != 1 {
		t.Fatalf("a: state %d, tokens %d", a.state, len(slots))
	}
	took := make(chan struct{})
	go func() { b.take(ctx); close(took) }()
	select {
	case <-took:
		t.Fatal("b took a slot while a held the only one")
	case <-time.After(20 * time.Millisecond):
	}
	// a calls Slack: b may work meanwhile.
	back := a.lend(ctx)
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
	b.done()
	<-again
	if a.state != slotHeld || b.state != slotDone || len(slots) != 1 {
		t.Fatalf("a %d, b %d, tokens %d", a.state, b.state, len(slots))
	}
	// Finished while waiting for a token: the token goes back at once.
	c := &workSlot{slots: slots}
	waiting := make(chan struct{})
	go func() { c.take(ctx); close(waiting) }()
	for c.stateNow() != slotTaking { // c is waiting (a holds the token)
		runtime.Gosched()
	}
	c.done()
	a.done()
	<-waiting
	if len(slots) != 0 || c.state != slotDone {
		t.Fatalf("after both finished: %d tokens taken, c %d", len(slots), c.state)
	}
	// A handler whose context ends while it waits works without a slot.
	slots <- struct{}{}
	d := &workSlot{slots: slots}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	d.take(cctx)
	if d.state != slotNone || len(slots) != 1 {
		t.Fatalf("cancelled: state %d, tokens %d", d.state, len(slots))
	}
	d.done()
	if len(slots) != 1 {
		t.Fatalf("a handler without a token returned one: %d", len(slots))
	}
}

func (s *workSlot) stateNow() slotState {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state
}
