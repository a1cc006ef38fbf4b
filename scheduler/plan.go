package scheduler

import (
	"context"
	"fmt"
	"time"

	"github.com/mentorbot/mentorbot/scheduler/cronspec"
	"github.com/mentorbot/mentorbot/store"
)

// maxBackfill bounds how many older missed slots one key records at once.
const maxBackfill = 60

// PlanStats counts what Plan wrote.
type PlanStats struct {
	// Due is how many slots were written to be sent, Missed how many were
	// recorded as missed (too old, or older than the latest).
	Due, Missed int
}

// job is one schedule the tick plans.
type job struct {
	kind string
	spec *Spec
	// thinned jobs follow the pairing's cadence; others fire every slot.
	thinned bool
}

type slotMemoKey struct {
	kind, zone, cadence string
	parity              int64
}

type slotMemo struct {
	slot time.Time
	ok   bool
}

// candidate is a key whose latest slot is not known to be planned.
type candidate struct {
	key     store.DeliveryKey
	job     job
	slot    time.Time
	loc     *time.Location
	cadence string
	started time.Time
}

// Plan writes to the outbox, for each active pairing and each of its two
// people who can be messaged, the most recent slot at or before now of the
// check-in and feedback schedules (read in the person's zone, thinned to
// the pairing's cadence for check-ins). A slot before the pairing began is
// skipped. The latest slot goes out if it is at most CatchupGrace old and
// is recorded as missed otherwise; slots between it and the last one
// recorded for the key are recorded as missed. Rows already present are
// left alone, so running Plan again, or in two processes, changes nothing.
func (s *Scheduler) Plan(ctx context.Context, now time.Time) (PlanStats, error) {
	s.tickMu.Lock()
	defer s.tickMu.Unlock()
	return s.planLocked(ctx, now)
}

func (s *Scheduler) planLocked(ctx context.Context, now time.Time) (PlanStats, error) {
	var st PlanStats
	targets, err := s.db.ScheduleTargets(ctx)
	if err != nil {
		return st, err
	}
	circles, err := s.circleTargets(ctx)
	if err != nil {
		return st, err
	}
	targets = append(targets, circles...)
	jobs := []job{{store.KindCheckin, s.checkin, true}, {store.KindFeedback, s.feed, false}}
	circleJobs := []job{{store.KindCircleCheckin, s.checkin, true}, {store.KindCircleFeedback, s.feed, false}}
	memo := map[slotMemoKey]slotMemo{}
	var cands []candidate
	for _, t := range targets {
		loc := s.Zone(t.Timezone)
		js := jobs
		if t.Circle {
			js = circleJobs
		}
		for _, j := range js {
			cadence := store.CadenceWeekly
			if j.thinned {
				cadence = t.Cadence
			}
			mk := slotMemoKey{kind: j.kind, zone: j.spec.Location(loc).String(), cadence: cadence}
			if cadence == store.CadenceBiweekly {
				mk.parity = cronspec.Parity(cadence, t.PairingStarted)
			}
			m, seen := memo[mk]
			if !seen {
				m.slot, m.ok = j.spec.Latest(now, loc, cadence, t.PairingStarted)
				memo[mk] = m
			}
			if !m.ok || m.slot.Before(t.PairingStarted) {
				continue
			}
			key := store.DeliveryKey{RecipientID: t.ParticipantID, PairingID: t.PairingID, Kind: j.kind}
			if last, ok := s.planned[key]; ok && last.Equal(m.slot) {
				continue
			}
			cands = append(cands, candidate{key: key, job: j, slot: m.slot, loc: loc, cadence: cadence, started: t.PairingStarted})
		}
	}
	if len(cands) == 0 {
		return st, nil
	}
	keys := make([]store.DeliveryKey, len(cands))
	for i, c := range cands {
		keys[i] = c.key
	}
	latest, err := s.db.LatestSlots(ctx, keys)
	if err != nil {
		return st, err
	}
	var rows []store.NewDelivery
	for _, c := range cands {
		rows = append(rows, s.slotRows(c, latest, now, &st)...)
	}
	if _, err := s.db.Enqueue(ctx, rows); err != nil {
		return PlanStats{}, err
	}
	for _, c := range cands {
		s.planned[c.key] = c.slot
	}
	if st.Due+st.Missed > 0 {
		s.log.Info("planned", "due", st.Due, "missed", st.Missed)
	}
	return st, nil
}

// slotRows decides the rows for one candidate.
func (s *Scheduler) slotRows(c candidate, latest map[store.DeliveryKey]time.Time, now time.Time, st *PlanStats) []store.NewDelivery {
	last, has := latest[c.key]
	if has && !last.Before(c.slot) {
		return nil // written already (or a later slot, after a zone change)
	}
	older := c.job.spec.Before(c.slot, time.Time{}, c.loc, c.cadence, c.started, 1)
	if has && len(older) == 1 && last.After(older[0]) {
		// The person's zone or cadence changed and a slot of this period
		// went out already: one per period is enough.
		return nil
	}
	row := store.NewDelivery{RecipientID: c.key.RecipientID, PairingID: c.key.PairingID, Kind: c.key.Kind, Slot: c.slot, NotBefore: c.slot}
	if now.Sub(c.slot) > s.cfg.CatchupGrace {
		row.State, row.Note = store.DeliveryMissed, "older than the catch-up grace"
		st.Missed++
	} else {
		st.Due++
	}
	rows := []store.NewDelivery{row}
	floor := c.started.Add(-time.Nanosecond)
	if has && last.After(floor) {
		floor = last
	}
	for _, o := range c.job.spec.Before(c.slot, floor, c.loc, c.cadence, c.started, maxBackfill) {
		rows = append(rows, store.NewDelivery{RecipientID: c.key.RecipientID, PairingID: c.key.PairingID, Kind: c.key.Kind,
			Slot: o, NotBefore: o, State: store.DeliveryMissed, Note: "a later slot superseded it"})
		st.Missed++
	}
	return rows
}

// PlanReminders writes one reminder for each check-in sent ReminderAfter
// ago and still unanswered. Its slot is the check-in's, so the unique key
// allows one reminder per check-in. A reminder that would be later than
// CatchupGrace (the bot was down) is recorded as missed.
func (s *Scheduler) PlanReminders(ctx context.Context, now time.Time) error {
	due, err := s.db.DueReminders(ctx, now.Add(-s.cfg.ReminderAfter))
	if err != nil {
		return err
	}
	circleDue, err := s.circleReminders(ctx, now.Add(-s.cfg.ReminderAfter))
	if err != nil {
		return err
	}
	if len(due)+len(circleDue) == 0 {
		return nil
	}
	rows := make([]store.NewDelivery, 0, len(due)+len(circleDue))
	for i, r := range append(due, circleDue...) {
		kind := store.KindReminder
		if i >= len(due) {
			kind = store.KindCircleReminder
		}
		at := r.SentAt.Add(s.cfg.ReminderAfter)
		row := store.NewDelivery{RecipientID: r.ParticipantID, PairingID: r.PairingID, Kind: kind, Slot: r.Slot, NotBefore: at}
		if now.Sub(at) > s.cfg.CatchupGrace {
			row.State, row.Note = store.DeliveryMissed, "older than the catch-up grace"
		}
		rows = append(rows, row)
	}
	n, err := s.db.Enqueue(ctx, rows)
	if err != nil {
		return err
	}
	if n > 0 {
		s.log.Info("reminders planned", "count", n)
	}
	return nil
}

// EnqueueFeedbackEnd asks both people of a pairing that ended for feedback
// (kind feedback_end, slot = the end time). Calling it twice for the same
// end changes nothing.
func (s *Scheduler) EnqueueFeedbackEnd(ctx context.Context, p store.Pairing) error {
	slot := s.now()
	if p.EndedAt != nil {
		slot = *p.EndedAt
	}
	rows := []store.NewDelivery{
		{RecipientID: p.MentorID, PairingID: p.ID, Kind: store.KindFeedbackEnd, Slot: slot},
		{RecipientID: p.MenteeID, PairingID: p.ID, Kind: store.KindFeedbackEnd, Slot: slot},
	}
	if _, err := s.db.Enqueue(ctx, rows); err != nil {
		return fmt.Errorf("scheduler: end-of-pairing feedback for pairing %d: %w", p.ID, err)
	}
	s.Wake()
	return nil
}

// OnPairingEnded is EnqueueFeedbackEnd for bot.Config.OnPairingEnded: it
// logs instead of returning its error.
func (s *Scheduler) OnPairingEnded(ctx context.Context, p store.Pairing) {
	if err := s.EnqueueFeedbackEnd(ctx, p); err != nil {
		s.log.Error("end-of-pairing feedback", "pairing", p.ID, "err", err)
	}
}

// Expire records as missed the pending rows too late to send: check-ins
// and feedback prompts whose slot is more than CatchupGrace old, reminders
// more than ReminderAfter + CatchupGrace after their check-in's slot.
func (s *Scheduler) Expire(ctx context.Context, now time.Time) error {
	cut := now.Add(-s.cfg.CatchupGrace)
	for kind, before := range map[string]time.Time{
		store.KindCheckin:  cut,
		store.KindFeedback: cut,
		store.KindReminder: cut.Add(-s.cfg.ReminderAfter),
		// The lifecycle's messages follow the same catch-up grace.
		store.KindRenewalAsk: cut, store.KindRenewalExtended: cut, store.KindClosingThanks: cut,
		// Circles' check-ins, feedback prompts and reminders alike.
		store.KindCircleCheckin:  cut,
		store.KindCircleFeedback: cut,
		store.KindCircleReminder: cut.Add(-s.cfg.ReminderAfter),
	} {
		n, err := s.db.ExpirePending(ctx, kind, before, "older than the catch-up grace")
		if err != nil {
			return err
		}
		if n > 0 {
			s.log.Info("expired", "kind", kind, "count", n)
		}
	}
	return nil
}
