// Package sim makes the playground's seeded colleagues live their program
// while time travel moves the clock: they read their DMs and, as a seed
// decides, answer check-ins, give feedback or leave, only through the fake
// Slack (package slackfake), as people do.
package sim

import (
	"context"
	"errors"
	"regexp"
	"sort"
	"sync"
	"time"

	"github.com/mentorbot/mentorbot/bot/playground/wire"
	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// Simulation makes the seeded colleagues live their program while time
// travel moves the clock: at every stop each of them (except the person the
// visitor is) reads their DMs and, as decided by the seed (sim_decide.go),
// answers check-ins, gives feedback or leaves. They act only as a person
// does, through the fake Slack (button clicks, slash commands, modal
// submissions): the bot gets the same Socket Mode payloads and cannot tell
// them from the visitor.
type Simulation struct {
	fake   *slackfake.Server
	dec    decider
	people map[string]Colleague
	order  []string          // people by ID, in People order
	byName map[string]string // display name → ID, to read who a message is about
	leave  map[string]time.Duration

	mu      sync.Mutex
	seen    map[string]bool     // person|button value already decided
	ranks   map[string][]string // person|partner → check-in IDs, in the order they came
	prompts map[string]int      // person|partner → feedback prompts seen
	answers map[string]int      // person|partner → answers planned
	leaving map[string]bool     // leaves planned
	read    map[string]string   // person → ts of the newest DM message read
	queue   []simAction
}

// Stats counts what the colleagues did.
type Stats struct {
	Answered int `json:"answered"`
	Met      int `json:"met"`
	NeedHelp int `json:"need_help"`
	Feedback int `json:"feedback"`
	Left     int `json:"left"`
	// Rounds counts answers to networking rounds' "Did you meet?".
	Rounds int `json:"rounds"`
	Fit    int `json:"fit"`   // fit pulses answered
	Goals  int `json:"goals"` // goals set and progress answers
}

// Add adds b to a.
func (a *Stats) Add(b Stats) {
	a.Answered += b.Answered
	a.Met += b.Met
	a.NeedHelp += b.NeedHelp
	a.Feedback += b.Feedback
	a.Left += b.Left
	a.Rounds += b.Rounds
	a.Fit += b.Fit
	a.Goals += b.Goals
}

// Action kinds.
const (
	simAnswer   = "answer"
	simFeedback = "feedback"
	simLeave    = "leave"
	// simRenew answers a renewal ask (Continue another term / Wrap up).
	simRenew = "renew"
)

// simAction is something a colleague will do at due.
type simAction struct {
	due             time.Time
	kind            string
	person, partner string
	button, value   string // answer: the button and its check-in ID; feedback: a prompt's delivery ID, if any
	rating          int
	goals           []string // set_goals: the goals to write
}

// Colleague is a seeded person the simulation plays.
type Colleague struct {
	ID, Name string
	// MayLeave marks the crowd, who fill the departments: only they may
	// leave the program.
	MayLeave bool
}

// New returns the simulation of people on fake, deciding with seed.
func New(fake *slackfake.Server, people []Colleague, seed uint64) *Simulation {
	s := &Simulation{fake: fake, dec: decider{seed: seed}, people: map[string]Colleague{}, byName: map[string]string{},
		seen: map[string]bool{}, ranks: map[string][]string{}, prompts: map[string]int{}, answers: map[string]int{},
		leaving: map[string]bool{}, read: map[string]string{}}
	var candidates []string
	for _, p := range people {
		s.people[p.ID] = p
		s.order = append(s.order, p.ID)
		s.byName[p.Name] = p.ID
		if p.MayLeave {
			candidates = append(candidates, p.ID)
		}
	}
	s.leave = s.dec.leavers(candidates)
	return s
}

// Step lets everyone but except act on what they received up to now: it
// reads their DMs, plans what they will do, and does what is due, waiting
// until the bot has handled each action.
func (s *Simulation) Step(ctx context.Context, now time.Time, except string) (Stats, error) {
	for _, id := range s.order {
		if id != except {
			s.observe(id)
		}
	}
	due := s.takeDue(now, except)
	return s.run(ctx, due)
}

// Planned reports the actions waiting, for tests.
func (s *Simulation) Planned() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// received is a button a person got: a check-in's or a feedback prompt's.
type received struct {
	at              time.Time
	action, value   string
	partner         string
	channel, ts     string
	feedbackPrompts bool
	goals           []string // a check-in's goal question: the goal ids
}

// boldName is the first *bold* run of a message: who it is about.
var boldName = regexp.MustCompile(`\*([^*\n]+)\*`)

// inbox lists the check-in and feedback buttons in person's DM that
// arrived since it last looked, oldest first. (A button only ever comes
// with a new message.)
func (s *Simulation) inbox(person string) []received {
	var out []received
	s.mu.Lock()
	last := s.read[person]
	s.mu.Unlock()
	newest := last
	for _, c := range s.fake.ConversationsOf(person) {
		if c.Kind != slackfake.KindIM {
			continue
		}
		for _, m := range s.fake.Messages(c.ID) {
			if last != "" && !wire.TSLess(last, m.TS) {
				continue
			}
			if newest == "" || wire.TSLess(newest, m.TS) {
				newest = m.TS
			}
			action, value := messageButton(m)
			if action == "" {
				continue
			}
			if action == roundsMet { // a networking round's ask names no partner
				out = append(out, received{at: wire.TSTime(m.TS), action: action, value: value, channel: m.Channel, ts: m.TS})
				continue
			}
			name := boldName.FindStringSubmatch(m.Text)
			if name == nil {
				continue
			}
			partner := s.byName[wire.DecodeEntities(name[1])]
			if partner == "" {
				continue
			}
			out = append(out, received{at: wire.TSTime(m.TS), action: action, value: value, partner: partner,
				channel: m.Channel, ts: m.TS, feedbackPrompts: action == "feedback_open", goals: goalButtons(m)})
		}
	}
	s.mu.Lock()
	s.read[person] = newest
	s.mu.Unlock()
	return out
}

// messageButton finds a check-in's or feedback prompt's button in m:
// checkin_met (standing for the three) or feedback_open, and its value.
func messageButton(m slackfake.Message) (action, value string) {
	bls, err := wire.DecodeBlocks(m.Blocks)
	if err != nil {
		return "", ""
	}
	for _, bl := range bls {
		for _, el := range bl.List("elements") {
			switch id := el.Str("action_id"); id {
			case answerMet, "feedback_open", renewContinue, roundsMet, fitGood:
				return id, el.Str("value")
			}
		}
	}
	return "", ""
}

// observe plans person's reactions to buttons not seen before.
func (s *Simulation) observe(person string) {
	s.observeIntros(person)
	got := s.inbox(person)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range got {
		key := person + "|" + r.action + "|" + r.value
		if s.seen[key] {
			continue
		}
		s.seen[key] = true
		if r.action == roundsMet {
			if a, ok := s.dec.roundAnswer(person, r.value); ok {
				s.plan(simAction{due: r.at.Add(a.After), kind: simAnswer, person: person, button: a.Action, value: r.value})
			}
			continue
		}
		pair := person + "|" + r.partner
		if r.feedbackPrompts {
			s.prompts[pair]++
			if s.dec.promptFeedback(person, r.partner, s.prompts[pair]) {
				c := s.dec.feedback(person, r.partner)
				rating := c.Rating
				if !c.Give {
					rating = s.dec.rating(s.dec.health(person, r.partner), s.dec.unit("prompt-rating", person, r.partner))
				}
				s.plan(simAction{due: r.at.Add(3 * time.Hour), kind: simFeedback, person: person, partner: r.partner, value: r.value, rating: rating})
			}
			continue
		}
		if r.action == renewContinue {
			s.plan(simAction{due: r.at.Add(5 * time.Hour), kind: simRenew, person: person, partner: r.partner,
				button: s.dec.renewal(person, r.partner), value: r.value})
			continue
		}
		if s.observeGoals(person, r) {
			continue
		}
		s.ranks[pair] = append(s.ranks[pair], r.value)
		if after, ok := s.leave[person]; ok && !s.leaving[person] {
			s.leaving[person] = true
			s.plan(simAction{due: r.at.Add(after), kind: simLeave, person: person})
		}
		c := s.dec.checkin(person, r.partner, len(s.ranks[pair]))
		if c.Action == "" {
			continue
		}
		due := r.at.Add(c.After)
		s.plan(simAction{due: due, kind: simAnswer, person: person, partner: r.partner, button: c.Action, value: r.value})
		s.answers[pair]++
		if fb := s.dec.feedback(person, r.partner); fb.Give && fb.AfterAnswer == s.answers[pair] {
			s.plan(simAction{due: due.Add(fb.After), kind: simFeedback, person: person, partner: r.partner, rating: fb.Rating})
		}
	}
}

func (s *Simulation) plan(a simAction) { s.queue = append(s.queue, a) }

// takeDue removes and returns the actions due by now, oldest first. An
// action of except waits: the visitor is that person now.
func (s *Simulation) takeDue(now time.Time, except string) []simAction {
	s.mu.Lock()
	defer s.mu.Unlock()
	var due, rest []simAction
	for _, a := range s.queue {
		if !a.due.After(now) && a.person != except {
			due = append(due, a)
		} else {
			rest = append(rest, a)
		}
	}
	s.queue = rest
	sort.SliceStable(due, func(i, j int) bool { return due[i].due.Before(due[j].due) })
	return due
}

// simWorkers is how many people act at once; one person acts one thing at
// a time, in order.
const simWorkers = 6

// run does the actions, each person's in order, several people at once.
func (s *Simulation) run(ctx context.Context, due []simAction) (Stats, error) {
	var total Stats
	if len(due) == 0 {
		return total, nil
	}
	byPerson := map[string][]simAction{}
	var order []string
	for _, a := range due {
		if _, ok := byPerson[a.person]; !ok {
			order = append(order, a.person)
		}
		byPerson[a.person] = append(byPerson[a.person], a)
	}
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
		sem  = make(chan struct{}, simWorkers)
	)
	for _, person := range order {
		wg.Add(1)
		sem <- struct{}{}
		go func(actions []simAction) {
			defer wg.Done()
			defer func() { <-sem }()
			for _, a := range actions {
				st, err := s.act(ctx, a)
				mu.Lock()
				total.Add(st)
				if err != nil {
					errs = append(errs, err)
				}
				mu.Unlock()
				if a.kind == simLeave && err == nil {
					s.forget(a.person)
					return
				}
			}
		}(byPerson[person])
	}
	wg.Wait()
	return total, errors.Join(errs...)
}

// forget drops a person who left: nothing more is planned for them.
func (s *Simulation) forget(person string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rest := s.queue[:0]
	for _, a := range s.queue {
		if a.person != person {
			rest = append(rest, a)
		}
	}
	s.queue = rest
	for i, id := range s.order {
		if id == person {
			s.order = append(s.order[:i:i], s.order[i+1:]...)
			break
		}
	}
}
