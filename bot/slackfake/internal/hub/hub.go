// Package hub is what every protocol surface of the fake Slack shares: the
// one lock over the whole workspace (a Web API call, an ack and a click
// see one consistent state), the change signal Wait blocks on, and the
// count of goroutines Close waits for.
package hub

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrClosed is returned by calls made on (or waiting in) a closed fake.
var ErrClosed = errors.New("slackfake: server closed")

// Hub is the shared lock and change signal. Methods named …Locked need
// the lock held; the others take it.
type Hub struct {
	mu      sync.Mutex
	closed  bool
	changed chan struct{} // closed and replaced on every recorded event
	rev     uint64        // counts recorded events (Revision)
	done    chan struct{} // closed by Close

	// wg counts every goroutine the server runs (HTTP handlers, socket
	// pingers) so Close can wait for all of them. Add happens under mu while
	// !closed, so it never races with Wait.
	wg sync.WaitGroup
}

// New returns an open Hub.
func New() *Hub {
	return &Hub{changed: make(chan struct{}), done: make(chan struct{})}
}

// Lock takes the workspace lock.
func (h *Hub) Lock() { h.mu.Lock() }

// Unlock releases the workspace lock.
func (h *Hub) Unlock() { h.mu.Unlock() }

// ClosedLocked reports whether Close has begun.
func (h *Hub) ClosedLocked() bool { return h.closed }

// Done is closed when Close begins.
func (h *Hub) Done() <-chan struct{} { return h.done }

// ChangedLocked is the channel the next recorded event closes.
func (h *Hub) ChangedLocked() chan struct{} { return h.changed }

// NotifyLocked wakes every Wait. Called after each recorded event.
func (h *Hub) NotifyLocked() {
	h.rev++
	close(h.changed)
	h.changed = make(chan struct{})
}

// Revision counts the events recorded so far.
func (h *Hub) Revision() uint64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.rev
}

// Wait re-evaluates cond after every recorded event until it returns true,
// ctx ends or the hub closes. cond runs without the lock held.
func (h *Hub) Wait(ctx context.Context, cond func() bool) error {
	for {
		h.mu.Lock()
		changed, closed := h.changed, h.closed
		h.mu.Unlock()
		if cond() {
			return nil
		}
		if closed {
			return ErrClosed
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return fmt.Errorf("slackfake: wait: %w", ctx.Err())
		}
	}
}

// CloseLocked marks the hub closed and wakes every Wait; it reports false
// if it was closed already.
func (h *Hub) CloseLocked() bool {
	if h.closed {
		return false
	}
	h.closed = true
	close(h.done)
	h.NotifyLocked()
	return true
}

// GoTracked adds one goroutine to wait for, unless the hub is closed.
func (h *Hub) GoTracked() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false
	}
	h.wg.Add(1)
	return true
}

// AddLocked adds one goroutine to wait for; the caller holds the lock and
// a tracked goroutine, so the Add cannot race WaitGoroutines.
func (h *Hub) AddLocked() { h.wg.Add(1) }

// GoDone ends a tracked goroutine.
func (h *Hub) GoDone() { h.wg.Done() }

// WaitGoroutines waits for every tracked goroutine.
func (h *Hub) WaitGoroutines() { h.wg.Wait() }

// Sleep waits d unless ctx or the hub ends first.
func (h *Hub) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-h.done:
		return ErrClosed
	}
}

// RandHex returns n random bytes in hex.
func RandHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}
