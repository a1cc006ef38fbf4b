package viewsql

import (
	"context"
	"sync"
)

// Probe reads the database's change token: two equal tokens mean nothing
// was committed between the two readings, by any connection or process.
// Token is called from one goroutine at a time; ok is false when the
// database could not be asked.
type Probe interface {
	Token() (token string, ok bool)
	Close() error
}

// SharedVersion is a Versioner over a Probe. A reading costs a round trip
// or a few cgo calls, so concurrent callers share one: a call waits for
// the next reading that starts after it arrived (one under way may predate
// a commit the caller has seen), and everyone who arrived meanwhile gets
// that same reading. A burst of fifty `/mentor status` costs two or three
// readings, as a burst of delivery keys costs two or three commits. A
// call that finds nobody reading takes the reading itself.
// Versions only grow: each token unlike the previous one is a new version.
type SharedVersion struct {
	probe Probe

	mu      sync.Mutex
	waiting []chan reading // calls waiting for the next reading
	running bool           // a caller or a goroutine is taking readings
	closed  bool

	// Owned by the reading goroutine.
	last    string // the previous token ("" after a failed reading)
	version uint64
}

type reading struct {
	version uint64
	ok      bool
}

// NewSharedVersion shares probe's readings among concurrent callers.
func NewSharedVersion(probe Probe) *SharedVersion { return &SharedVersion{probe: probe} }

// Version is the database's change version, read after the call began.
func (s *SharedVersion) Version(ctx context.Context) (uint64, bool) {
	s.mu.Lock()
	if !s.running && !s.closed {
		// Nobody is reading: read here, with no goroutine to start and
		// hand over to.
		r := s.readHereLocked()
		return r.version, r.ok
	}
	ch := make(chan reading, 1)
	s.waiting = append(s.waiting, ch)
	if !s.running {
		s.running = true
		go s.run()
	}
	s.mu.Unlock()
	select {
	case r := <-ch:
		return r.version, r.ok
	case <-ctx.Done():
		return 0, false
	}
}

// VersionNow is Version when the probe answers at once (Instant) and
// nobody is reading: ok is false, at once, otherwise. A call that must
// not wait (the Socket Mode read loop) uses it.
func (s *SharedVersion) VersionNow() (uint64, bool) {
	if i, ok := s.probe.(interface{ Instant() bool }); !ok || !i.Instant() {
		return 0, false
	}
	s.mu.Lock()
	if s.running || s.closed {
		s.mu.Unlock()
		return 0, false
	}
	r := s.readHereLocked()
	return r.version, r.ok
}

// readHereLocked takes a reading in the caller, then leaves whoever came
// meanwhile to run; s.mu is held on entry and released.
func (s *SharedVersion) readHereLocked() reading {
	s.running = true
	s.mu.Unlock()
	r := s.read()
	s.mu.Lock()
	switch {
	case len(s.waiting) > 0:
		go s.run() // closes the probe if Close came meanwhile
	case s.closed: // Close left the probe to this reading
		s.running = false
		_ = s.probe.Close()
	default:
		s.running = false
	}
	s.mu.Unlock()
	return r
}

// run takes readings while calls wait for one.
func (s *SharedVersion) run() {
	for {
		s.mu.Lock()
		batch := s.waiting
		s.waiting = nil
		if len(batch) == 0 || s.closed {
			s.running = false
			if s.closed {
				_ = s.probe.Close()
			}
			s.mu.Unlock()
			for _, ch := range batch {
				ch <- reading{}
			}
			return
		}
		s.mu.Unlock()
		r := s.read()
		for _, ch := range batch {
			ch <- r
		}
	}
}

func (s *SharedVersion) read() reading {
	token, ok := s.probe.Token()
	if !ok {
		s.last = "" // never compare across a failure: the next token is new
		return reading{}
	}
	if token != s.last || s.version == 0 {
		s.last = token
		s.version++
	}
	return reading{version: s.version, ok: true}
}

// Close releases the probe (at the end of a reading under way).
func (s *SharedVersion) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if s.running {
		return nil
	}
	return s.probe.Close()
}
