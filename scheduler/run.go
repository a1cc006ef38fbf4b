package scheduler

import (
	"context"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"
)

// alignedEvery is a cron.Schedule firing on multiples of d (UTC), so a
// one-minute tick runs at second 0, when 5-field slots fall.
type alignedEvery struct{ d time.Duration }

func (a alignedEvery) Next(t time.Time) time.Time { return t.Truncate(a.d).Add(a.d) }

// cronLogger sends robfig/cron's logs to slog.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }
func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "err", err)...)
}

// Run ticks once at start-up (the catch-up), then on a cron entry every
// TickEvery, and dispatches whenever a tick wakes it, a retry falls due, or
// at least once a minute. The tick job runs under cron's Recover and
// SkipIfStillRunning wrappers; dispatch rounds recover panics too. Run
// returns when ctx is done, after the round in progress.
func (s *Scheduler) Run(ctx context.Context) error {
	logger := cronLogger{s.log}
	c := cron.New(cron.WithLocation(time.UTC), cron.WithLogger(logger),
		cron.WithChain(cron.Recover(logger), cron.SkipIfStillRunning(logger)))
	c.Schedule(alignedEvery{s.cfg.TickEvery}, cron.FuncJob(func() { s.runTick(ctx) }))
	if s.cfg.Lifecycle.enabled() {
		c.Schedule(alignedEvery{s.cfg.Lifecycle.Every}, cron.FuncJob(func() { s.runLifecycle(ctx) }))
	}
	s.runTick(ctx)
	s.runLifecycle(ctx)
	c.Start()
	defer func() { <-c.Stop().Done() }()
	s.log.Info("scheduler started", "checkin", s.checkin.String(), "feedback", s.feed.String(),
		"tick", s.cfg.TickEvery.String(), "worker", s.worker)
	for {
		wait := time.Minute
		st, err := s.Dispatch(ctx)
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			s.log.Error("dispatch", "err", err)
		case st.Next > 0 && st.Next < wait:
			wait = st.Next
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-s.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

func (s *Scheduler) runTick(ctx context.Context) {
	if ctx.Err() != nil {
		return
	}
	if err := s.Tick(ctx); err != nil {
		s.log.Error("tick", "err", err)
	}
}
