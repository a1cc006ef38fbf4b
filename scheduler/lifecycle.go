package scheduler

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// Setting names of the pairing lifecycle.
const (
	SettingPairingLength = "MENTORBOT_PAIRING_LENGTH"
	SettingRenewalNotice = "MENTORBOT_RENEWAL_NOTICE"
)

// DefaultLifecycleEvery is how often the lifecycle job looks for due
// events: well within the minute each message must go out in.
const DefaultLifecycleEvery = 10 * time.Second

// LifecycleStore is what the lifecycle job needs: three look-ups over
// partial indexes on the pairings' end dates.
type LifecycleStore interface {
	FillEndDates(ctx context.Context, now time.Time, length, notice time.Duration) (int, error)
	PlanRenewals(ctx context.Context, now time.Time, notice, grace time.Duration) (int, error)
	EndDuePairings(ctx context.Context, now time.Time, grace time.Duration) ([]store.Pairing, error)
}

// Lifecycle configures the pairing lifecycle job (off when Store is nil).
type Lifecycle struct {
	// Length is MENTORBOT_PAIRING_LENGTH: a term outside a program, and
	// the one extension.
	Length time.Duration
	// Notice is MENTORBOT_RENEWAL_NOTICE: how long before the end both
	// are asked.
	Notice time.Duration
	// Every is how often the job runs (default DefaultLifecycleEvery).
	Every time.Duration
	Store LifecycleStore
	// OnEnded runs for each pairing that ended on its end date (the bot's
	// PairingEnded: admins' dashboards), after its messages are planned.
	OnEnded func(ctx context.Context, p store.Pairing)
}

// ValidateLifecycle checks MENTORBOT_PAIRING_LENGTH and
// MENTORBOT_RENEWAL_NOTICE together, with one-line errors naming the
// setting.
func ValidateLifecycle(length, notice time.Duration) error {
	switch {
	case length <= 0:
		return fmt.Errorf("%s is malformed: want a positive Go duration like 4368h", SettingPairingLength)
	case notice <= 0:
		return fmt.Errorf("%s is malformed: want a positive Go duration like 336h", SettingRenewalNotice)
	case notice >= length:
		return fmt.Errorf("%s (%s) must be shorter than %s (%s)", SettingRenewalNotice, notice, SettingPairingLength, length)
	}
	return nil
}

func (l Lifecycle) enabled() bool { return l.Store != nil }

// errLifecycleOff: LifecycleTick called without a lifecycle store.
var errLifecycleOff = errors.New("scheduler: the lifecycle job is not configured")

// lifecycleState keeps lifecycle runs of one process from overlapping.
type lifecycleState struct{ mu sync.Mutex }

// LifecycleTick runs the lifecycle job once at the clock's now: it gives
// new pairings their end date, ends the pairings whose end date has come
// (thank-you recap and closing prompt to both), writes the renewal asks
// now due, then wakes the dispatcher. Every message is an outbox row under
// its unique key, so any number of runs, restarts and replicas write each
// once; the dispatcher sends each once.
func (s *Scheduler) LifecycleTick(ctx context.Context) (err error) {
	l := s.cfg.Lifecycle
	if !l.enabled() {
		return errLifecycleOff
	}
	s.life.mu.Lock()
	defer s.life.mu.Unlock()
	defer recoverTo(&err, "lifecycle")
	now := s.now()
	if _, err := l.Store.FillEndDates(ctx, now, l.Length, l.Notice); err != nil {
		return err
	}
	ended, err := l.Store.EndDuePairings(ctx, now, s.cfg.CatchupGrace)
	if err != nil {
		return err
	}
	asked, err := l.Store.PlanRenewals(ctx, now, l.Notice, s.cfg.CatchupGrace)
	if err != nil {
		return err
	}
	if err := s.endDueCircles(ctx, now); err != nil {
		return err
	}
	if len(ended) > 0 || asked > 0 {
		s.log.Info("pairing lifecycle", "ended", len(ended), "renewal_asks", asked)
		s.Wake()
	}
	if l.OnEnded != nil {
		for _, p := range ended {
			l.OnEnded(ctx, p)
		}
	}
	return nil
}

func (s *Scheduler) runLifecycle(ctx context.Context) {
	if ctx.Err() != nil || !s.cfg.Lifecycle.enabled() {
		return
	}
	if err := s.LifecycleTick(ctx); err != nil {
		s.log.Error("lifecycle", "err", err)
	}
}
