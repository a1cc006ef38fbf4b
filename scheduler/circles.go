package scheduler

import (
	"context"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// CircleStore is the store's side of mentoring circles, optional: a store
// without it plans pairings only. Circle check-ins, reminders and feedback
// prompts go through the same outbox, keys and claims as pairings'
// (docs/circles.md), their PairingID naming the circle.
type CircleStore interface {
	CircleScheduleTargets(ctx context.Context) ([]store.ScheduleTarget, error)
	DueCircleReminders(ctx context.Context, sentBefore time.Time) ([]store.DueReminder, error)
}

// circleTargets lists the circles' people to plan, marked as circles.
func (s *Scheduler) circleTargets(ctx context.Context) ([]store.ScheduleTarget, error) {
	cs, ok := s.db.(CircleStore)
	if !ok {
		return nil, nil
	}
	ts, err := cs.CircleScheduleTargets(ctx)
	for i := range ts {
		ts[i].Circle = true
	}
	return ts, err
}

// circleReminders lists the circle check-ins due a reminder.
func (s *Scheduler) circleReminders(ctx context.Context, sentBefore time.Time) ([]store.DueReminder, error) {
	cs, ok := s.db.(CircleStore)
	if !ok {
		return nil, nil
	}
	return cs.DueCircleReminders(ctx, sentBefore)
}

// CircleHealthStore is the store's side of circles' health, optional like
// CircleStore: Need help and low ratings flag a circle as they are
// recorded; the job adds "not met for 3 check-ins" per circle.
type CircleHealthStore interface {
	CirclesNotMeeting(ctx context.Context, n int, ignoredBefore time.Time) ([]int64, error)
	MarkCircleAtRisk(ctx context.Context, circleID int64, reason string) (bool, error)
}

// checkCircles flags, for admins only, the open circles in which someone
// has had notMetInARow closed check-ins without anyone's Met since (the
// pairings' rule, per circle). Nothing is sent to the circle's people: a
// flag changes nothing anyone in the circle receives. It reports whether
// a flag is new.
func (s *Scheduler) checkCircles(ctx context.Context, ignoredBefore time.Time) (bool, error) {
	cs, ok := s.db.(CircleHealthStore)
	if !ok {
		return false, nil
	}
	ids, err := cs.CirclesNotMeeting(ctx, notMetInARow, ignoredBefore)
	if err != nil {
		return false, err
	}
	flagged := false
	for _, id := range ids {
		first, err := cs.MarkCircleAtRisk(ctx, id, store.RiskNotMeeting)
		if err != nil {
			return false, err
		}
		if first {
			s.log.Info("circle at risk", "circle", id, "reason", store.RiskNotMeeting)
			flagged = true
		}
	}
	return flagged, nil
}

// CircleLifecycleStore is the circles' side of the lifecycle job,
// optional on Lifecycle.Store: circles close with their program.
type CircleLifecycleStore interface {
	EndDueCircles(ctx context.Context, now time.Time, grace time.Duration) ([]int64, error)
}

// endDueCircles closes the circles whose program's end date has come,
// each once with its closing prompt in the outbox (docs/circles.md).
func (s *Scheduler) endDueCircles(ctx context.Context, now time.Time) error {
	cs, ok := s.cfg.Lifecycle.Store.(CircleLifecycleStore)
	if !ok {
		return nil
	}
	ended, err := cs.EndDueCircles(ctx, now, s.cfg.CatchupGrace)
	if err != nil || len(ended) == 0 {
		return err
	}
	s.log.Info("circles closed with their program", "circles", len(ended))
	s.Wake()
	s.programChanged(ctx) // the admins' dashboards
	return nil
}
