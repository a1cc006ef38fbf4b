package scheduler_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/scheduler"
)

func newLimiter(c *clock, limits map[string]scheduler.Limit) *scheduler.Limiter {
	return scheduler.NewLimiter(scheduler.LimiterConfig{Limits: limits, Clock: c.Now, Sleep: c.Sleep})
}

// starts records the clock when each Wait returns.
func starts(t *testing.T, c *clock, l *scheduler.Limiter, method string, channels ...string) []time.Duration {
	t.Helper()
	t0 := at("2026-01-05 10:00:00")
	var out []time.Duration
	for _, ch := range channels {
		if err := l.Wait(context.Background(), method, ch); err != nil {
			t.Fatal(err)
		}
		out = append(out, c.Now().Sub(t0))
	}
	return out
}

func TestLimiterPacing(t *testing.T) {
	s := time.Second
	cases := []struct {
		name     string
		limit    scheduler.Limit
		channels []string
		want     []time.Duration
	}{
		{"one per second per channel", scheduler.Limit{PerChannel: s}, []string{"A", "A", "B", "A"}, []time.Duration{0, s, s, 2 * s}},
		{"workspace rate", scheduler.Limit{PerMinute: 60}, []string{"A", "B", "C", "D"}, []time.Duration{0, s, 2 * s, 3 * s}},
		{"burst then rate", scheduler.Limit{PerMinute: 60, Burst: 3}, []string{"A", "B", "C", "D", "E"}, []time.Duration{0, 0, 0, s, 2 * s}},
		{"both", scheduler.Limit{PerMinute: 120, PerChannel: s}, []string{"A", "B", "A", "C"}, []time.Duration{0, s / 2, s, 3 * s / 2}},
		{"unlisted method is free", scheduler.Limit{}, []string{"A", "A", "A"}, []time.Duration{0, 0, 0}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newClock("2026-01-05 10:00:00")
			l := newLimiter(c, map[string]scheduler.Limit{"chat.postMessage": tc.limit})
			got := starts(t, c, l, "chat.postMessage", tc.channels...)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Fatalf("starts %v, want %v", got, tc.want)
			}
		})
	}
}

func TestLimiterDelayPeeksWithoutBooking(t *testing.T) {
	c := newClock("2026-01-05 10:00:00")
	l := newLimiter(c, map[string]scheduler.Limit{"chat.postMessage": {PerChannel: time.Second}})
	starts(t, c, l, "chat.postMessage", "A")
	for i := 0; i < 3; i++ {
		if d := l.Delay("chat.postMessage", "A"); d != time.Second {
			t.Fatalf("delay %v", d)
		}
	}
	if d := l.Delay("chat.postMessage", "B"); d != 0 {
		t.Fatalf("delay for a free channel %v", d)
	}
	// ChannelDelay leaves the workspace rate out but not a 429.
	l2 := newLimiter(c, map[string]scheduler.Limit{"chat.postMessage": {PerMinute: 1, PerChannel: time.Second}})
	starts(t, c, l2, "chat.postMessage", "A")
	if d, cd := l2.Delay("chat.postMessage", "B"), l2.ChannelDelay("chat.postMessage", "B"); d != time.Minute || cd != 0 {
		t.Fatalf("delay %v channel delay %v", d, cd)
	}
	if cd := l2.ChannelDelay("chat.postMessage", "A"); cd != time.Second {
		t.Fatalf("channel delay of a busy conversation %v", cd)
	}
	l2.Block("chat.postMessage", 5*time.Second)
	if cd := l2.ChannelDelay("chat.postMessage", "B"); cd != 5*time.Second {
		t.Fatalf("channel delay during a 429 block %v", cd)
	}
}

func TestLimiterHonoursRetryAfter(t *testing.T) {
	ctx := context.Background()
	c := newClock("2026-01-05 10:00:00")
	l := newLimiter(c, map[string]scheduler.Limit{"chat.postMessage": {PerChannel: time.Second}})
	var calls []time.Time
	err := l.Do(ctx, "chat.postMessage", "A", func(context.Context) error {
		calls = append(calls, c.Now())
		if len(calls) == 1 {
			return scheduler.RateLimit(7*time.Second, errors.New("429"))
		}
		return nil
	})
	if err != nil || len(calls) != 2 || calls[1].Sub(calls[0]) != 7*time.Second {
		t.Fatalf("err %v calls %v", err, calls)
	}
	// A 429 blocks the whole method, whatever the channel.
	l.Block("chat.postMessage", 5*time.Second)
	blockedAt := c.Now()
	starts(t, c, l, "chat.postMessage", "Z")
	if c.Now().Sub(blockedAt) != 5*time.Second {
		t.Fatalf("called %v after a 5 s Retry-After", c.Now().Sub(blockedAt))
	}
	// Other methods are not held back.
	before := c.Now()
	starts(t, c, l, "users.info", "")
	if !c.Now().Equal(before) {
		t.Fatal("users.info waited for chat.postMessage's 429")
	}
	// A Retry-After longer than the policy allows comes back to the caller.
	calls = nil
	err = l.Do(ctx, "chat.postMessage", "A", func(context.Context) error {
		calls = append(calls, c.Now())
		return scheduler.RateLimit(10*time.Minute, errors.New("429"))
	})
	if se := scheduler.ClassOf(err); se.Class != scheduler.RateLimited || len(calls) != 1 {
		t.Fatalf("long retry-after: %v, %d calls", err, len(calls))
	}
	if d := l.Delay("chat.postMessage", "Q"); d != 10*time.Minute {
		t.Fatalf("method not blocked for the Retry-After: %v", d)
	}
}

func TestLimiterRetriesOnlyTransientErrors(t *testing.T) {
	cases := []struct {
		name    string
		errs    []error
		calls   int
		class   scheduler.Class
		elapsed time.Duration
	}{
		{"5xx then ok", []error{scheduler.Classify(scheduler.Transient, "http 500", nil), scheduler.Classify(scheduler.Transient, "http 502", nil), nil}, 3, -1, 3 * time.Second},
		{"5xx until the end", []error{scheduler.Classify(scheduler.Transient, "http 500", nil)}, 4, scheduler.Transient, 7 * time.Second},
		{"permanent is final", []error{scheduler.Classify(scheduler.Permanent, "user_not_found", nil)}, 1, scheduler.Permanent, 0},
		{"unknown is final", []error{context.DeadlineExceeded}, 1, scheduler.Unknown, 0},
		{"rejected is final", []error{scheduler.Classify(scheduler.Rejected, "invalid_blocks", nil)}, 1, scheduler.Rejected, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newClock("2026-01-05 10:00:00")
			l := newLimiter(c, map[string]scheduler.Limit{})
			n := 0
			err := l.Do(context.Background(), "chat.postMessage", "A", func(context.Context) error {
				e := tc.errs[min(n, len(tc.errs)-1)]
				n++
				return e
			})
			if n != tc.calls {
				t.Fatalf("%d calls, want %d", n, tc.calls)
			}
			if tc.class < 0 {
				if err != nil {
					t.Fatal(err)
				}
			} else if se := scheduler.ClassOf(err); se.Class != tc.class {
				t.Fatalf("class %v, want %v (%v)", se.Class, tc.class, err)
			}
			if el := c.Now().Sub(at("2026-01-05 10:00:00")); el != tc.elapsed {
				t.Fatalf("backoff took %v, want %v", el, tc.elapsed)
			}
		})
	}
}

func TestLimiterConcurrentUse(t *testing.T) {
	c := newClock("2026-01-05 10:00:00")
	l := newLimiter(c, scheduler.SlackLimits())
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				_ = l.Do(context.Background(), "chat.postMessage", fmt.Sprintf("D%d-%d", g, i), func(context.Context) error { return nil })
				l.Delay("chat.postMessage", "D0-0")
			}
		}(g)
	}
	wg.Wait()
	// 400 calls at 300 a minute: the last could not start before 79.8 s.
	if el := c.Now().Sub(at("2026-01-05 10:00:00")); el < 79*time.Second {
		t.Fatalf("400 calls took %v of virtual time", el)
	}
}

func TestSlackCodeClass(t *testing.T) {
	cases := map[[2]string]scheduler.Class{
		{"chat.postMessage", "user_not_found"}:      scheduler.Permanent,
		{"chat.postMessage", "cannot_dm_bot"}:       scheduler.Permanent,
		{"conversations.open", "user_disabled"}:     scheduler.Permanent,
		{"chat.postMessage", "is_archived"}:         scheduler.Permanent,
		{"chat.postMessage", "not_in_channel"}:      scheduler.Permanent,
		{"chat.postMessage", "channel_not_found"}:   scheduler.Permanent,
		{"users.info", "account_inactive"}:          scheduler.Permanent,
		{"chat.postMessage", "account_inactive"}:    scheduler.Fatal,
		{"chat.postMessage", "invalid_auth"}:        scheduler.Fatal,
		{"chat.postMessage", "token_revoked"}:       scheduler.Fatal,
		{"chat.postMessage", "ratelimited"}:         scheduler.RateLimited,
		{"chat.postMessage", "service_unavailable"}: scheduler.Transient,
		{"chat.postMessage", "internal_error"}:      scheduler.Unknown,
		{"chat.postMessage", "invalid_blocks"}:      scheduler.Rejected,
	}
	for in, want := range cases {
		if got := scheduler.SlackCodeClass(in[0], in[1]); got != want {
			t.Errorf("%v: %v, want %v", in, got, want)
		}
	}
}
