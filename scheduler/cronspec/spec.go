// Package cronspec reads the schedule settings (cron specs) on wall-clock
// time: slots per recipient zone, daylight-saving safe, thinned by cadence.
package cronspec

import (
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// specParser accepts 5 fields, 6 with leading seconds, and descriptors
// (@weekly, @every 1h, ...).
var specParser = cron.NewParser(cron.SecondOptional | cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// Spec is a parsed schedule setting such as MENTORBOT_CHECKIN_SCHEDULE.
//
// Slots are computed on wall-clock time: the cron fields are matched
// against the local date and time of a zone (the CRON_TZ= zone, or else each
// recipient's own), and a wall-clock slot W becomes the first instant at
// which that zone's clock reads W or later. So across daylight-saving
// changes a slot happens once: in the spring gap (02:30 on the day clocks
// jump from 02:00 to 03:00) it happens at the jump (03:00), and in the
// autumn's repeated hour it happens on the first pass only.
type Spec struct {
	setting string
	text    string
	// zone is the CRON_TZ= zone; nil means each recipient's own.
	zone *time.Location
	// sched matches wall-clock times expressed in UTC.
	sched cron.Schedule
	// every is set for @every: slots at wallEpoch + k*every.
	every time.Duration
}

// wallEpoch anchors @every schedules: a Monday at 00:00, so "@every 168h"
// means Mondays at midnight.
var wallEpoch = time.Date(1970, 1, 5, 0, 0, 0, 0, time.UTC)

// Parse parses a cron spec for the named setting. Errors name the
// setting and say what is wrong, for a one-line start-up failure.
func Parse(setting, text string) (*Spec, error) {
	fail := func(format string, args ...any) (*Spec, error) {
		return nil, fmt.Errorf("%s: "+format, append([]any{setting}, args...)...)
	}
	s := &Spec{setting: setting, text: text}
	rest := strings.TrimSpace(text)
	if rest == "" {
		return fail("empty cron spec")
	}
	for _, prefix := range []string{"CRON_TZ=", "TZ="} {
		if !strings.HasPrefix(rest, prefix) {
			continue
		}
		name, tail, _ := strings.Cut(rest[len(prefix):], " ")
		tail = strings.TrimSpace(tail)
		if name == "" {
			return fail("%s needs a time zone name, as in %s%s 0 10 * * MON", prefix, prefix, "Europe/Paris")
		}
		if tail == "" {
			return fail("%q has a time zone but no schedule", text)
		}
		loc, err := time.LoadLocation(name)
		if err != nil {
			return fail("unknown time zone %q in %s", name, prefix)
		}
		s.zone, rest = loc, tail
		break
	}
	if strings.HasPrefix(rest, "TZ=") || strings.HasPrefix(rest, "CRON_TZ=") {
		return fail("more than one time zone in %q", text)
	}
	if !strings.HasPrefix(rest, "@") {
		if n := len(strings.Fields(rest)); n != 5 && n != 6 {
			return fail("expected 5 or 6 fields (6 with leading seconds) or a descriptor such as @weekly, found %d in %q", n, text)
		}
	}
	sched, err := specParser.Parse(rest)
	if err != nil {
		return fail("%v in %q", err, text)
	}
	switch c := sched.(type) {
	case *cron.SpecSchedule:
		// Match fields against wall-clock times carried in UTC.
		cp := *c
		cp.Location = time.UTC
		s.sched = &cp
	case cron.ConstantDelaySchedule:
		s.every = c.Delay
	default:
		return fail("unsupported schedule %q", text)
	}
	if _, ok := s.nextWall(wallEpoch.AddDate(30, 0, 0)); !ok {
		return fail("%q never fires", text)
	}
	return s, nil
}

// String is the spec as configured.
func (s *Spec) String() string { return s.text }

// Zone is the CRON_TZ= zone, or nil when each recipient's zone applies.
func (s *Spec) Zone() *time.Location { return s.zone }

// SubMinute reports whether slots can fall off whole minutes (a seconds
// field, or @every with seconds), so the tick must run more often.
func (s *Spec) SubMinute() bool {
	if s.every > 0 {
		return s.every%time.Minute != 0
	}
	c := s.sched.(*cron.SpecSchedule)
	return c.Second != 1 // bit 0 only: second 0
}

// Location picks the zone slots are read in for a recipient.
func (s *Spec) Location(recipient *time.Location) *time.Location {
	if s.zone != nil {
		return s.zone
	}
	if recipient == nil {
		return time.UTC
	}
	return recipient
}

// nextWall is the first wall-clock slot strictly after w.
func (s *Spec) nextWall(w time.Time) (time.Time, bool) {
	if s.every > 0 {
		p, _ := s.prevWall(w)
		return p.Add(s.every), true
	}
	n := s.sched.Next(w)
	return n, !n.IsZero()
}

// lookBack are the windows prevWall searches, growing: most specs find
// their previous slot in the first window that can hold one.
var lookBack = []time.Duration{
	time.Minute, time.Hour, 25 * time.Hour, 8 * 24 * time.Hour, 32 * 24 * time.Hour,
	367 * 24 * time.Hour, 5 * 367 * 24 * time.Hour,
}

// prevWall is the latest wall-clock slot at or before w.
func (s *Spec) prevWall(w time.Time) (time.Time, bool) {
	w = w.Truncate(time.Second)
	if s.every > 0 {
		k := w.Sub(wallEpoch) / s.every
		p := wallEpoch.Add(k * s.every)
		for p.After(w) { // division truncates toward zero before the epoch
			p = p.Add(-s.every)
		}
		return p, true
	}
	for _, win := range lookBack {
		p, ok := s.nextWall(w.Add(-win))
		if !ok || p.After(w) {
			continue
		}
		for {
			n, ok := s.nextWall(p)
			if !ok || n.After(w) {
				return p, true
			}
			p = n
		}
	}
	return time.Time{}, false
}

// firstFrom is the first wall-clock slot at or after w.
func (s *Spec) firstFrom(w time.Time) (time.Time, bool) {
	return s.nextWall(w.Add(-time.Second))
}

// wallOf reads t on loc's clock and carries that reading in UTC.
func wallOf(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	y, mo, d := l.Date()
	h, mi, sec := l.Clock()
	return time.Date(y, mo, d, h, mi, sec, 0, time.UTC)
}

// reachedWall is the latest wall-clock reading loc's clock has shown up to
// now. It differs from now's reading only in the hour repeated when clocks
// go back, where the earlier, higher reading was already shown.
func reachedWall(now time.Time, loc *time.Location) time.Time {
	w := wallOf(now, loc)
	start, _ := now.In(loc).ZoneBounds()
	if !start.IsZero() {
		if before := wallOf(start.Add(-time.Second), loc); before.After(w) {
			w = before
		}
	}
	return w
}

// instantOf is the first instant at which loc's clock reads w or later:
// the reading itself, its first occurrence when clocks go back, or the
// moment of the jump when clocks go forward over it.
func instantOf(w time.Time, loc *time.Location) time.Time {
	y, mo, d := w.Date()
	h, mi, sec := w.Clock()
	guess := time.Date(y, mo, d, h, mi, sec, 0, loc)
	var best, jump time.Time
	for _, probe := range []time.Time{guess.Add(-36 * time.Hour), guess, guess.Add(36 * time.Hour)} {
		_, off := probe.Zone()
		c := w.Add(-time.Duration(off) * time.Second)
		cw := wallOf(c, loc)
		switch {
		case cw.Equal(w):
			if best.IsZero() || c.Before(best) {
				best = c
			}
		case cw.After(w):
			// Under this offset w would fall after a jump forward: the
			// zone period containing c starts at the jump.
			start, _ := c.In(loc).ZoneBounds()
			if !start.IsZero() && !wallOf(start, loc).Before(w) && wallOf(start.Add(-time.Second), loc).Before(w) {
				if jump.IsZero() || start.Before(jump) {
					jump = start
				}
			}
		}
	}
	switch {
	case !best.IsZero():
		return best.UTC()
	case !jump.IsZero():
		return jump.UTC()
	}
	return guess.UTC()
}

// Calendar helpers on wall-clock times carried in UTC.

func weekStart(w time.Time) time.Time {
	y, m, d := w.Date()
	back := (int(w.Weekday()) + 6) % 7 // days since Monday
	return time.Date(y, m, d-back, 0, 0, 0, 0, time.UTC)
}

func monthStart(w time.Time) time.Time {
	y, m, _ := w.Date()
	return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
}

// weekIndex numbers Monday-based weeks from wallEpoch.
func weekIndex(w time.Time) int64 {
	days := weekStart(w).Sub(wallEpoch) / (24 * time.Hour)
	if days < 0 {
		return -((-int64(days) + 6) / 7)
	}
	return int64(days) / 7
}

// Cadence thinning (see docs/scheduler.md):
//   - weekly keeps every slot;
//   - biweekly keeps the first slot of every second Monday-based week,
//     counted from the week the pairing started (its UTC date), so both
//     people of a pairing are asked in the same weeks;
//   - monthly keeps the first slot of each calendar month.
//
// Weeks and months are read on the wall clock the slot is read on.

// thinning says which slots a pairing keeps.
type thinning struct {
	cadence string
	// parity is the pairing's start week modulo 2 (biweekly only).
	parity int64
}

func thinningFor(cadence string, started time.Time) thinning {
	t := thinning{cadence: cadence}
	if cadence == "biweekly" {
		t.parity = mod2(weekIndex(started.UTC()))
	}
	return t
}

func mod2(n int64) int64 { return ((n % 2) + 2) % 2 }

// keeps reports whether the wall-clock slot w is kept.
func (s *Spec) keeps(w time.Time, th thinning) bool {
	switch th.cadence {
	case "biweekly":
		if mod2(weekIndex(w)) != th.parity {
			return false
		}
		f, ok := s.firstFrom(weekStart(w))
		return ok && f.Equal(w)
	case "monthly":
		f, ok := s.firstFrom(monthStart(w))
		return ok && f.Equal(w)
	}
	return true
}

// maxThinningSteps bounds the walk over weeks without slots.
const maxThinningSteps = 400

// latestKeptWall is the latest kept wall-clock slot at or before w.
func (s *Spec) latestKeptWall(w time.Time, th thinning) (time.Time, bool) {
	p, ok := s.prevWall(w)
	if !ok {
		return time.Time{}, false
	}
	switch th.cadence {
	case "biweekly":
		for i := 0; i < maxThinningSteps; i++ {
			ws := weekStart(p)
			if mod2(weekIndex(ws)) == th.parity {
				return s.firstFrom(ws)
			}
			// Odd week: the latest slot before it lies in an earlier week.
			if p, ok = s.prevWall(ws.Add(-time.Second)); !ok {
				return time.Time{}, false
			}
		}
		return time.Time{}, false
	case "monthly":
		return s.firstFrom(monthStart(p))
	}
	return p, true
}

// nextKeptWall is the first kept wall-clock slot strictly after w.
func (s *Spec) nextKeptWall(w time.Time, th thinning) (time.Time, bool) {
	n, ok := s.nextWall(w)
	for i := 0; ok && i < maxThinningSteps; i++ {
		if s.keeps(n, th) {
			return n, true
		}
		// Jump to the next period that can hold a kept slot.
		switch th.cadence {
		case "biweekly":
			n, ok = s.firstFrom(weekStart(n).AddDate(0, 0, 7))
		case "monthly":
			n, ok = s.firstFrom(monthStart(n).AddDate(0, 1, 0))
		default:
			n, ok = s.nextWall(n)
		}
	}
	return time.Time{}, false
}

// Latest is the most recent slot at or before now, read in loc (ignored
// under CRON_TZ=) and thinned to cadence for a pairing that started at
// started. ok is false if the schedule never fired.
func (s *Spec) Latest(now time.Time, loc *time.Location, cadence string, started time.Time) (slot time.Time, ok bool) {
	loc = s.Location(loc)
	w, ok := s.latestKeptWall(reachedWall(now, loc), thinningFor(cadence, started))
	if !ok {
		return time.Time{}, false
	}
	return instantOf(w, loc), true
}

// Next is the first slot strictly after after, read and thinned like
// Latest.
func (s *Spec) Next(after time.Time, loc *time.Location, cadence string, started time.Time) (slot time.Time, ok bool) {
	loc = s.Location(loc)
	w, ok := s.nextKeptWall(reachedWall(after, loc), thinningFor(cadence, started))
	if !ok {
		return time.Time{}, false
	}
	return instantOf(w, loc), true
}

// Before lists up to max kept slots strictly before slot (an instant that
// Latest returned) and strictly after floor, newest first. Slots that fall
// on the same instant (several in one spring gap) are listed once.
func (s *Spec) Before(slot, floor time.Time, loc *time.Location, cadence string, started time.Time, max int) []time.Time {
	loc = s.Location(loc)
	th := thinningFor(cadence, started)
	var out []time.Time
	w := wallOf(slot, loc)
	last := slot
	for len(out) < max {
		p, ok := s.latestKeptWall(w.Add(-time.Second), th)
		if !ok {
			break
		}
		t := instantOf(p, loc)
		if !t.After(floor) {
			break
		}
		if t.Before(last) {
			out = append(out, t)
			last = t
		}
		w = p
	}
	return out
}

// Parity is the start week modulo 2 that a biweekly pairing keeps (0 for
// other cadences): slots of pairings with the same parity coincide.
func Parity(cadence string, started time.Time) int64 { return thinningFor(cadence, started).parity }
