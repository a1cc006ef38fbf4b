package socket

// Hold keeps the envelopes sent while it is on, each built and encoded,
// from being written until Release. A burst then reaches the app all at
// once, and building its payloads does not take the cores while the app
// reads the first envelopes: Slack builds them on its own servers.
type Hold struct {
	m       *Mode
	held    int // guarded by the hub
	release chan struct{}
}

// HoldEnvelopes starts holding every envelope sent from now on, until the
// Hold is released. Only one Hold is on at a time: a second call releases
// the first.
func (s *Mode) HoldEnvelopes() *Hold {
	h := &Hold{m: s, release: make(chan struct{})}
	s.hub.Lock()
	prev := s.hold
	s.hold = h
	s.hub.NotifyLocked()
	s.hub.Unlock()
	if prev != nil {
		prev.Release()
	}
	return h
}

// Held is how many envelopes wait on h.
func (h *Hold) Held() int {
	h.m.hub.Lock()
	defer h.m.hub.Unlock()
	return h.held
}

// Release writes the held envelopes and stops holding new ones. Calling it
// again does nothing.
func (h *Hold) Release() {
	h.m.hub.Lock()
	defer h.m.hub.Unlock()
	if h.m.hold == h {
		h.m.hold = nil
	}
	select {
	case <-h.release:
	default:
		close(h.release)
	}
}
