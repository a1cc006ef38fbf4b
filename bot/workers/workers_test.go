package workers

import (
	"testing"
	"time"
)

// A busy worker never delays the next function (it gets a worker of its
// own); an idle worker is used again rather than a new one started; and
// Release ends the idle ones.
func TestPoolReusesIdleWorkersAndNeverWaits(t *testing.T) {
	p := New(time.Hour)
	block, ran := make(chan struct{}), make(chan int, 3)
	p.Go(func() { <-block; ran <- 1 })
	p.Go(func() { ran <- 2 }) // runs while the first is still blocked
	if got := <-ran; got != 2 {
		t.Fatalf("function %d finished first, want 2 (the second must not wait)", got)
	}
	if p.Live() != 2 {
		t.Fatalf("%d workers, want 2", p.Live())
	}
	close(block)
	<-ran
	// Once a worker waits idle (they do not exit: keep is an hour), a
	// function goes to it and the number of workers stays the same.
	for attempt := 0; ; attempt++ {
		before := p.Live()
		p.Go(func() { ran <- 3 })
		<-ran
		if p.Live() == before {
			break
		}
		if attempt == 1000 {
			t.Fatalf("every function started a new worker (%d)", p.Live())
		}
	}
	waitFor(t, func() bool { p.Release(); return p.Live() == 0 })
}

// An idle worker ends by itself after keep.
func TestIdleWorkerEndsAfterKeep(t *testing.T) {
	p := New(time.Millisecond)
	done := make(chan struct{})
	p.Go(func() { close(done) })
	<-done
	waitFor(t, func() bool { return p.Live() == 0 })
}

// waitFor polls cond, yielding between polls, for up to ten seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 10 s")
		}
		<-time.After(time.Millisecond)
	}
}

// WaitIdle and Drain wait for every function counted busy, whether it
// runs yet or not; Drain gives up at its timeout.
func TestPoolWaitsForBusyFunctions(t *testing.T) {
	p := New(time.Hour)
	release := make(chan struct{})
	done := p.Busy() // counted before it is handed to a worker
	if p.Drain(time.Millisecond) {
		t.Fatal("Drain reported idle while a function was counted busy")
	}
	p.Go(func() { defer done(); <-release })
	waited := make(chan struct{})
	go func() { p.WaitIdle(); close(waited) }()
	select {
	case <-waited:
		t.Fatal("WaitIdle returned while a function was busy")
	case <-time.After(10 * time.Millisecond):
	}
	close(release)
	<-waited
	done() // a second call counts nothing
	if !p.Drain(10 * time.Second) {
		t.Fatal("Drain timed out with nothing busy")
	}
	waitFor(t, func() bool { p.Release(); return p.Live() == 0 })
}
