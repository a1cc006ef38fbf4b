// Package workslot keeps the work a Socket Mode handler does after its ack
// from crowding out the acks of the envelopes still arriving (bot's
// dispatch uses it).
package workslot

import (
	"context"
	"runtime"
	"sync"
)

// Acks before work: a burst of fifty clicks is fifty handlers, each acked
// at once and then working on (a commit, a chat.update). If they all ran
// at once they would share the cores with the read loop and the acks of the
// envelopes still arriving, and the last ack of the burst would wait for
// most of the burst's work. So the work a handler does after its ack waits
// for one of a few work slots (twice as many as cores: a handler in a slot
// also waits on the disk at times):
// the acks of a burst go out first, and its work follows, in arrival order.
// A handler gives its slot up while it waits on Slack (a Web API call, a
// response_url post, the rate limiter), so a slow Slack holds no slot.

// Slots is the semaphore of post-ack work: one token per handler at work.
type Slots chan struct{}

// New makes the slots of a process.
func New() Slots { return make(Slots, 2*runtime.GOMAXPROCS(0)) }

// slotState is where one handler stands with the slots.
type slotState int

const (
	slotNone      slotState = iota // not taken yet (before the ack)
	slotTaking                     // waiting for a token
	slotHeld                       // holding a token
	slotLent                       // token given up while Slack answers
	slotReleasing                  // released while taking: give the token back once got
	slotDone                       // the handler finished: never take one again
)

// Slot is one handler's claim on the slots. Take is called by the
// handler's own goroutine; the others by whoever calls Slack on its
// context (a goroutine it started, too).
type Slot struct {
	slots Slots
	acks  *Acks // work waits for these acks first (nil: none)
	mu    sync.Mutex
	state slotState
	out   int // Slack calls under way
}

// Take waits for a token (the handler is acked and about to work); at most
// until ctx ends, after which the handler works without one.
func (s *Slot) Take(ctx context.Context) {
	s.mu.Lock()
	if s.state != slotNone && s.state != slotLent || s.out > 0 {
		s.mu.Unlock()
		return
	}
	s.state = slotTaking
	s.mu.Unlock()
	s.acks.Wait(ctx)
	got := false
	select {
	case s.slots <- struct{}{}:
		got = true
	case <-ctx.Done():
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch s.state {
	case slotTaking:
		s.state = slotNone
		if got {
			s.state = slotHeld
		}
	case slotReleasing: // lent while waiting
		if got {
			<-s.slots
		}
		s.state = slotLent
	case slotDone:
		if got {
			<-s.slots
		}
	}
}

// Lend gives the token up for a Slack call; the returned func takes one
// again when the last such call is over.
func (s *Slot) Lend(ctx context.Context) (back func()) {
	s.mu.Lock()
	s.out++
	s.giveUp(slotLent)
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		s.out--
		again := s.out == 0 && s.state == slotLent
		s.mu.Unlock()
		if again {
			s.Take(ctx)
		}
	}
}

// Done releases the token for good.
func (s *Slot) Done() {
	s.mu.Lock()
	s.giveUp(slotDone)
	s.state = slotDone
	s.mu.Unlock()
}

// giveUp returns the token, if held, and moves to next (called with mu).
func (s *Slot) giveUp(next slotState) {
	switch s.state {
	case slotHeld:
		<-s.slots
		s.state = next
	case slotTaking:
		s.state = slotReleasing
	case slotNone:
		// A Slack call acks first: the work after it takes a token.
		s.state = next
	}
}

// For is a handler's claim on the slots, none taken yet; its work waits
// for acks (nil: for none) before taking one.
func (s Slots) For(acks *Acks) *Slot { return &Slot{slots: s, acks: acks} }

// handlerKey carries, in a handler's context, the empty ack of its
// envelope (a no-op once the envelope is acked) and its slot.
type handlerKey struct{}

type handler struct {
	ackEmpty func()
	slot     *Slot
}

// With is ctx for the handler of one envelope.
func With(ctx context.Context, ackEmpty func(), slot *Slot) context.Context {
	return context.WithValue(ctx, handlerKey{}, handler{ackEmpty, slot})
}

// BeforeSlack acks the envelope ctx serves, if it is not acked yet, and
// lends its slot for a call to Slack; call the result when the call is
// over. Outside a handler it does nothing.
func BeforeSlack(ctx context.Context) (done func()) {
	if h, ok := ctx.Value(handlerKey{}).(handler); ok {
		h.ackEmpty()
	}
	return WhileBlocked(ctx)
}

// WhileBlocked lends the slot of the handler ctx serves while it waits for
// something another handler holds (a lock); call the result when it has
// it. A holder may need a slot back before it lets go (after its own Slack
// call), so waiters must not sit on every slot. Unlike BeforeSlack it does
// not ack. Outside a handler it does nothing.
func WhileBlocked(ctx context.Context) (done func()) {
	h, ok := ctx.Value(handlerKey{}).(handler)
	if !ok {
		return func() {}
	}
	return h.slot.Lend(ctx)
}
