package playground

import (
	"sync"
	"time"
)

// Clock is the playground's clock: real time shifted by an offset that
// time travel moves forward. It keeps ticking, so reminders and timeouts
// behave as they would in a running workspace; the bot, its scheduler, its
// store and the fake Slack all read it.
type Clock struct {
	mu     sync.Mutex
	real   func() time.Time
	offset time.Duration
}

// NewClock returns a clock that starts at real(); nil means time.Now.
func NewClock(real func() time.Time) *Clock {
	if real == nil {
		real = time.Now
	}
	return &Clock{real: real}
}

// Now is the playground's current time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.real().Add(c.offset)
}

// Set moves the clock to t. Time never goes back: a t before Now is
// ignored, because the bot's records assume time moves forward.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.real()
	if t.After(now.Add(c.offset)) {
		c.offset = t.Sub(now)
	}
}

// Advance moves the clock forward by d (d <= 0 does nothing).
func (c *Clock) Advance(d time.Duration) {
	if d <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

// Offset is how far the clock is ahead of real time.
func (c *Clock) Offset() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.offset
}
