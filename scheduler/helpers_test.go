package scheduler_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// clock is a settable clock shared by the store and the scheduler.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(s string) *clock { return &clock{t: at(s)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = at(s)
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Sleep advances the clock instead of sleeping.
func (c *clock) Sleep(ctx context.Context, d time.Duration) error {
	c.Advance(d)
	return ctx.Err()
}

// at parses a UTC time "2006-01-02 15:04:05".
func at(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04:05", s)
	if err != nil {
		panic(err)
	}
	return t
}

func openDB(t *testing.T, path string, c *clock) *sqldb.DB {
	t.Helper()
	db, err := sqldb.Open(context.Background(), path, sqldb.Options{Clock: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

func newDB(t *testing.T, c *clock) (*sqldb.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "mentorbot.db")
	return openDB(t, path, c), path
}

func person(t *testing.T, db *sqldb.DB, id, tz, cadence string) {
	t.Helper()
	if cadence == "" {
		cadence = store.CadenceWeekly
	}
	_, err := db.SaveProfile(context.Background(), store.Profile{SlackID: id, Name: "Name " + id, Role: store.RoleBoth,
		Cadence: cadence, Timezone: tz, Capacity: 3})
	if err != nil {
		t.Fatal(err)
	}
}

func pair(t *testing.T, db *sqldb.DB, mentor, mentee string) store.Pairing {
	t.Helper()
	p, err := db.CreatePairing(context.Background(), store.NewPairing{MentorSlack: mentor, MenteeSlack: mentee})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// call is one Send the fake saw.
type call struct {
	Kind, To string
	Pairing  int64
	Slot     time.Time
	Checkin  int64
}

func (c call) String() string {
	return fmt.Sprintf("%s→%s p%d %s", c.Kind, c.To, c.Pairing, c.Slot.Format("2006-01-02 15:04"))
}

// fakeSender records sends; fail, when set, decides an error per call.
type fakeSender struct {
	mu    sync.Mutex
	calls []call
	fail  func(d store.Delivery) error
	// after runs after a successful send is counted, before it returns.
	after func(d store.Delivery)
}

func (f *fakeSender) Send(ctx context.Context, d store.Delivery) (scheduler.SentMessage, error) {
	f.mu.Lock()
	fail := f.fail
	f.mu.Unlock()
	if fail != nil {
		if err := fail(d); err != nil {
			return scheduler.SentMessage{}, err
		}
	}
	f.mu.Lock()
	f.calls = append(f.calls, call{Kind: d.Kind, To: d.RecipientSlack, Pairing: d.PairingID, Slot: d.Slot.UTC(), Checkin: d.CheckinID})
	n := len(f.calls)
	after := f.after
	f.mu.Unlock()
	if after != nil {
		after(d)
	}
	return scheduler.SentMessage{Channel: "D" + d.RecipientSlack, TS: fmt.Sprintf("%d.000100", n)}, nil
}

func (f *fakeSender) Calls() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := append([]call(nil), f.calls...)
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// kinds counts calls by kind.
func (f *fakeSender) count(kind string) int {
	n := 0
	for _, c := range f.Calls() {
		if c.Kind == kind {
			n++
		}
	}
	return n
}

func (f *fakeSender) reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = nil
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func config(c *clock) scheduler.Config {
	return scheduler.Config{
		CheckinSchedule:  "0 10 * * MON",
		FeedbackSchedule: "0 14 1 * *",
		ReminderAfter:    48 * time.Hour,
		CatchupGrace:     24 * time.Hour,
		Clock:            c.Now,
		Sleep:            c.Sleep,
		Logger:           quietLogger(),
		WorkerID:         "test-worker",
	}
}

func newScheduler(t *testing.T, db scheduler.Store, s scheduler.Sender, cfg scheduler.Config) *scheduler.Scheduler {
	t.Helper()
	sch, err := scheduler.New(db, s, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// run ticks and dispatches once at the clock's time.
func run(t *testing.T, s *scheduler.Scheduler) scheduler.DispatchStats {
	t.Helper()
	ctx := context.Background()
	if err := s.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	st, err := s.Dispatch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// rows returns a person's outbox rows as "kind state slot" strings.
func rows(t *testing.T, db *sqldb.DB, slackID string) []string {
	t.Helper()
	ex, err := db.ExportPerson(context.Background(), slackID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range ex.Deliveries {
		out = append(out, fmt.Sprintf("%s %s %s", d.Kind, d.State, d.Slot.UTC().Format("2006-01-02 15:04")))
	}
	return out
}
