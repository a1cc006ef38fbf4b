package scheduler

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// Settings of networking rounds.
const (
	SettingRounds       = "MENTORBOT_ROUNDS_SCHEDULE"
	SettingRoundsMemory = "MENTORBOT_ROUNDS_MEMORY"
)

// RoundsStore is what the rounds job needs: the running series, running a
// round once, and the rounds' own outbox (members need not be
// participants, whom the deliveries outbox addresses).
type RoundsStore interface {
	ActiveSeries(ctx context.Context) ([]store.RoundSeries, error)
	RoundSlots(ctx context.Context, seriesID int64) ([]time.Time, error)
	RunRound(ctx context.Context, p store.RoundPlan, worker string, group store.GroupFunc) (store.RoundRun, error)
	DueRoundMessages(ctx context.Context, now time.Time, limit int) ([]store.RoundMessage, error)
	ClaimRoundMessage(ctx context.Context, id int64, worker string, now time.Time) (store.RoundMessage, bool, error)
	FinishRoundMessage(ctx context.Context, id int64, worker string, o store.RoundOutcome) error
	MarkRoundPosting(ctx context.Context, id int64, worker string) error
	SettleStaleRoundMessages(ctx context.Context, unposted, dead time.Time) (released, failed int, err error)
	ExpireRoundMessages(ctx context.Context, before time.Time) (int, error)
}

// RoundsSender renders and sends one rounds message (package bot/rounds
// does); its errors are classified like Sender's. A RoundsSender that is a
// PostMarker calls BeforePost right before the Slack call that posts,
// after any rate-limit wait (and after opening a group DM, which posts
// nothing); for others the row is marked posting before SendRound.
type RoundsSender interface {
	SendRound(ctx context.Context, m store.RoundMessage) (SentMessage, error)
}

// Rounds configures networking rounds; a nil Spec or Store disables them.
type Rounds struct {
	Spec   *Spec
	Memory int
	Store  RoundsStore
	Sender RoundsSender
	Group  store.GroupFunc
}

func (r Rounds) enabled() bool {
	return r.Spec != nil && r.Store != nil && r.Sender != nil && r.Group != nil
}

// ParseRoundsSpec parses MENTORBOT_ROUNDS_SCHEDULE (read in UTC unless it
// names a CRON_TZ).
func ParseRoundsSpec(text string) (*Spec, error) { return ParseSpec(SettingRounds, text) }

// maxSlotSteps bounds the walk over schedule slots since a series' last
// round (a sub-minute spec after a long downtime).
const maxSlotSteps = 100000

// RoundSlot is a series' most recent kept slot at or before now (every
// EveryWeeks-th slot of the schedule, counted from the series' first slot
// at or after its anchor, or from its last round) and the kept slot after
// it. ok is false before the series' first slot.
func RoundSlot(spec *Spec, se store.RoundSeries, last time.Time, now time.Time) (slot, next time.Time, ok bool) {
	step := func(t time.Time) (time.Time, bool) {
		for i := 0; i < max(se.EveryWeeks, 1); i++ {
			var ok bool
			if t, ok = spec.Next(t, time.UTC, "", time.Time{}); !ok {
				return t, false
			}
		}
		return t, true
	}
	cur := last
	if cur.IsZero() {
		first, ok := spec.Next(se.Anchor.Add(-time.Nanosecond), time.UTC, "", time.Time{})
		if !ok || first.After(now) {
			return time.Time{}, time.Time{}, false
		}
		cur = first
	}
	for i := 0; i < maxSlotSteps; i++ {
		n, ok := step(cur)
		if !ok {
			return cur, cur, !cur.After(now)
		}
		if n.After(now) {
			return cur, n, !cur.After(now)
		}
		cur = n
	}
	return time.Time{}, time.Time{}, false
}

// PlanRounds runs each running series' most recent kept slot if it is due
// within CatchupGrace and not run yet (RunRound runs it at most once,
// however many schedulers try). Older missed slots are not run.
func (s *Scheduler) PlanRounds(ctx context.Context, now time.Time) error {
	r := s.cfg.Rounds
	if !r.enabled() {
		return nil
	}
	series, err := r.Store.ActiveSeries(ctx)
	if err != nil {
		return err
	}
	for _, se := range series {
		slots, err := r.Store.RoundSlots(ctx, se.ID)
		if err != nil {
			return err
		}
		var last time.Time
		if len(slots) > 0 {
			last = slots[len(slots)-1]
		}
		slot, next, ok := RoundSlot(r.Spec, se, last, now)
		if !ok || slot.Equal(last) || now.Sub(slot) > s.cfg.CatchupGrace {
			continue
		}
		ask := slot.Add(next.Sub(slot) / 2)
		run, err := r.Store.RunRound(ctx, store.RoundPlan{SeriesID: se.ID, Slot: slot, AskAt: ask, Memory: r.Memory}, s.worker, r.Group)
		if err != nil {
			return err
		}
		if run.Ran {
			s.log.Info("networking round run", "series", se.ID, "slot", slot, "people", run.People, "groups", run.Groups, "repeats", run.Repeats)
		}
	}
	return nil
}

// sendRounds sends the rounds' due messages one by one, each claimed
// first, exactly as check-ins are sent (docs/scheduler.md, "Exactly
// once"): a claim whose sender died before calling Slack is released after
// UnpostedLease and sent by whoever runs; one whose sender died during the
// call is failed after Lease, never resent; a row later than CatchupGrace
// is recorded as missed.
func (s *Scheduler) sendRounds(ctx context.Context) error {
	r := s.cfg.Rounds
	if !r.enabled() {
		return nil
	}
	now := s.now()
	released, failed, err := r.Store.SettleStaleRoundMessages(ctx, now.Add(-s.cfg.UnpostedLease), now.Add(-s.cfg.Lease))
	if err != nil {
		return err
	}
	if released+failed > 0 {
		s.log.Warn("stale round message claims settled", "released", released, "failed_unknown", failed)
	}
	if _, err := r.Store.ExpireRoundMessages(ctx, now.Add(-s.cfg.CatchupGrace)); err != nil {
		return err
	}
	due, err := r.Store.DueRoundMessages(ctx, now, peekBatch)
	if err != nil {
		return err
	}
	for _, m := range due {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err := s.sendRound(ctx, m.ID); err != nil {
			return err
		}
	}
	return nil
}

func (s *Scheduler) sendRound(ctx context.Context, id int64) error {
	r := s.cfg.Rounds
	m, ok, err := r.Store.ClaimRoundMessage(ctx, id, s.worker, s.now())
	if err != nil || !ok {
		return err // !ok: gone, not due, skipped, or another worker has it
	}
	// As for check-ins: a send in flight finishes even at shutdown, and
	// "posting" is recorded right before the Slack call.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.SendTimeout)
	sctx, err = markBeforePost(sctx, r.Sender, func(ctx context.Context) error {
		return r.Store.MarkRoundPosting(context.WithoutCancel(ctx), m.ID, s.worker)
	})
	if err != nil {
		cancel()
		s.log.Warn("round message claim lost before sending", "message", m.ID, "err", err)
		return nil
	}
	msg, err := r.Sender.SendRound(sctx, m)
	cancel()
	rec := context.WithoutCancel(ctx)
	finish := func(o store.RoundOutcome) error {
		err := r.Store.FinishRoundMessage(rec, m.ID, s.worker, o)
		if errors.Is(err, store.ErrConflict) {
			// The claim was released meanwhile (this sender stalled past
			// the unposted lease and did not post): it is another's now.
			s.log.Warn("round message claim lost", "message", m.ID, "err", err)
			return nil
		}
		return err
	}
	if err == nil {
		return finish(store.RoundOutcome{State: store.DeliverySent, Channel: msg.Channel, TS: msg.TS})
	}
	se := ClassOf(err)
	s.log.Warn("round message not sent", "message", m.ID, "kind", m.Kind, "class", se.Class.String(), "code", se.Code)
	why := fmt.Sprintf("%s %s", se.Class, se.Code)
	now := s.now()
	switch {
	case se.Class == Transient && m.Attempts < s.cfg.MaxAttempts:
		return finish(store.RoundOutcome{State: store.DeliveryPending, NotBefore: now.Add(s.retryBackoff(m.Attempts)), Why: why, Counted: true})
	case se.Class == RateLimited:
		return finish(store.RoundOutcome{State: store.DeliveryPending, NotBefore: now.Add(max(se.RetryAfter, time.Second)), Why: why})
	case se.Class == Fatal:
		// Our tokens are broken: the row waits for a fixed process.
		if ferr := finish(store.RoundOutcome{State: store.DeliveryPending, NotBefore: now, Why: why}); ferr != nil {
			return ferr
		}
		return err
	case se.Class == Unknown:
		// It may have gone out: it stays sending and is never resent (the
		// lease fails it).
		return finish(store.RoundOutcome{State: store.DeliverySending, Why: why})
	}
	return finish(store.RoundOutcome{State: store.DeliveryFailed, Why: why})
}
