package scheduler

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// peekBatch is how many due rows a dispatch round looks at at once.
const peekBatch = 256

// DispatchStats counts what one Dispatch did.
type DispatchStats struct {
	Sent, Retried, Failed, Unknown, Skipped int
	// Next is how long until a row skipped for a busy conversation can go
	// (0 = nothing waiting).
	Next time.Duration
}

type dispatchRound struct {
	mu       sync.Mutex
	st       DispatchStats
	inflight map[int64]bool
	fatal    error
}

func (r *dispatchRound) failed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.fatal != nil
}

func (r *dispatchRound) add(f func(st *DispatchStats)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f(&r.st)
}

// Dispatch works the outbox off: it resolves rows whose sender died
// (lease expired), expires rows too late to send, then claims and sends
// every row due at the clock's now, up to Workers at a time and never two
// to one person at once. A row whose conversation is busy (see Pacer) is
// left for later; Dispatch sits out waits up to MaxInlineWait itself and
// reports longer ones in Next. It returns when nothing more is due.
func (s *Scheduler) Dispatch(ctx context.Context) (st DispatchStats, err error) {
	s.dispatchMu.Lock()
	defer s.dispatchMu.Unlock()
	defer recoverTo(&err, "dispatch")
	if err := s.recoverStale(ctx); err != nil {
		return st, err
	}
	if err := s.Expire(ctx, s.now()); err != nil {
		return st, err
	}
	// The rounds' messages have their own outbox; their trouble never
	// holds up check-ins.
	if err := s.sendRounds(ctx); err != nil {
		s.log.Error("networking rounds messages", "err", err)
	}
	round := &dispatchRound{inflight: map[int64]bool{}}
	seen := map[int64]bool{}
	sem := make(chan struct{}, s.cfg.Workers)
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		if err := ctx.Err(); err != nil {
			wg.Wait()
			return round.st, err
		}
		due, err := s.db.DueDeliveries(ctx, s.now(), peekBatch)
		if err != nil {
			wg.Wait()
			return round.st, err
		}
		started, busy := 0, time.Duration(0)
		for _, d := range due {
			if seen[d.ID] || round.failed() {
				continue
			}
			round.mu.Lock()
			taken := round.inflight[d.RecipientID]
			round.mu.Unlock()
			if taken {
				continue
			}
			if s.pacer != nil {
				if w := s.pacer.Delay(d); w > 0 {
					if busy == 0 || w < busy {
						busy = w
					}
					continue
				}
			}
			seen[d.ID] = true
			started++
			round.mu.Lock()
			round.inflight[d.RecipientID] = true
			round.mu.Unlock()
			sem <- struct{}{}
			wg.Add(1)
			go func(d store.Delivery) {
				defer wg.Done()
				defer func() { <-sem }()
				defer func() {
					round.mu.Lock()
					delete(round.inflight, d.RecipientID)
					round.mu.Unlock()
				}()
				defer func() {
					// The row may be claimed: leave it to the lease.
					if r := recover(); r != nil {
						s.log.Error("delivery panicked", "delivery", d.ID, "panic", r)
						round.add(func(st *DispatchStats) { st.Unknown++ })
					}
				}()
				s.deliver(ctx, d, round)
			}(d)
		}
		wg.Wait()
		if round.failed() {
			return round.st, round.fatal
		}
		if started > 0 {
			continue
		}
		if busy > 0 && busy <= s.cfg.MaxInlineWait {
			if err := s.sleep(ctx, busy); err != nil {
				return round.st, err
			}
			continue
		}
		round.st.Next = busy
		return round.st, nil
	}
}

// deliver claims one row, sends it and records the outcome.
func (s *Scheduler) deliver(ctx context.Context, row store.Delivery, round *dispatchRound) {
	d, claimed, err := s.db.ClaimDelivery(ctx, row.ID, s.worker, s.now())
	if err != nil {
		s.log.Error("claim", "delivery", row.ID, "err", err)
		round.add(func(st *DispatchStats) { st.Skipped++ })
		return
	}
	if !claimed {
		round.add(func(st *DispatchStats) { st.Skipped++ })
		return
	}
	// A send in flight finishes even if we are shutting down: cancelling
	// it midway would leave its outcome unknown.
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.SendTimeout)
	sendCtx, err = markBeforePost(sendCtx, s.sender, func(ctx context.Context) error {
		return s.db.MarkPosting(context.WithoutCancel(ctx), d.ID, s.worker, s.now())
	})
	if err != nil {
		cancel()
		s.log.Warn("claim lost before sending", "delivery", d.ID, "err", err)
		round.add(func(st *DispatchStats) { st.Skipped++ })
		return
	}
	msg, err := s.send(sendCtx, d)
	cancel()
	// Recording also outlives shutdown, for the same reason.
	rec := context.WithoutCancel(ctx)
	now := s.now()
	if err == nil {
		if err := s.recordSent(rec, d, msg, now); err != nil {
			s.log.Error("sent but not recorded; left to the lease", "delivery", d.ID, "kind", d.Kind, "err", err)
			round.add(func(st *DispatchStats) { st.Unknown++ })
			return
		}
		round.add(func(st *DispatchStats) { st.Sent++ })
		return
	}
	se := ClassOf(err)
	log := s.log.With("delivery", d.ID, "kind", d.Kind, "recipient", d.RecipientSlack, "class", se.Class.String(), "code", se.Code)
	var recErr error
	switch se.Class {
	case Transient:
		if d.Attempts >= s.cfg.MaxAttempts {
			log.Warn("giving up after transient errors", "attempts", d.Attempts, "err", err)
			recErr = s.db.FailDelivery(rec, d.ID, s.worker, fmt.Sprintf("gave up after %d attempts: %v", d.Attempts, err))
			round.add(func(st *DispatchStats) { st.Failed++ })
		} else {
			recErr = s.db.RetryDelivery(rec, d.ID, s.worker, now.Add(s.retryBackoff(d.Attempts)), true, err.Error())
			round.add(func(st *DispatchStats) { st.Retried++ })
		}
	case RateLimited:
		wait := max(se.RetryAfter, time.Second)
		recErr = s.db.RetryDelivery(rec, d.ID, s.worker, now.Add(wait), false, err.Error())
		round.add(func(st *DispatchStats) { st.Retried++ })
	case Permanent:
		log.Warn("recipient cannot be messaged", "err", err)
		recErr = s.db.FailDelivery(rec, d.ID, s.worker, err.Error())
		// A deactivated account (confirmed with Slack) departs the person;
		// anyone else who cannot be messaged is flagged for admins.
		if s.departIfDeactivated(rec, d) {
			log.Info("recipient's account is deactivated; departed")
		} else if e := s.unreachable(rec, d, se.Code); e != nil {
			log.Error("mark unreachable", "err", e)
		}
		round.add(func(st *DispatchStats) { st.Failed++ })
	case Rejected:
		log.Error("slack rejected the message", "err", err)
		recErr = s.db.FailDelivery(rec, d.ID, s.worker, err.Error())
		round.add(func(st *DispatchStats) { st.Failed++ })
	case Fatal:
		log.Error("slack refused our credentials; dispatch stopped", "err", err)
		recErr = s.db.RetryDelivery(rec, d.ID, s.worker, now.Add(time.Minute), false, err.Error())
		round.add(func(st *DispatchStats) { st.Retried++ })
		round.mu.Lock()
		round.fatal = fmt.Errorf("scheduler: dispatch stopped: %w", err)
		round.mu.Unlock()
	default:
		// It may have gone out: never resend blindly. The lease decides.
		log.Warn("send outcome unknown; not resending", "err", err)
		recErr = s.db.NoteDelivery(rec, d.ID, s.worker, "outcome unknown: "+err.Error())
		round.add(func(st *DispatchStats) { st.Unknown++ })
	}
	if recErr != nil {
		log.Error("record outcome", "err", recErr)
	}
}

// send calls the Sender, turning a panic into an Unknown error.
func (s *Scheduler) send(ctx context.Context, d store.Delivery) (msg SentMessage, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("sender panicked: %v", r)
		}
	}()
	return s.sender.Send(ctx, d)
}

// recordSent writes the sent state, retrying a failed write a few times:
// the message exists, so losing the record would leave the row to the
// lease.
func (s *Scheduler) recordSent(ctx context.Context, d store.Delivery, msg SentMessage, at time.Time) error {
	var err error
	for i := 0; i < 3; i++ {
		if err = s.db.MarkDeliverySent(ctx, d.ID, s.worker, msg.Channel, msg.TS, at); err == nil || errors.Is(err, store.ErrConflict) {
			return err
		}
	}
	return err
}

func (s *Scheduler) retryBackoff(attempts int) time.Duration {
	d := s.cfg.RetryBackoff
	for i := 1; i < attempts && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// unreachable marks the person, flags the pairing for admins and tells the
// admins, once per person.
func (s *Scheduler) unreachable(ctx context.Context, d store.Delivery, code string) error {
	first, err := s.db.MarkUnreachable(ctx, d.RecipientSlack, code)
	if err != nil {
		return err
	}
	if d.PairingID != 0 {
		flagged, err := s.db.MarkAtRisk(ctx, d.PairingID, store.RiskUnreachable)
		if err != nil {
			return err
		}
		if flagged {
			s.programChanged(ctx)
		}
	}
	if first && s.alerter != nil {
		return s.alerter.RecipientUnreachable(ctx, d, code)
	}
	return nil
}

// recoverStale resolves rows left in sending past the lease: their sender
// died or could not record the outcome. With a Prober the outcome is
// looked up (found: sent; not found: back to pending); without one the row
// is failed, never resent blindly.
func (s *Scheduler) recoverStale(ctx context.Context) error {
	now := s.now()
	// Rows whose sender stopped before calling Slack go back to pending at
	// once: they were never posted. (A live sender still waiting its turn
	// then finds its claim gone in BeforePost and does not post.)
	if n, err := s.db.ReleaseUnposted(ctx, now.Add(-s.cfg.UnpostedLease)); err != nil {
		return err
	} else if n > 0 {
		s.log.Info("released claimed rows that never reached Slack", "rows", n)
	}
	stale, err := s.db.StaleDeliveries(ctx, now.Add(-s.cfg.Lease))
	if err != nil {
		return err
	}
	for _, d := range stale {
		claimedAt := ""
		if d.ClaimedAt != nil {
			claimedAt = d.ClaimedAt.UTC().Format(time.RFC3339)
		}
		log := s.log.With("delivery", d.ID, "kind", d.Kind, "claimed_by", d.ClaimedBy, "claimed_at", claimedAt)
		if s.prober == nil {
			log.Warn("lease expired with outcome unknown; marked failed, not resent")
			err = s.db.FailDelivery(ctx, d.ID, d.ClaimedBy, fmt.Sprintf("outcome unknown: claimed by %s at %s and never recorded; not resent", d.ClaimedBy, claimedAt))
		} else {
			msg, found, perr := s.prober.Probe(ctx, d)
			switch {
			case perr != nil:
				log.Warn("probe failed; will look again", "err", perr)
				continue
			case found:
				log.Info("lease expired; probe found the message")
				err = s.db.MarkDeliverySent(ctx, d.ID, d.ClaimedBy, msg.Channel, msg.TS, now)
			default:
				log.Info("lease expired; probe found no message, sending again")
				err = s.db.RetryDelivery(ctx, d.ID, d.ClaimedBy, now, false, "lease expired; no message found")
			}
		}
		if err != nil && !errors.Is(err, store.ErrConflict) {
			return err
		}
	}
	return nil
}
