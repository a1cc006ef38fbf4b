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
//     2 or less, is marked at risk for admins (the first reason is kept);
//   - a rematch_offer goes only to the person whose own answer raised a
//     flag (their Need help, their low rating), and to both people when
//     the pairing is not meeting, a fact both saw. The partner of a
//     flagger receives exactly what they would have without the flag: the
//     admins' at-risk mark plays no part in what anyone is sent. Each
//     person gets at most one offer per pairing (its slot is their first
//     reason's time, so the unique key makes it once);
//   - a person who ignored check-ins in 3 slots in a row gets one
//     pause_offer per streak (its slot is the streak's third slot).
func (s *Scheduler) CheckHealth(ctx context.Context, now time.Time) error {
	s.tickMu.Lock()
	defer s.tickMu.Unlock()
	return s.checkHealthLocked(ctx, now)
}

func (s *Scheduler) checkHealthLocked(ctx context.Context, now time.Time) error {
	ignoredBefore := now.Add(-s.cfg.IgnoredAfter)
	markAs := func(reason string) func(int64) (bool, error) {
		return func(id int64) (bool, error) { return s.db.MarkAtRisk(ctx, id, reason) }
	}
	flags := []struct {
		reason string
		find   func() ([]int64, error)
		mark   func(id int64) (first bool, err error)
	}{
		{store.RiskNeedHelp, func() ([]int64, error) { return s.db.PairingsAskingHelp(ctx) }, markAs(store.RiskNeedHelp)},
		{store.RiskLowRating, func() ([]int64, error) { return s.db.PairingsRatedAtMost(ctx, lowRating) }, markAs(store.RiskLowRating)},
		// Not meeting is recorded apart from the admins' flag: it decides
		// both people's offers, whatever flag came first.
		{store.RiskNotMeeting, func() ([]int64, error) { return s.db.PairingsNotMeeting(ctx, notMetInARow, ignoredBefore) },
			func(id int64) (bool, error) { return s.db.MarkNotMeeting(ctx, id) }},
	}
	flagged := false
	for _, f := range flags {
		ids, err := f.find()
		if err != nil {
			return err
		}
		for _, id := range ids {
			first, err := f.mark(id)
			if err != nil {
				return err
			}
			if first {
				s.log.Info("pairing at risk", "pairing", id, "reason", f.reason)
				flagged = true
			}
		}
	}
	circlesFlagged, err := s.checkCircles(ctx, ignoredBefore)
	if err != nil {
		return err
	}
	if flagged || circlesFlagged {
		s.programChanged(ctx) // the admins' Needs attention grew
	}
	offers, err := s.db.RematchOffersDue(ctx)
	if err != nil {
		return err
	}
	var rows []store.NewDelivery
	for _, o := range offers {
		rows = append(rows, store.NewDelivery{RecipientID: o.RecipientID, PairingID: o.PairingID, Kind: store.KindRematchOffer, Slot: o.Slot})
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
