package playground

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// Time travel moves the playground's clock forward and runs the
// scheduler at each stop, so the bot sends what it would have sent on
// those days: a visitor sees weeks of a program in a minute.

// travelStep is the longest jump "one week later" makes between two runs
// of the scheduler, so reminders (due a couple of days after a check-in)
// go out on their day rather than being recorded as missed.
const travelStep = 6 * time.Hour

// TravelResult says where the clock went.
type TravelResult struct {
	From  time.Time `json:"from"`
	To    time.Time `json:"to"`
	Stops int       `json:"stops"` // scheduler runs made on the way
	Note  string    `json:"note"`
}

type travelRequest struct {
	To string `json:"to"` // "checkin", "feedback" or "week"
}

func (s *Server) handleTravel(w http.ResponseWriter, r *http.Request) {
	var req travelRequest
	if !readJSON(w, r, &req) {
		return
	}
	if s.sched == nil {
		writeError(w, http.StatusNotFound, "time travel is not available in this playground")
		return
	}
	res, err := s.travel(r.Context(), req.To)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// travel moves the clock: to the next check-in or feedback slot of any
// active pairing, or one week on with a stop at every slot and every
// travelStep in between.
func (s *Server) travel(ctx context.Context, to string) (TravelResult, error) {
	s.travelMu.Lock()
	defer s.travelMu.Unlock()
	res := TravelResult{From: s.clock.Now()}
	switch to {
	case SlotCheckin, SlotFeedback:
		slot, ok, err := s.sched.NextSlot(ctx, to, res.From)
		if err != nil {
			return res, err
		}
		if !ok {
			res.To = res.From
			res.Note = "No active pairing yet, so no " + slotName(to) + " is coming: pair people first (/mentor match or /mentor pair)."
			return res, nil
		}
		if err := s.stopAt(ctx, slot, &res); err != nil {
			return res, err
		}
		res.Note = fmt.Sprintf("Jumped to the next %s slot.", slotName(to))
	case "week":
		target := res.From.Add(7 * 24 * time.Hour)
		for {
			next := s.clock.Now().Add(travelStep)
			for _, kind := range []string{SlotCheckin, SlotFeedback} {
				if slot, ok, err := s.sched.NextSlot(ctx, kind, s.clock.Now()); err != nil {
					return res, err
				} else if ok && slot.Before(next) {
					next = slot
				}
			}
			if !next.Before(target) {
				break
			}
			if err := s.stopAt(ctx, next, &res); err != nil {
				return res, err
			}
		}
		if err := s.stopAt(ctx, target, &res); err != nil {
			return res, err
		}
		res.Note = "One week later."
	default:
		return res, fmt.Errorf("unknown time travel %q: want checkin, feedback or week", to)
	}
	res.To = s.clock.Now()
	return res, nil
}

// stopAt sets the clock to t and runs the scheduler there.
func (s *Server) stopAt(ctx context.Context, t time.Time, res *TravelResult) error {
	s.clock.Set(t)
	res.Stops++
	if err := s.sched.RunDue(ctx); err != nil {
		return fmt.Errorf("running the scheduler at %s: %w", t.Format(time.RFC3339), err)
	}
	return nil
}

func slotName(kind string) string {
	if kind == SlotFeedback {
		return "feedback"
	}
	return "check-in"
}
