package checkins_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/checkins"
	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// virtualClock is time for the dispatch benchmark: sleeping moves it
// forward at once, so minutes of rate-limited sending take no real time.
// The fake Slack measures its rate-limit windows on the same clock.
type virtualClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *virtualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *virtualClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d > 0 {
		c.t = c.t.Add(d)
	}
	return ctx.Err()
}

// dispatchResult is what one benchmark run measured.
type dispatchResult struct {
	checkins  int
	elapsed   time.Duration // virtual: from the slot to the last send
	minimum   time.Duration // a steady sender at the limit: (checkins-1) × 60 s / rate
	window    time.Duration // the fake's sliding window, a minute's quota at once: ⌊(checkins-1)/rate⌋ minutes
	ratio     float64
	limited   int // 429s served by the fake Slack
	real      time.Duration
	perMinute float64
}

// runDispatch seeds mentors with two or three mentees each (so mentors get
// several check-ins in one slot, on one conversation), plans one slot and
// dispatches every check-in through the bot's Sender to a fake Slack that
// enforces chat.postMessage's limits: perMinute workspace-wide and one
// message per second per conversation.
func runDispatch(tb testing.TB, pairings int, perMinute int) dispatchResult {
	tb.Helper()
	return runDispatchOn(tb, filepath.Join(tb.TempDir(), "bench.db"), pairings, perMinute)
}

// runDispatchOn is runDispatch on the database target names (a SQLite
// file or a postgres:// URL).
func runDispatchOn(tb testing.TB, target string, pairings int, perMinute int) dispatchResult {
	tb.Helper()
	ctx := context.Background()
	clock := &virtualClock{t: time.Date(2026, 1, 4, 12, 0, 0, 0, time.UTC)}
	fake := slackfake.New(slackfake.Options{Now: clock.Now})
	defer fake.Close()
	fake.SetRateLimit("chat.postMessage", slackfake.RateLimit{PerMinute: perMinute, PerChannelPerSecond: 1})

	db, err := sqldb.Open(ctx, target, sqldb.Options{Clock: clock.Now})
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	signUp := func(id, role string) {
		fake.AddUser(slackfake.User{ID: id, Name: id, RealName: "Person " + id, TZ: "UTC"})
		if _, err := db.SaveProfile(ctx, store.Profile{SlackID: id, Name: "Person " + id, Role: role, Cadence: store.CadenceWeekly, Timezone: "UTC", Capacity: 3}); err != nil {
			tb.Fatal(err)
		}
	}
	mentor := ""
	for i := 0; i < pairings; i++ {
		if i%5 == 0 || i%5 == 3 { // mentors of three, then two, mentees
			mentor = fmt.Sprintf("UM%05d", i)
			signUp(mentor, store.RoleMentor)
		}
		mentee := fmt.Sprintf("UE%05d", i)
		signUp(mentee, store.RoleMentee)
		if _, err := db.CreatePairing(ctx, store.NewPairing{MentorSlack: mentor, MenteeSlack: mentee}); err != nil {
			tb.Fatal(err)
		}
	}

	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	api := slack.New("xoxb-test", slack.OptionAPIURL(fake.URL()))
	b := bot.New(api, db, bot.Config{Clock: clock.Now, Logger: logger})
	lim := scheduler.NewLimiter(scheduler.LimiterConfig{
		Limits: map[string]scheduler.Limit{"chat.postMessage": {PerMinute: float64(perMinute), PerChannel: time.Second}},
		Clock:  clock.Now, Sleep: clock.Sleep,
	})
	s, err := scheduler.New(db, checkins.New(b, db, checkins.Config{}).NewSender(lim), scheduler.Config{
		CheckinSchedule: "0 10 * * MON", FeedbackSchedule: "0 14 1 * *", ReminderAfter: 48 * time.Hour, CatchupGrace: 24 * time.Hour,
		Clock: clock.Now, Sleep: clock.Sleep, Logger: logger, Workers: 1,
	})
	if err != nil {
		tb.Fatal(err)
	}

	clock.t = time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	start := clock.Now()
	if err := s.Tick(ctx); err != nil {
		tb.Fatal(err)
	}
	realStart := time.Now()
	want := 2 * pairings
	for sent := 0; sent < want; {
		st, err := s.Dispatch(ctx)
		if err != nil {
			tb.Fatal(err)
		}
		sent += st.Sent
		if st.Failed+st.Unknown > 0 {
			tb.Fatalf("dispatch %+v", st)
		}
		if st.Sent == 0 && st.Next == 0 && st.Retried == 0 {
			tb.Fatalf("stalled after %d of %d", sent, want)
		}
		_ = clock.Sleep(ctx, st.Next)
	}
	r := dispatchResult{checkins: want, real: time.Since(realStart), limited: fake.RateLimited()}
	calls := fake.Calls("chat.postMessage")
	r.elapsed = calls[len(calls)-1].At.Sub(start)
	r.minimum = time.Duration(float64(want-1) / float64(perMinute) * float64(time.Minute))
	r.window = time.Duration((want-1)/perMinute) * time.Minute
	r.ratio = float64(r.elapsed) / float64(r.minimum)
	r.perMinute = float64(want) / r.elapsed.Minutes()
	if n := len(calls); n != want+r.limited {
		tb.Fatalf("%d chat.postMessage calls for %d check-ins and %d 429s", n, want, r.limited)
	}
	counts, _ := db.DeliveryCounts(ctx)
	if got := counts[[2]string{store.KindCheckin, store.DeliverySent}]; got != want {
		tb.Fatalf("%d check-ins recorded sent, want %d", got, want)
	}
	return r
}

// Slack's chat.postMessage limits as mentorbot assumes them (300 a minute
// workspace-wide, 1 a second per conversation): 600 check-ins must take
// at most 10% over the time those limits allow, with no 429.
func TestDispatchStaysWithinSlackLimits(t *testing.T) {
	r := runDispatch(t, 300, 300)
	t.Logf("%d check-ins in %v (virtual; minimum %v): ratio %.4f, %d 429s, %.0f/min, real time %v",
		r.checkins, r.elapsed.Round(time.Millisecond), r.minimum.Round(time.Millisecond), r.ratio, r.limited, r.perMinute, r.real.Round(time.Millisecond))
	if r.limited != 0 {
		t.Errorf("%d 429s provoked", r.limited)
	}
	if r.ratio > 1.10 {
		t.Errorf("took %.2f× the minimum", r.ratio)
	}
}

// BenchmarkDispatch10k is issue 4's benchmark: 10,000 due check-ins (5,000
// pairings) through the fake Slack under Slack's limits. It reports the
// virtual time as a ratio of the minimum the limits allow and the 429s.
//
//	go test ./bot -run '^$' -bench Dispatch10k -benchtime 1x
func BenchmarkDispatch10k(b *testing.B) {
	for i := 0; i < b.N; i++ {
		reportDispatch(b, runDispatch(b, 5000, 300))
	}
}

func reportDispatch(b *testing.B, r dispatchResult) {
	b.ReportMetric(r.ratio, "ratio")
	b.ReportMetric(float64(r.limited), "429s")
	b.ReportMetric(r.elapsed.Seconds(), "virtual-s")
	b.ReportMetric(r.minimum.Seconds(), "minimum-s")
	b.ReportMetric(float64(r.elapsed)/float64(r.window), "ratio-vs-window")
	b.ReportMetric(float64(r.checkins)/r.real.Seconds(), "checkins/real-s")
}
