package playground

import (
	"fmt"
	"time"

	"github.com/mentorbot/mentorbot/bot/playground/sim"
)

// While time travel runs, the page shows how far it got: the state carries
// a TravelProgress, and the page asks for the state every few hundred
// milliseconds until the travel answers.

// TravelProgress is a time travel under way.
type TravelProgress struct {
	To       string    `json:"to"`        // "checkin", "feedback" or "week"
	Now      time.Time `json:"now"`       // where the clock is
	NowLabel string    `json:"now_label"` // Now in the visitor's timezone
	Percent  int       `json:"percent"`   // 0 to 100
	Others   sim.Stats `json:"others"`    // what the colleagues did so far
	Label    string    `json:"label"`     // one line for the page
}

type travelProgress struct {
	running       bool
	kind          string
	from, to, now time.Time
	others        sim.Stats
}

func (s *Server) startProgress(kind string, from, to time.Time) {
	s.progMu.Lock()
	defer s.progMu.Unlock()
	s.prog = travelProgress{running: true, kind: kind, from: from, to: to, now: from}
}

func (s *Server) progressAt(now time.Time, others sim.Stats) {
	s.progMu.Lock()
	defer s.progMu.Unlock()
	s.prog.now, s.prog.others = now, others
}

func (s *Server) endProgress() {
	s.progMu.Lock()
	defer s.progMu.Unlock()
	s.prog = travelProgress{}
}

// progress is the travel under way as loc shows it; nil when none runs.
func (s *Server) progress(loc *time.Location) *TravelProgress {
	s.progMu.Lock()
	p := s.prog
	s.progMu.Unlock()
	if !p.running {
		return nil
	}
	tp := &TravelProgress{To: p.kind, Now: p.now, NowLabel: clockLabel(p.now, loc), Others: p.others}
	if span := p.to.Sub(p.from); span > 0 {
		tp.Percent = int(min(100, max(0, 100*p.now.Sub(p.from)/span)))
	}
	tp.Label = fmt.Sprintf("Travelling in time: %s (%d %%). So far your colleagues answered %s and gave %s.",
		tp.NowLabel, tp.Percent, plural(p.others.Answered, "check-in"), plural(p.others.Feedback, "piece of feedback"))
	return tp
}
