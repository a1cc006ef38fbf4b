package scheduler

import (
	"context"
	"fmt"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// SettingRetention names the retention setting, for errors.
const SettingRetention = "MENTORBOT_RETENTION"

// RetentionStore is what the daily retention job needs.
type RetentionStore interface {
	RunRetention(ctx context.Context, day, worker string, keep time.Duration) (store.RetentionResult, error)
	EraseFromDisk(ctx context.Context) error
}

// Departer is the directory's side of a failed DM: it asks Slack
// (users.info) whether the person's account is deactivated and, if so,
// departs them (partners told through the outbox). The scheduler knows no
// Slack, so package bot/directory implements it.
type Departer interface {
	DepartIfDeactivated(ctx context.Context, slackID string) (bool, error)
}

// retentionDay is the UTC day a run at t belongs to: one run per day.
func retentionDay(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// Retain runs the day's retention job if this process has not yet seen it
// run today: the store claims the day, so across replicas and restarts the
// work happens once per UTC day. It then cuts the erased bytes out of the
// database files (the write-ahead log on SQLite), as /mentor leave does.
// A zero Retention turns the job off.
func (s *Scheduler) Retain(ctx context.Context) (store.RetentionResult, error) {
	rs, ok := s.db.(RetentionStore)
	if !ok || s.cfg.Retention <= 0 {
		return store.RetentionResult{}, nil
	}
	day := retentionDay(s.now())
	s.retainMu.Lock()
	defer s.retainMu.Unlock()
	if s.retainedDay == day {
		return store.RetentionResult{}, nil
	}
	res, err := rs.RunRetention(ctx, day, s.worker, s.cfg.Retention)
	if err != nil {
		return res, fmt.Errorf("scheduler: retention: %w", err)
	}
	s.retainedDay = day
	if !res.Ran {
		return res, nil
	}
	s.log.Info("retention ran", "day", day, "people_erased", res.People, "feedback_texts_erased", res.FeedbackRows)
	if len(res.Intros) > 0 && s.cfg.OnErased != nil {
		s.cfg.OnErased(ctx, res.Intros)
	}
	if res.People+res.FeedbackRows > 0 {
		if err := rs.EraseFromDisk(ctx); err != nil {
			// The store finishes at its next write (pending_erasure).
			s.log.Warn("retention: erased data may stay in the database log until the next write", "err", err)
		}
	}
	return res, nil
}

// departIfDeactivated is the Permanent branch's first question: is the
// recipient's account deactivated? Then they are departed and not merely
// unreachable.
func (s *Scheduler) departIfDeactivated(ctx context.Context, d store.Delivery) bool {
	if s.cfg.Departer == nil || d.RecipientSlack == "" {
		return false
	}
	gone, err := s.cfg.Departer.DepartIfDeactivated(ctx, d.RecipientSlack)
	if err != nil {
		s.log.Warn("could not confirm a deactivated account; marking unreachable", "recipient", d.RecipientSlack, "err", err)
		return false
	}
	return gone
}
