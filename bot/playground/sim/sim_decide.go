package sim

import (
	"hash/fnv"
	"math"
	"strconv"
	"time"
)

// What the seeded colleagues decide is a pure function of the seed and of
// who, about whom and which check-in (its rank among the person's
// check-ins about that partner): never of the clock, of database IDs or of
// the order the simulation happens to see things in. The same seed gives
// the same answers, however fast the machine.

// DefaultSeed is the playground's fixed seed.
const DefaultSeed = 2026

// Check-in answers, as the bot's buttons name them.
const (
	answerMet      = "checkin_met"
	answerNotYet   = "checkin_not_yet"
	answerNeedHelp = "checkin_need_help"
)

// pairHealth is how a pairing is going: it sets how often its two people
// meet, answer, ask for help and how they rate it.
type pairHealth int

const (
	thriving pairHealth = iota
	okay
	struggling
)

// healthOdds are the chances per check-in, by pairHealth: the pair met
// since the last one; a person answers at all; one who did not meet asks
// for help rather than saying "not yet".
var healthOdds = [...]struct{ met, answers, help float64 }{
	thriving:   {met: 0.74, answers: 0.88, help: 0.03},
	okay:       {met: 0.52, answers: 0.76, help: 0.08},
	struggling: {met: 0.22, answers: 0.62, help: 0.25},
}

// ratingOdds are the cumulative chances of a rating 5, 4, 3, 2 (else 1),
// by pairHealth.
var ratingOdds = [...][4]float64{
	thriving:   {0.50, 0.90, 1.00, 1.00},
	okay:       {0.15, 0.60, 0.90, 1.00},
	struggling: {0.00, 0.15, 0.50, 0.85},
}

// decider makes the colleagues' choices from one seed.
type decider struct{ seed uint64 }

// unit is a number in [0, 1) fixed by the seed and the parts.
func (d decider) unit(parts ...string) float64 {
	h := fnv.New64a()
	var b [8]byte
	for i := range b {
		b[i] = byte(d.seed >> (8 * i))
	}
	h.Write(b[:])
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	// splitmix64's finaliser spreads FNV's weak low bits.
	x := h.Sum64()
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return float64(x>>11) / (1 << 53)
}

// health of the pairing of a and b (the same whichever asks).
func (d decider) health(a, b string) pairHealth {
	if b < a {
		a, b = b, a
	}
	switch u := d.unit("health", a, b); {
	case u < 0.68:
		return thriving
	case u < 0.90:
		return okay
	default:
		return struggling
	}
}

// checkinChoice is what a person does with one check-in: which button
// (empty: they never answer) and how long after it arrived.
type checkinChoice struct {
	Action string
	After  time.Duration
}

// checkin decides person's n-th check-in (from 1) about partner. Both of a
// pair see the same truth: whether they met in that slot. Who answers and
// whether a pair met follow a low-discrepancy sequence over n (a random
// start, then steps of the golden ratio), so each pair's share of meetings
// stays close to its odds even over a few weeks, without a visible pattern.
func (d decider) checkin(person, partner string, n int) checkinChoice {
	odds := healthOdds[d.health(person, partner)]
	a, b := person, partner
	if b < a {
		a, b = b, a
	}
	rank := strconv.Itoa(n)
	if spread(d.unit("answers", person, partner), n) >= odds.answers {
		return checkinChoice{}
	}
	c := checkinChoice{Action: answerNotYet}
	switch {
	case spread(d.unit("met", a, b), n) < odds.met:
		c.Action = answerMet
	case d.unit("help", person, partner, rank) < odds.help:
		c.Action = answerNeedHelp
	}
	// Most answer within hours, some the next day, one in eight only
	// after the reminder.
	u := d.unit("delay", person, partner, rank)
	switch {
	case u < 0.55:
		c.After = time.Duration(u / 0.55 * 4 * float64(time.Hour))
	case u < 0.875:
		c.After = 4*time.Hour + time.Duration((u-0.55)/0.325*22*float64(time.Hour))
	default:
		c.After = 50*time.Hour + time.Duration((u-0.875)/0.125*10*float64(time.Hour))
	}
	return c.rounded()
}

// spread is the n-th term of the golden-ratio sequence that starts at
// start: evenly spread over [0, 1) for any run of n.
func spread(start float64, n int) float64 {
	const phi = 0.6180339887498949
	_, f := math.Modf(start + float64(n)*phi)
	return f
}

func (c checkinChoice) rounded() checkinChoice {
	c.After = c.After.Round(time.Minute)
	return c
}

// feedbackChoice is whether person gives feedback on partner, after which
// of their answered check-ins, how long after it, and the rating.
type feedbackChoice struct {
	Give        bool
	AfterAnswer int
	After       time.Duration
	Rating      int
}

// feedback decides person's feedback on their pairing with partner:
// about half give it, after their first or second answer.
func (d decider) feedback(person, partner string) feedbackChoice {
	if d.unit("feedback", person, partner) >= 0.55 {
		return feedbackChoice{}
	}
	c := feedbackChoice{Give: true, AfterAnswer: 1}
	if d.unit("feedback-when", person, partner) < 0.5 {
		c.AfterAnswer = 2
	}
	c.After = (2*time.Hour + time.Duration(d.unit("feedback-delay", person, partner)*18*float64(time.Hour))).Round(time.Minute)
	c.Rating = d.rating(d.health(person, partner), d.unit("rating", person, partner))
	return c
}

func (d decider) rating(h pairHealth, u float64) int {
	for i, p := range ratingOdds[h] {
		if u < p {
			return 5 - i
		}
	}
	return 1
}

// promptFeedback decides whether person answers a feedback prompt (the
// n-th about partner) that the bot sent.
func (d decider) promptFeedback(person, partner string, n int) bool {
	return d.unit("prompt", person, partner, strconv.Itoa(n)) < 0.5
}

// leavers picks who leaves the program from candidates (crowd members):
// the first after a week in their pairing, the second after two.
func (d decider) leavers(candidates []string) map[string]time.Duration {
	out := map[string]time.Duration{}
	best := [2]struct {
		id string
		u  float64
	}{{"", math.Inf(1)}, {"", math.Inf(1)}}
	for _, id := range candidates {
		u := d.unit("leave", id)
		switch {
		case u < best[0].u:
			best[1], best[0] = best[0], best[1]
			best[0].id, best[0].u = id, u
		case u < best[1].u:
			best[1].id, best[1].u = id, u
		}
	}
	for i, b := range best {
		if b.id != "" {
			out[b.id] = time.Duration(8+7*i) * 24 * time.Hour
		}
	}
	return out
}

// The renewal ask's buttons (bot/lifecycle).
const (
	renewContinue = "renewal_continue"
	renewWrapUp   = "renewal_wrap_up"
)

// renewal decides person's answer to the renewal ask about partner: people
// in a thriving pairing mostly continue, the others mostly wrap up, so
// time travel shows both an extension and a close.
func (d decider) renewal(person, partner string) string {
	odds := map[pairHealth]float64{thriving: 0.85, okay: 0.4, struggling: 0.1}[d.health(person, partner)]
	if d.unit("renewal", person, partner) < odds {
		return renewContinue
	}
	return renewWrapUp
}

// Networking rounds' answers, as the bot's buttons name them.
const (
	roundsMet    = "rounds_met"
	roundsNotYet = "rounds_not_yet"
)

// roundAnswer decides a person's answer to a networking round's "Did you
// meet?" (ask is its button's value): most answer, most of those met.
func (d decider) roundAnswer(person, ask string) (checkinChoice, bool) {
	if d.unit("round-answers", person, ask) >= 0.8 {
		return checkinChoice{}, false
	}
	c := checkinChoice{Action: roundsNotYet, After: time.Duration(1+int(d.unit("round-after", person, ask)*8)) * time.Hour}
	if d.unit("round-met", person, ask) < 0.65 {
		c.Action = roundsMet
	}
	return c, true
}
