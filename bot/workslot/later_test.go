package workslot

import (
	"context"
	"runtime"
	"testing"
)

// Queued handlers start only once every envelope is acked, all of them,
// and a queue after that starts again; when the context ends they start
// at once.
func TestLaterStartsHandlersOnceTheAcksAreOut(t *testing.T) {
	var acks Acks
	started := make(chan int, 10)
	later := NewLater(&acks, func(fn func()) { go fn() })
	ctx := context.Background()

	acked := acks.Arrived()
	for i := range 3 {
		later.Go(ctx, func() { started <- i })
	}
	for range 1000 { // give the queue every chance to start too early
		runtime.Gosched()
	}
	if n := len(started); n != 0 {
		t.Fatalf("%d handlers started while an envelope was not acked", n)
	}
	acked()
	got := map[int]bool{}
	for range 3 {
		got[<-started] = true
	}
	if len(got) != 3 {
		t.Fatalf("started %v, want 0, 1 and 2", got)
	}

	// A later burst: queued again, started again.
	later.Go(ctx, func() { started <- 3 })
	if i := <-started; i != 3 {
		t.Fatalf("started %d, want 3", i)
	}

	// Shutting down: the queue starts without waiting for the acks.
	defer acks.Arrived()()
	stopped, cancel := context.WithCancel(ctx)
	cancel()
	later.Go(stopped, func() { started <- 4 })
	if i := <-started; i != 4 {
		t.Fatalf("started %d, want 4", i)
	}
}
