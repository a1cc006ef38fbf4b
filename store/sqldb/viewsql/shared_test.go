package viewsql

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// scriptedProbe answers tokens from a list (then repeats the last one);
// "!" is a failed reading. Each Token waits for a go-ahead when gate is set.
type scriptedProbe struct {
	mu     sync.Mutex
	tokens []string
	calls  atomic.Int32
	closed atomic.Int32
	gate   chan struct{}
}

func (p *scriptedProbe) Token() (string, bool) {
	p.calls.Add(1)
	if p.gate != nil {
		<-p.gate
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	t := p.tokens[0]
	if len(p.tokens) > 1 {
		p.tokens = p.tokens[1:]
	}
	return t, t != "!"
}

func (p *scriptedProbe) Close() error { p.closed.Add(1); return nil }

func TestSharedVersionMovesOnlyWithTheToken(t *testing.T) {
	ctx := context.Background()
	p := &scriptedProbe{tokens: []string{"a", "a", "b", "!", "b", "b", "c"}}
	s := NewSharedVersion(p)
	type want struct {
		v  uint64
		ok bool
	}
	// A failed reading is no version, and the token after it counts as new
	// even when it equals the one before (never compare across a failure).
	for i, w := range []want{{1, true}, {1, true}, {2, true}, {0, false}, {3, true}, {3, true}, {4, true}} {
		if v, ok := s.Version(ctx); v != w.v || ok != w.ok {
			t.Fatalf("reading %d: %d %v, want %d %v", i, v, ok, w.v, w.ok)
		}
	}
	if err := s.Close(); err != nil || p.closed.Load() != 1 {
		t.Fatalf("close: %v, probe closed %d times", err, p.closed.Load())
	}
	if _, ok := s.Version(ctx); ok {
		t.Fatal("a version after Close")
	}
}

// Callers that arrive while a reading is under way share the next one:
// fifty callers cost two readings, not fifty.
func TestSharedVersionSharesReadings(t *testing.T) {
	ctx := context.Background()
	p := &scriptedProbe{tokens: []string{"a"}, gate: make(chan struct{})}
	s := NewSharedVersion(p)
	defer s.Close()
	first := make(chan uint64)
	go func() { v, _ := s.Version(ctx); first <- v }()
	for p.calls.Load() == 0 { // the first reading is under way
		runtime.Gosched()
	}
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			if v, ok := s.Version(ctx); !ok || v != 1 {
				t.Errorf("version %d %v", v, ok)
			}
		})
	}
	for s.queued() < 50 {
		runtime.Gosched()
	}
	close(p.gate) // both readings may finish now
	wg.Wait()
	<-first
	if n := p.calls.Load(); n != 2 {
		t.Fatalf("%d readings for 51 callers, want 2", n)
	}
}

// queued is how many calls wait for the next reading.
func (s *SharedVersion) queued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.waiting)
}

// A call that finds nobody reading reads itself; Close during that
// reading leaves the probe open until the reading ends, then closes it.
func TestSharedVersionCloseDuringACallersOwnReading(t *testing.T) {
	p := &scriptedProbe{tokens: []string{"a"}, gate: make(chan struct{})}
	s := NewSharedVersion(p)
	got := make(chan bool)
	go func() { _, ok := s.Version(context.Background()); got <- ok }()
	for p.calls.Load() == 0 {
		runtime.Gosched()
	}
	if err := s.Close(); err != nil || p.closed.Load() != 0 {
		t.Fatalf("close during a reading: %v, probe closed %d times", err, p.closed.Load())
	}
	close(p.gate)
	if !<-got {
		t.Error("the reading under way at Close failed")
	}
	if n := p.closed.Load(); n != 1 {
		t.Fatalf("probe closed %d times after the reading, want 1", n)
	}
}

// VersionNow reads at once only over an instant probe with nobody reading.
func TestSharedVersionNow(t *testing.T) {
	slow := NewSharedVersion(&scriptedProbe{tokens: []string{"a"}})
	defer slow.Close()
	if _, ok := slow.VersionNow(); ok {
		t.Fatal("a reading at once from a probe that is not instant")
	}
	p := &instantProbe{scriptedProbe{tokens: []string{"a", "b"}, gate: make(chan struct{})}}
	s := NewSharedVersion(p)
	defer s.Close()
	go s.Version(context.Background()) // a reading under way
	for p.calls.Load() == 0 {
		runtime.Gosched()
	}
	if _, ok := s.VersionNow(); ok {
		t.Fatal("a reading at once while another was under way")
	}
	close(p.gate)
	for {
		if v, ok := s.VersionNow(); ok {
			if v != 2 {
				t.Fatalf("version %d after two tokens, want 2", v)
			}
			return
		}
		runtime.Gosched() // the reading under way is ending
	}
}

type instantProbe struct{ scriptedProbe }

func (*instantProbe) Instant() bool { return true }
