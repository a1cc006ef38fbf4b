package playground

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"time"

	"github.com/mentorbot/mentorbot/bot/playground/sim"
)

// Time travel moves the playground's clock forward and runs the
// scheduler at each stop, so the bot sends what it would have sent on
// those days, and the seeded colleagues (Simulation) answer as people do:
// a visitor sees weeks of a program in a minute.

// travelStep is the longest jump time travel makes between two runs of
// the scheduler, so reminders (due a couple of days after a check-in) go
// out on their day rather than being recorded as missed, and colleagues
// answer the same day rather than all at the end. Every stop costs a
// scheduler run, so not shorter: a week must take under 2 s.
const travelStep = 12 * time.Hour

// TravelResult says where the clock went and what the colleagues did.
type TravelResult struct {
	From    time.Time `json:"from"`
	To      time.Time `json:"to"`
	ToLabel string    `json:"to_label"` // To in the visitor's timezone, as the page's clock shows it
	Stops   int       `json:"stops"`    // scheduler runs made on the way
	Note    string    `json:"note"`
	Others  sim.Stats `json:"others"` // what the other seeded people did on the way
}

type travelRequest struct {
	To   string `json:"to"`   // "checkin", "feedback" or "week"
	User string `json:"user"` // who the visitor is: their slot, and the one person the simulation leaves alone
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
	if req.User != "" {
		if _, ok := s.person(req.User); !ok {
			writeError(w, http.StatusBadRequest, "unknown user")
			return
		}
	}
	res, err := s.travel(r.Context(), req.To, req.User)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// travel moves the clock: to user's next check-in or feedback slot (or,
// when user has no active pairing, the next one of anybody's), or one
// week on. On the way it stops at every slot and at least every
// travelStep.
func (s *Server) travel(ctx context.Context, to, user string) (TravelResult, error) {
	s.travelMu.Lock()
	defer s.travelMu.Unlock()
	s.waitRoundsSeed()
	res := TravelResult{From: s.clock.Now()}
	loc := s.location(user)
	var target time.Time
	switch to {
	case SlotCheckin, SlotFeedback:
		slot, mine, err := s.nextSlot(ctx, to, user, res.From)
		if err != nil {
			return res, err
		}
		if slot.IsZero() {
			res.To, res.ToLabel = res.From, clockLabel(res.From, loc)
			res.Note = "No active pairing yet, so no " + slotName(to) + " is coming: pair people first (/mentor match or /mentor pair)."
			return res, nil
		}
		target = slot
		switch {
		case mine:
			res.Note = fmt.Sprintf("Jumped to the next %s slot of %s (the person you are):", slotName(to), s.displayName(user))
		case user != "":
			res.Note = fmt.Sprintf("Jumped to the next %s slot of anyone in the program (%s has no active pairing):", slotName(to), s.displayName(user))
		default:
			res.Note = fmt.Sprintf("Jumped to the next %s slot:", slotName(to))
		}
	case "week":
		target = res.From.Add(7 * 24 * time.Hour)
		res.Note = "One week later:"
	default:
		return res, fmt.Errorf("unknown time travel %q: want checkin, feedback or week", to)
	}
	s.startProgress(to, res.From, target)
	defer s.endProgress()
	slots, err := s.slotsUntil(ctx, target)
	if err != nil {
		return res, err
	}
	for {
		next := s.nextStop(slots, target)
		if err := s.stopAt(ctx, next, user, &res); err != nil {
			return res, err
		}
		if !next.Before(target) {
			break
		}
	}
	res.To = s.clock.Now()
	res.ToLabel = clockLabel(res.To, loc)
	res.Note += " " + res.ToLabel + "."
	if s.sim != nil {
		res.Note += " " + othersNote(res.Others)
	}
	return res, nil
}

// nextSlot is user's next slot of kind, or anybody's when user has none
// (mine false); zero when there is no active pairing at all.
func (s *Server) nextSlot(ctx context.Context, kind, user string, after time.Time) (slot time.Time, mine bool, err error) {
	if user != "" {
		slot, ok, err := s.sched.NextSlot(ctx, kind, user, after)
		if err != nil || ok {
			return slot, ok, err
		}
	}
	slot, ok, err := s.sched.NextSlot(ctx, kind, "", after)
	if err != nil || !ok {
		return time.Time{}, false, err
	}
	return slot, false, nil
}

// slotsUntil lists every slot of anybody, of both kinds, from now to
// target, in order. Pairings do not start while time travels (nobody
// matches meanwhile), so the list made at the start holds; a pairing that
// ends on the way only leaves a stop with nothing to do.
func (s *Server) slotsUntil(ctx context.Context, target time.Time) ([]time.Time, error) {
	var out []time.Time
	for _, kind := range []string{SlotCheckin, SlotFeedback} {
		for after := s.clock.Now(); ; {
			slot, ok, err := s.sched.NextSlot(ctx, kind, "", after)
			if err != nil {
				return nil, err
			}
			if !ok || slot.After(target) {
				break
			}
			out = append(out, slot)
			after = slot
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out, nil
}

// slotWindow gathers slots into one stop: the slots of the next hour (the
// people of neighbouring timezones) go out together, at the last of them,
// so none goes early and none more than an hour late. Each stop costs a
// scheduler run and a turn of every colleague.
const slotWindow = time.Hour

// nextStop is the next place to stop before target: the nearest slots
// (see slotWindow), at most travelStep away, never past target.
func (s *Server) nextStop(slots []time.Time, target time.Time) time.Time {
	now := s.clock.Now()
	next := now.Add(travelStep)
	i := sort.Search(len(slots), func(i int) bool { return slots[i].After(now) })
	if i < len(slots) && slots[i].Before(next) {
		next = slots[i]
		for j := i + 1; j < len(slots) && slots[j].Sub(slots[i]) < slotWindow; j++ {
			next = slots[j]
		}
	}
	if target.Before(next) {
		next = target
	}
	return next
}

// stopAt sets the clock to t, runs the scheduler there and lets the
// colleagues act on what they got.
func (s *Server) stopAt(ctx context.Context, t time.Time, user string, res *TravelResult) error {
	s.clock.Set(t)
	res.Stops++
	if err := s.sched.RunDue(ctx); err != nil {
		return fmt.Errorf("running the scheduler at %s: %w", t.Format(time.RFC3339), err)
	}
	if s.sim != nil {
		st, err := s.sim.Step(ctx, s.clock.Now(), user)
		res.Others.Add(st)
		if err != nil {
			// One colleague's hiccup is not the visitor's problem.
			s.log.Warn("playground simulation", "err", err)
		}
	}
	s.progressAt(s.clock.Now(), res.Others)
	return nil
}

// othersNote says what the other seeded people did.
func othersNote(st sim.Stats) string {
	if st.Rounds > 0 {
		return othersCheckinsNote(st) + fmt.Sprintf(" They also answered %s.", plural(st.Rounds, "networking round “Did you meet?”"))
	}
	return othersCheckinsNote(st)
}

func othersCheckinsNote(st sim.Stats) string {
	return fmt.Sprintf("Meanwhile your colleagues answered %s (%d met, %d asked for help), gave %s and %s.",
		plural(st.Answered, "check-in"), st.Met, st.NeedHelp, plural(st.Feedback, "piece of feedback"), leftNote(st.Left))
}

func leftNote(n int) string {
	if n == 0 {
		return "nobody left the program"
	}
	return plural(n, "person") + " left the program"
}

func plural(n int, one string) string {
	switch {
	case n == 1:
		return "1 " + one
	case one == "person":
		return fmt.Sprintf("%d people", n)
	case one == "piece of feedback":
		return fmt.Sprintf("%d pieces of feedback", n)
	}
	return fmt.Sprintf("%d %ss", n, one)
}

func slotName(kind string) string {
	if kind == SlotFeedback {
		return "feedback"
	}
	return "check-in"
}

// location is user's timezone (UTC when unknown).
func (s *Server) location(user string) *time.Location {
	if u, ok := s.person(user); ok {
		if loc, err := time.LoadLocation(u.TZ); err == nil {
			return loc
		}
	}
	return time.UTC
}

func (s *Server) displayName(user string) string {
	if u, ok := s.person(user); ok && u.RealName != "" {
		return u.RealName
	}
	return "this person"
}

// clockLabel is how the page shows a time: in one zone, the visitor's.
func clockLabel(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("Mon 2 Jan 2006, 15:04") + " (" + loc.String() + ")"
}
