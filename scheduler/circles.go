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
