package slackfake_test

import (
	"context"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// clock is a settable clock for Options.Now.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// newServer starts a fake with a settable clock and two users, closed at
// the end of the test.
func newServer(t *testing.T, opts slackfake.Options) (*slackfake.Server, *clock) {
	t.Helper()
	c := newClock()
	if opts.Now == nil {
		opts.Now = c.Now
	}
	s := slackfake.New(opts)
	t.Cleanup(s.Close)
	s.AddUser(slackfake.User{ID: "U1", Name: "ada", RealName: "Ada Lovelace", Title: "Engineer", TZ: "Europe/London", TZOffset: 0})
	s.AddUser(slackfake.User{ID: "U2", Name: "alan", RealName: "Alan Turing", TZ: "America/New_York", TZOffset: -18000})
	return s, c
}

func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func newAPI(s *slackfake.Server) *slack.Client {
	return slack.New("xoxb-test", slack.OptionAppLevelToken("xapp-test"), slack.OptionAPIURL(s.URL()))
}

// bot is a real slack-go Socket Mode client connected to the fake.
type bot struct {
	api    *slack.Client
	sm     *socketmode.Client
	events chan socketmode.Event
}

// startBot runs a socketmode client until the end of the test; its events
// are forwarded to bot.events.
func startBot(t *testing.T, s *slackfake.Server) *bot {
	t.Helper()
	api := newAPI(s)
	b := &bot{api: api, sm: socketmode.New(api), events: make(chan socketmode.Event, 100)}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = b.sm.RunContext(ctx) })
	wg.Go(func() {
		for {
			select {
			case ev := <-b.sm.Events:
				select {
				case b.events <- ev:
				case <-ctx.Done():
					return
				}
			case <-ctx.Done():
				return
			}
		}
	})
	t.Cleanup(func() {
		cancel()
		wg.Wait()
	})
	return b
}

// next returns the next event of type typ, skipping others.
func (b *bot) next(t *testing.T, typ socketmode.EventType) socketmode.Event {
	t.Helper()
	timeout := time.NewTimer(10 * time.Second)
	defer timeout.Stop()
	for {
		select {
		case ev := <-b.events:
			if ev.Type == typ {
				return ev
			}
		case <-timeout.C:
			t.Fatalf("no %s event within 10s", typ)
		}
	}
}

func allStacks() string {
	buf := make([]byte, 1<<20)
	return string(buf[:runtime.Stack(buf, true)])
}

// serverCode matches a frame of slackfake server code, in the facade or
// in one of its internal packages.
var serverCode = regexp.MustCompile(`bot/slackfake(/internal/[a-z]+)?\.\(\*`)

// slackfakeGoroutines lists goroutines running slackfake server code
// (test goroutines excluded).
func slackfakeGoroutines() []string {
	var out []string
	for g := range strings.SplitSeq(allStacks(), "\n\n") {
		if serverCode.MatchString(g) && !strings.Contains(g, "slackfake_test.") {
			out = append(out, g)
		}
	}
	return out
}
