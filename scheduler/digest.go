package scheduler

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// SettingDigest names the admins' weekly digest schedule.
const SettingDigest = "MENTORBOT_DIGEST_SCHEDULE"

// DigestStore is what the digest job needs: its own outbox of one row per
// admin per slot (admins need not be participants, whom the check-in outbox
// addresses), with the check-in outbox's claims and leases.
type DigestStore interface {
	PlanDigests(ctx context.Context, admins []string, slot time.Time) (int, error)
	PendingDigests(ctx context.Context) ([]store.DigestRow, error)
	ClaimDigest(ctx context.Context, admin string, slot time.Time, worker string) (bool, error)
	MarkDigestPosting(ctx context.Context, admin string, slot time.Time, worker string) error
	SettleStaleDigests(ctx context.Context, unposted, dead time.Time) (released, failed int, err error)
	FinishDigest(ctx context.Context, admin string, slot time.Time, worker, state, channel, ts, why string) error
}

// DigestSender renders and sends one admin's digest (package bot/dashboard
// does); its errors are classified like Sender's. A DigestSender that is a
// PostMarker calls BeforePost right before its Slack call, after any
// rate-limit wait; for others the digest is marked posting before the call.
type DigestSender interface {
	SendDigest(ctx context.Context, admin string, slot time.Time) (SentMessage, error)
}

// Digest configures the weekly digest; a nil Spec disables it.
type Digest struct {
	Spec   *Spec
	Admins []string
	Store  DigestStore
	Sender DigestSender
}

// ParseDigestSpec parses MENTORBOT_DIGEST_SCHEDULE: a cron spec, or "off"
// (nil, no digest).
func ParseDigestSpec(text string) (*Spec, error) {
	if strings.EqualFold(strings.TrimSpace(text), "off") {
		return nil, nil
	}
	return ParseSpec(SettingDigest, text)
}

func (g Digest) enabled() bool {
	return g.Spec != nil && g.Store != nil && g.Sender != nil && len(g.Admins) > 0
}

// digests plans the latest digest slot for every admin, then sends what is
// pending, each row claimed first, exactly as check-ins are sent
// (docs/scheduler.md, "The admins' weekly digest"): restarts, retries and
// a second replica send each (admin, slot) once; a digest whose sender died
// before calling Slack is sent by whoever runs after UnpostedLease; one
// whose sender died during the call is never resent. Like check-ins, only
// the most recent slot is caught up after downtime, and only within
// CatchupGrace.
func (s *Scheduler) digests(ctx context.Context, now time.Time) error {
	g := s.cfg.Digest
	if !g.enabled() {
		return nil
	}
	released, failed, err := g.Store.SettleStaleDigests(ctx, now.Add(-s.cfg.UnpostedLease), now.Add(-s.cfg.Lease))
	if err != nil {
		return err
	}
	if released+failed > 0 {
		s.log.Warn("stale digest claims settled", "released", released, "failed_unknown", failed)
	}
	if slot, ok := g.Spec.Latest(now, time.UTC, "", time.Time{}); ok && now.Sub(slot) <= s.cfg.CatchupGrace {
		if _, err := g.Store.PlanDigests(ctx, g.Admins, slot); err != nil {
			return err
		}
	}
	rows, err := g.Store.PendingDigests(ctx)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if err := s.sendDigest(ctx, now, r); err != nil {
			return err
		}
	}
	return nil
}

func (s *Scheduler) sendDigest(ctx context.Context, now time.Time, r store.DigestRow) error {
	g := s.cfg.Digest
	ok, err := g.Store.ClaimDigest(ctx, r.AdminID, r.Slot, s.worker)
	if err != nil || !ok {
		return err // !ok: another worker has it
	}
	finish := func(state, channel, ts, why string) error {
		return g.Store.FinishDigest(ctx, r.AdminID, r.Slot, s.worker, state, channel, ts, why)
	}
	if now.Sub(r.Slot) > s.cfg.CatchupGrace {
		return finish(store.DigestFailed, "", "", "missed: too late to send")
	}
	// As for check-ins: a send in flight finishes even at shutdown, and
	// "posting" is recorded right before the Slack call.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.SendTimeout)
	sctx, err = markBeforePost(sctx, g.Sender, func(ctx context.Context) error {
		return g.Store.MarkDigestPosting(context.WithoutCancel(ctx), r.AdminID, r.Slot, s.worker)
	})
	if err != nil {
		cancel()
		s.log.Warn("digest claim lost before sending", "admin", r.AdminID, "err", err)
		return nil
	}
	msg, err := g.Sender.SendDigest(sctx, r.AdminID, r.Slot)
	cancel()
	ctx = context.WithoutCancel(ctx) // the outcome is recorded whatever happens
	if err == nil {
		return finish(store.DigestSent, msg.Channel, msg.TS, "")
	}
	se := ClassOf(err)
	s.log.Warn("digest not sent", "admin", r.AdminID, "class", se.Class.String(), "code", se.Code)
	switch {
	case (se.Class == Transient || se.Class == RateLimited) && r.Attempts+1 < s.cfg.MaxAttempts:
		return finish(store.DigestPending, "", "", fmt.Sprintf("%s %s", se.Class, se.Code))
	case se.Class == Fatal:
		// Our tokens are broken: leave it for the next tick.
		return finish(store.DigestPending, "", "", "fatal "+se.Code)
	}
	// Unknown: it may have gone out, so it is never sent again.
	return finish(store.DigestFailed, "", "", fmt.Sprintf("%s %s", se.Class, se.Code))
}
