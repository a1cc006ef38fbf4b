package keylock

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/mentorbot/mentorbot/bot/workslot"
)

// One key's holders run one at a time, in turn; the set empties after.
func TestOneKeyAtATime(t *testing.T) {
	var l Locks
	var wg sync.WaitGroup
	inside, most := 0, 0
	var mu sync.Mutex
	for range 50 {
		wg.Go(func() {
			unlock := l.Lock(context.Background(), "UHANA")
			mu.Lock()
			inside++
			most = max(most, inside)
			mu.Unlock()
			runtime.Gosched() // let another try to enter
			mu.Lock()
			inside--
			mu.Unlock()
			unlock()
		})
	}
	wg.Wait()
	if most != 1 {
		t.Errorf("%d holders of one key at once, want 1", most)
	}
	if n := l.held(); n != 0 {
		t.Errorf("%d entries left after every release, want 0", n)
	}
}

// Another key's lock is free while one is held.
func TestKeysAreIndependent(t *testing.T) {
	var l Locks
	unlockHana := l.Lock(context.Background(), "UHANA")
	done := make(chan struct{})
	go func() {
		l.Lock(context.Background(), "ULEO")()
		close(done)
	}()
	<-done // would block forever if keys shared one lock
	if n := l.held(); n != 1 {
		t.Errorf("%d entries while Hana's is held, want 1", n)
	}
	unlockHana()
	if n := l.held(); n != 0 {
		t.Errorf("%d entries after release, want 0", n)
	}
}

// A holder that lends its work slot for a Slack call and takes it back
// before letting go is not stuck behind a waiter: waiters lend theirs. (With
// one slot, a waiter sitting on it would block the holder for ever.)
func TestWaitersLendTheirWorkSlot(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		slots := make(workslot.Slots, 1)
		handler := func() (context.Context, *workslot.Slot) {
			slot := slots.For(nil)
			slot.Take(context.Background())
			return workslot.With(context.Background(), func() {}, slot), slot
		}
		var l Locks
		holder, holderSlot := handler()
		unlock := l.Lock(holder, "UHANA")
		slackCallOver := workslot.BeforeSlack(holder) // lends the only slot

		waiterDone := make(chan struct{})
		go func() {
			defer close(waiterDone)
			waiter, _ := handler() // takes the slot the holder lent
			l.Lock(waiter, "UHANA")()
		}()
		synctest.Wait() // the waiter waits for the lock

		slackCallOver() // the holder takes a slot back: the waiter lent it
		unlock()
		holderSlot.Done() // the holder's handler ends
		<-waiterDone
	})
}
