package scheduler

import (
	"context"
	"sync"
	"time"
)

// Limit is how fast this app may call one Slack Web API method.
type Limit struct {
	// PerMinute is the method's workspace-wide rate (0 = unlimited).
	PerMinute float64
	// Burst is how many calls may go back to back before the rate paces
	// them (default 1: evenly spaced).
	Burst int
	// PerChannel is the least gap between two calls on one channel
	// (chat.postMessage: about one message per second per conversation).
	PerChannel time.Duration
}

// SlackLimits are the limits for the methods mentorbot calls, after
// Slack's published tiers (per method, per workspace, per app): tier 3 is
// 50+ per minute, tier 4 100+. chat.postMessage is "special": one message
// per second per conversation plus an unpublished workspace-wide limit,
// taken here as 300 a minute to stay clear of it.
func SlackLimits() map[string]Limit {
	return map[string]Limit{
		"chat.postMessage":      {PerMinute: 300, PerChannel: time.Second},
		"chat.update":           {PerMinute: 50},
		"chat.postEphemeral":    {PerMinute: 100},
		"conversations.open":    {PerMinute: 50},
		"conversations.history": {PerMinute: 50},
		"users.info":            {PerMinute: 100},
		"views.open":            {PerMinute: 100},
		"views.update":          {PerMinute: 100},
		"views.publish":         {PerMinute: 100},
	}
}

// Sleeper waits d or until ctx is done. Tests inject one that advances a
// fake clock instead of sleeping.
type Sleeper func(ctx context.Context, d time.Duration) error

// RealSleep sleeps on the wall clock.
func RealSleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// RetryPolicy bounds Limiter.Do's retries.
type RetryPolicy struct {
	// MaxAttempts bounds the calls made for transient errors (default 4).
	MaxAttempts int
	// BaseBackoff is the wait after the first transient error, doubling
	// up to MaxBackoff (defaults 1 s and 30 s).
	BaseBackoff, MaxBackoff time.Duration
	// MaxRetryAfter is the longest Retry-After Do sits out itself (default
	// 30 s); a longer one is returned as RateLimited for the caller to
	// reschedule. Do returns RateLimited after MaxRateLimited 429s in a
	// row too (default 5).
	MaxRetryAfter  time.Duration
	MaxRateLimited int
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 4
	}
	if p.BaseBackoff <= 0 {
		p.BaseBackoff = time.Second
	}
	if p.MaxBackoff <= 0 {
		p.MaxBackoff = 30 * time.Second
	}
	if p.MaxRetryAfter <= 0 {
		p.MaxRetryAfter = 30 * time.Second
	}
	if p.MaxRateLimited <= 0 {
		p.MaxRateLimited = 5
	}
	return p
}

// backoff is the wait after the attempt-th transient failure.
func (p RetryPolicy) backoff(attempt int) time.Duration {
	d := p.BaseBackoff
	for i := 1; i < attempt && d < p.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, p.MaxBackoff)
}

// Limiter paces calls to Slack so they stay under the method's workspace
// rate and the per-channel spacing, and holds every call of a method back
// until a 429's Retry-After has passed. It is safe for concurrent use; one
// Limiter should serve the whole process.
type Limiter struct {
	now    func() time.Time
	sleep  Sleeper
	retry  RetryPolicy
	limits map[string]Limit

	mu      sync.Mutex
	methods map[string]*methodState
}

type methodState struct {
	// tat is the theoretical arrival time of the next call at the steady
	// rate (the generic cell rate algorithm: a token bucket as one time).
	tat          time.Time
	blockedUntil time.Time
	// gen changes at every 429, so a caller that booked a time before it
	// books again.
	gen      uint64
	channels map[string]time.Time
}

// LimiterConfig configures NewLimiter.
type LimiterConfig struct {
	// Limits per method; methods not listed are not paced (but 429s
	// still block them). Defaults to SlackLimits().
	Limits map[string]Limit
	// Clock and Sleep default to the wall clock.
	Clock func() time.Time
	Sleep Sleeper
	Retry RetryPolicy
}

// NewLimiter returns a Limiter.
func NewLimiter(cfg LimiterConfig) *Limiter {
	l := &Limiter{now: cfg.Clock, sleep: cfg.Sleep, retry: cfg.Retry.withDefaults(), limits: cfg.Limits, methods: map[string]*methodState{}}
	if l.now == nil {
		l.now = time.Now
	}
	if l.sleep == nil {
		l.sleep = RealSleep
	}
	if l.limits == nil {
		l.limits = SlackLimits()
	}
	return l
}

func (l *Limiter) stateLocked(method string) *methodState {
	m := l.methods[method]
	if m == nil {
		m = &methodState{channels: map[string]time.Time{}}
		l.methods[method] = m
	}
	return m
}

// earliestLocked is when a call of method on channel could start.
func (l *Limiter) earliestLocked(method, channel string, now time.Time) time.Time {
	m := l.stateLocked(method)
	lim := l.limits[method]
	start := now
	if m.blockedUntil.After(start) {
		start = m.blockedUntil
	}
	if lim.PerMinute > 0 {
		burst := max(lim.Burst, 1)
		allowed := m.tat.Add(-time.Duration(burst-1) * interval(lim))
		if allowed.After(start) {
			start = allowed
		}
	}
	if channel != "" && lim.PerChannel > 0 {
		if next := m.channels[channel]; next.After(start) {
			start = next
		}
	}
	return start
}

func interval(lim Limit) time.Duration {
	return time.Duration(float64(time.Minute) / lim.PerMinute)
}

// Delay says how long a call of method on channel would have to wait now,
// without booking anything. The dispatcher uses it to pick work that can
// go at once.
func (l *Limiter) Delay(method, channel string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	return l.earliestLocked(method, channel, now).Sub(now)
}

// ChannelDelay says how long before channel is free for method again (the
// per-conversation spacing, or a 429 block), leaving the workspace rate
// out: the dispatcher skips rows whose conversation is busy, and lets the
// rate pace the rest inside Wait.
func (l *Limiter) ChannelDelay(method, channel string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	m := l.stateLocked(method)
	next := m.blockedUntil
	if t := m.channels[channel]; channel != "" && t.After(next) {
		next = t
	}
	if !next.After(now) {
		return 0
	}
	return next.Sub(now)
}

// reserve books the earliest start for a call and returns it.
func (l *Limiter) reserve(method, channel string) (time.Time, uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	start := l.earliestLocked(method, channel, now)
	m := l.methods[method]
	lim := l.limits[method]
	if lim.PerMinute > 0 {
		if m.tat.Before(start) {
			m.tat = start
		}
		m.tat = m.tat.Add(interval(lim))
	}
	if channel != "" && lim.PerChannel > 0 {
		m.channels[channel] = start.Add(lim.PerChannel)
		if len(m.channels) > 4096 {
			for ch, t := range m.channels {
				if !t.After(now) {
					delete(m.channels, ch)
				}
			}
		}
	}
	return start, m.gen
}

func (l *Limiter) generation(method string) uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.stateLocked(method).gen
}

// Wait blocks until a call of method on channel may start, and books it.
func (l *Limiter) Wait(ctx context.Context, method, channel string) error {
	for {
		start, gen := l.reserve(method, channel)
		if d := start.Sub(l.now()); d > 0 {
			if err := l.sleep(ctx, d); err != nil {
				return err
			}
		} else if err := ctx.Err(); err != nil {
			return err
		}
		// A 429 that arrived while we waited moved the method's window.
		if l.generation(method) == gen {
			return nil
		}
	}
}

// Block records a 429: no call of method starts before retryAfter from
// now, and the steady rate resumes from then.
func (l *Limiter) Block(method string, retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	m := l.stateLocked(method)
	until := l.now().Add(retryAfter)
	if until.After(m.blockedUntil) {
		m.blockedUntil = until
	}
	if m.tat.Before(until) {
		m.tat = until
	}
	m.gen++
}

// Do runs one Slack call under the limits: it waits its turn, sits out
// 429s (blocking the method for everyone meanwhile) and retries Transient
// errors with backoff. fn's errors should be classified (see SendError);
// Unknown, Permanent, Rejected and Fatal ones return at once.
func (l *Limiter) Do(ctx context.Context, method, channel string, fn func(ctx context.Context) error) error {
	transient, limited := 0, 0
	for {
		if err := l.Wait(ctx, method, channel); err != nil {
			return err
		}
		err := fn(ctx)
		if err == nil {
			return nil
		}
		se := ClassOf(err)
		switch se.Class {
		case RateLimited:
			ra := se.RetryAfter
			if ra <= 0 {
				ra = time.Second
			}
			l.Block(method, ra)
			limited++
			if ra > l.retry.MaxRetryAfter || limited >= l.retry.MaxRateLimited {
				return err
			}
		case Transient:
			transient++
			if transient >= l.retry.MaxAttempts {
				return err
			}
			if err := l.sleep(ctx, l.retry.backoff(transient)); err != nil {
				return err
			}
		default:
			return err
		}
	}
}
