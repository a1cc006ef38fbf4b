package sim

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/mentorbot/mentorbot/bot/playground/wire"
	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// Goals and the fit pulse (issue 15): seeded mentees set goals from their
// introduction, answer the month's goal question in their check-in, and
// everyone answers the fit pulse, all decided by the seed like check-ins.

// Buttons of goals and the fit pulse, as the bot names them.
const (
	fitGood      = "fit_good"
	fitNotSure   = "fit_not_sure"
	fitNotAFit   = "fit_not_a_fit"
	goalsSet     = "goals_set"
	goalProgress = "goal_progressing" // stands for the three progress buttons
)

// Action kinds of goals and the fit pulse.
const (
	simFit      = "fit"
	simGoal     = "goal"
	simSetGoals = "set_goals"
)

// goalIdeas are the goals seeded mentees write, picked by the seed.
var goalIdeas = []string{
	"Lead a design review on my own.",
	"Give a talk at the engineering all-hands.",
	"Ship one feature end to end, from spec to release.",
	"Get comfortable estimating my own work.",
	"Write a proposal that gets accepted.",
	"Mentor a newcomer in my team.",
}

// fit decides person's answer to the fit pulse about partner: by the
// pairing's health.
func (d decider) fit(person, partner string) string {
	u := d.unit("fit", person, partner)
	switch d.health(person, partner) {
	case thriving:
		if u < 0.9 {
			return fitGood
		}
		return fitNotSure
	case okay:
		if u < 0.5 {
			return fitGood
		}
		return fitNotSure
	}
	if u < 0.6 {
		return fitNotAFit
	}
	return fitNotSure
}

// goal decides the mentee's progress on a goal in their n-th monthly
// question: goals move forward with time.
func (d decider) goal(person, goalID string, n int) string {
	u := d.unit("goal", person, goalID) + 0.35*float64(n-1)
	switch {
	case u < 0.45:
		return "goal_not_started"
	case u < 1.1:
		return "goal_progressing"
	}
	return "goal_done"
}

// goals decides whether a mentee sets goals, and which (up to 3).
func (d decider) goals(person string) []string {
	if d.unit("sets-goals", person) >= 0.8 {
		return nil
	}
	n := 1 + int(d.unit("goal-count", person)*3)
	start := int(d.unit("goal-pick", person) * float64(len(goalIdeas)))
	var out []string
	for i := range n {
		out = append(out, goalIdeas[(start+i)%len(goalIdeas)])
	}
	return out
}

// menteeOf reads the mentee of an introduction's text.
var menteeOf = regexp.MustCompile(`<@([A-Z0-9]+)> \(mentee\)`)

// goalButtons lists the goal ids a check-in asks about.
func goalButtons(m slackfake.Message) []string {
	bls, err := wire.DecodeBlocks(m.Blocks)
	if err != nil {
		return nil
	}
	var out []string
	for _, bl := range bls {
		for _, el := range bl.List("elements") {
			if el.Str("action_id") == goalProgress {
				out = append(out, el.Str("value"))
			}
		}
	}
	return out
}

// observeGoals plans what person does about goals and the fit pulse in
// what they received: r is a message of their DM. It reports whether r was
// a fit pulse (nothing more to do with it). Called with s.mu held.
func (s *Simulation) observeGoals(person string, r received) bool {
	if r.action == fitGood {
		// A one-click question: answered at the stop that shows it (a
		// message's ts carries microseconds past the stop's minute).
		s.plan(simAction{due: r.at.Truncate(time.Minute), kind: simFit, person: person, partner: r.partner, button: s.dec.fit(person, r.partner), value: r.value})
		return true
	}
	for _, g := range r.goals {
		pair := person + "|goal|" + g
		s.answers[pair]++
		s.plan(simAction{due: r.at.Add(90 * time.Minute), kind: simGoal, person: person, partner: r.partner,
			button: s.dec.goal(person, g, s.answers[pair]), value: g})
	}
	return false
}

// observeIntros plans a seeded mentee's goals when an introduction naming
// them arrives in a group DM.
func (s *Simulation) observeIntros(person string) {
	for _, c := range s.fake.ConversationsOf(person) {
		if c.Kind != slackfake.KindMPIM {
			continue
		}
		for _, m := range s.fake.Messages(c.ID) {
			mentee := menteeOf.FindStringSubmatch(m.Text)
			if mentee == nil || mentee[1] != person || !hasButton(m.Blocks, goalsSet, "") {
				continue
			}
			s.mu.Lock()
			key := person + "|intro|" + m.Channel + m.TS
			if !s.seen[key] {
				s.seen[key] = true
				if goals := s.dec.goals(person); goals != nil {
					s.plan(simAction{due: wire.TSTime(m.TS).Add(time.Hour), kind: simSetGoals, person: person, value: m.Channel + " " + m.TS, goals: goals})
				}
			}
			s.mu.Unlock()
		}
	}
}

// setGoals clicks Set our goals on the introduction and fills the form.
func (s *Simulation) setGoals(ctx context.Context, a simAction) (bool, error) {
	var where slackfake.Location
	if _, err := fmt.Sscan(a.value, &where.Channel, &where.TS); err != nil {
		return false, err
	}
	opened := map[string]bool{}
	for _, v := range s.fake.OpenViews(a.person) {
		opened[v.ID+v.Hash] = true
	}
	env, err := s.fake.ClickButton(ctx, a.person, where, goalsSet, "")
	if err != nil {
		return false, nil // the introduction was rewritten (someone left)
	}
	if _, err := env.WaitAck(ctx); err != nil {
		return false, err
	}
	var view slackfake.View
	if err := s.fake.Wait(ctx, func() bool {
		vs := s.fake.OpenViews(a.person)
		if len(vs) > 0 && !opened[vs[len(vs)-1].ID+vs[len(vs)-1].Hash] {
			view = vs[len(vs)-1]
			return true
		}
		return false
	}); err != nil {
		return false, fmt.Errorf("%s's goals form never opened: %w", a.person, err)
	}
	answers := map[string]string{}
	for i, g := range a.goals {
		answers["goal_"+strconv.Itoa(i+1)] = g
	}
	values, err := FormValues(view.Raw, answers)
	if err != nil {
		return false, err
	}
	before := s.fingerprint(a.person)
	if env, err = s.fake.SubmitView(ctx, a.person, view.ID, values); err != nil {
		return false, err
	}
	ack, err := env.WaitAck(ctx)
	if err != nil {
		return false, err
	}
	if errs := AckErrors(ack.Payload); len(errs) > 0 {
		_, _ = s.fake.CloseView(ctx, a.person, view.ID)
		return false, fmt.Errorf("%s's goals were refused: %v", a.person, errs)
	}
	return true, s.fake.Wait(ctx, func() bool { return s.fingerprint(a.person) != before })
}
