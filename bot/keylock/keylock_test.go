package keylock

import (
	"runtime"
	"sync"
	"testing"
)

// One key's holders run one at a time, in turn; the set empties after.
func TestOneKeyAtATime(t *testing.T) {
	var l Locks
	var wg sync.WaitGroup
	inside, most := 0, 0
	var mu sync.Mutex
	for range 50 {
		wg.Go(func() {
			unlock := l.Lock("UHANA")
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
	unlockHana := l.Lock("UHANA")
	done := make(chan struct{})
	go func() {
		l.Lock("ULEO")()
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
