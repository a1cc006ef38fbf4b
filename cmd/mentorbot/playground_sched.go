package main

import (
	"context"
	"fmt"
	"time"

	"github.com/mentorbot/mentorbot/bot/playground"
	"github.com/mentorbot/mentorbot/store"
)

// playgroundScheduler lets the playground's time-travel buttons drive the
// app's own scheduler: where the next slot is, and a tick plus a dispatch
// at the playground clock's now, as the cron loop would run them.
type playgroundScheduler struct{ a *app }

// NextSlot is the earliest slot of kind after after over the people of
// every active pairing (only user's own, when user is set), each in their
// own timezone (check-ins thinned to the pairing's cadence, as Plan does).
func (p playgroundScheduler) NextSlot(ctx context.Context, kind, user string, after time.Time) (time.Time, bool, error) {
	targets, err := p.a.db.ScheduleTargets(ctx)
	if err != nil {
		return time.Time{}, false, err
	}
	spec := p.a.sched.CheckinSpec()
	if kind == playground.SlotFeedback {
		spec = p.a.sched.FeedbackSpec()
	}
	var best time.Time
	for _, t := range targets {
		if user != "" && t.SlackID != user {
			continue
		}
		loc, err := time.LoadLocation(t.Timezone)
		if err != nil || t.Timezone == "" {
			loc = time.UTC
		}
		cadence := store.CadenceWeekly // feedback prompts are not thinned
		if kind == playground.SlotCheckin {
			cadence = t.Cadence
		}
		from := after
		if t.PairingStarted.After(from) {
			from = t.PairingStarted.Add(-time.Nanosecond)
		}
		slot, ok := spec.Next(from, loc, cadence, t.PairingStarted)
		if ok && (best.IsZero() || slot.Before(best)) {
			best = slot
		}
	}
	return best, !best.IsZero(), nil
}

// RunDue does what a scheduler tick and the dispatcher do at the clock's
// now, and waits for the sends (pacing included) to finish.
func (p playgroundScheduler) RunDue(ctx context.Context) error {
	s, now := p.a.sched, p.a.now()
	if _, err := p.a.db.ResumeExpiredPauses(ctx); err != nil {
		return err
	}
	if _, err := s.Plan(ctx, now); err != nil {
		return err
	}
	if err := s.PlanReminders(ctx, now); err != nil {
		return err
	}
	if err := s.CheckHealth(ctx, now); err != nil {
		return err
	}
	// Renewal asks and closes (the lifecycle job's run, as in Run).
	if err := s.LifecycleTick(ctx); err != nil {
		return err
	}
	if err := s.PlanRounds(ctx, now); err != nil {
		return err
	}
	for range 30 {
		st, err := s.Dispatch(ctx)
		if err != nil {
			return err
		}
		if st.Next <= 0 {
			return nil
		}
		// Rows wait for a busy conversation (Slack's one message per
		// second per channel): sit it out, on real time like the pacer.
		t := time.NewTimer(st.Next)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("playground: dispatching: %w", ctx.Err())
		case <-t.C:
		}
	}
	return nil
}
