package scheduler

import (
	"context"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// Health rules (product.md, "Health").
const (
	// notMetInARow closed check-ins without Met put a pairing at risk.
	notMetInARow = 3
	// lowRating or less in feedback puts a pairing at risk.
	lowRating = 2
	// ignoredInARow slots of unanswered check-ins earn a pause offer.
	ignoredInARow = 3
)

// CheckHealth applies the health rules at now:
//   - a pairing where someone has 3 closed check-ins in a row without Met
//     (answered Not yet / Need help, or ignored: unanswered IgnoredAfter
//     after sending), where someone answered Need help, or that was rated
//     2 or less, is marked at risk (the first reason is kept);
//   - both people of every at-risk pairing get one rematch_offer (its
//     slot is the at-risk time, so the unique key makes it once);
//   - a person who ignored check-ins in 3 slots in a row gets one
//     pause_offer per streak (its slot is the streak's third slot).
func (s *Scheduler) CheckHealth(ctx context.Context, now time.Time) error {
	s.tickMu.Lock()
	defer s.tickMu.Unlock()
	return s.checkHealthLocked(ctx, now)
}

func (s *Scheduler) checkHealthLocked(ctx context.Context, now time.Time) error {
	ignoredBefore := now.Add(-s.cfg.IgnoredAfter)
	flags := []struct {
		reason string
		find   func() ([]int64, error)
	}{
		{store.RiskNeedHelp, func() ([]int64, error) { return s.db.PairingsAskingHelp(ctx) }},
		{store.RiskLowRating, func() ([]int64, error) { return s.db.PairingsRatedAtMost(ctx, lowRating) }},
		{store.RiskNotMeeting, func() ([]int64, error) { return s.db.PairingsNotMeeting(ctx, notMetInARow, ignoredBefore) }},
	}
	for _, f := range flags {
		ids, err := f.find()
		if err != nil {
			return err
		}
		for _, id := range ids {
			first, err := s.db.MarkAtRisk(ctx, id, f.reason)
			if err != nil {
				return err
			}
			if first {
				s.log.Info("pairing at risk", "pairing", id, "reason", f.reason)
			}
		}
	}
	atRisk, err := s.db.AtRiskPairings(ctx)
	if err != nil {
		return err
	}
	var rows []store.NewDelivery
	for _, p := range atRisk {
		for _, who := range []int64{p.MentorID, p.MenteeID} {
			rows = append(rows, store.NewDelivery{RecipientID: who, PairingID: p.PairingID, Kind: store.KindRematchOffer, Slot: p.AtRiskAt})
		}
	}
	streaks, err := s.db.IgnoreStreaks(ctx, ignoredInARow, ignoredBefore)
	if err != nil {
		return err
	}
	for _, st := range streaks {
		rows = append(rows, store.NewDelivery{RecipientID: st.ParticipantID, Kind: store.KindPauseOffer, Slot: st.Slot, NotBefore: now})
	}
	rows = s.unplanned(rows)
	if len(rows) == 0 {
		return nil
	}
	n, err := s.db.Enqueue(ctx, rows)
	if err != nil {
		return err
	}
	s.remember(rows)
	if n > 0 {
		s.log.Info("health offers planned", "count", n)
	}
	return nil
}

// unplanned drops rows this process already wrote (the insert would be a
// no-op anyway; this keeps each tick cheap).
func (s *Scheduler) unplanned(rows []store.NewDelivery) []store.NewDelivery {
	out := rows[:0]
	for _, r := range rows {
		key := store.DeliveryKey{RecipientID: r.RecipientID, PairingID: r.PairingID, Kind: r.Kind}
		if last, ok := s.planned[key]; ok && last.Equal(r.Slot) {
			continue
		}
		out = append(out, r)
	}
	return out
}

func (s *Scheduler) remember(rows []store.NewDelivery) {
	for _, r := range rows {
		s.planned[store.DeliveryKey{RecipientID: r.RecipientID, PairingID: r.PairingID, Kind: r.Kind}] = r.Slot
	}
}
