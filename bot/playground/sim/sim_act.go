package sim

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/bot/playground/wire"
	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// How a colleague acts: through the fake Slack only, as a person clicks
// and types, then waiting until the bot has answered (its answer is the
// sign that it stored what the person did, so the next scheduler run sees
// it).

// simTimeout bounds one action: the bot answers in milliseconds; this is
// for a bot that never does.
const simTimeout = 10 * time.Second

// act does one action and says what it did (nothing, when the button is
// gone: the visitor answered as this person, or the pairing ended).
func (s *Simulation) act(ctx context.Context, a simAction) (Stats, error) {
	ctx, cancel := context.WithTimeout(ctx, simTimeout)
	defer cancel()
	var st Stats
	switch a.kind {
	case simAnswer:
		ok, err := s.clickIn(ctx, a.person, a.button, a.value)
		if !ok || err != nil {
			return st, err
		}
		if a.button == roundsMet || a.button == roundsNotYet {
			st.Rounds = 1
			return st, nil
		}
		st.Answered = 1
		switch a.button {
		case answerMet:
			st.Met = 1
		case answerNeedHelp:
			st.NeedHelp = 1
		}
	case simFeedback:
		ok, err := s.giveFeedback(ctx, a)
		if !ok || err != nil {
			return st, err
		}
		st.Feedback = 1
	case simRenew:
		if _, err := s.clickIn(ctx, a.person, a.button, a.value); err != nil {
			return st, err
		}
	case simFit, simGoal:
		ok, err := s.clickIn(ctx, a.person, a.button, a.value)
		if !ok || err != nil {
			return st, err
		}
		if a.kind == simFit {
			st.Fit = 1
		} else {
			st.Goals = 1
		}
	case simSetGoals:
		ok, err := s.setGoals(ctx, a)
		if !ok || err != nil {
			return st, err
		}
		st.Goals = 1
	case simLeave:
		ok, err := s.leaveProgram(ctx, a.person)
		if !ok || err != nil {
			return st, err
		}
		st.Left = 1
	}
	return st, nil
}

// fingerprint is what person sees of the bot: a change means the bot
// answered them.
func (s *Simulation) fingerprint(person string) string {
	var b strings.Builder
	for _, c := range s.fake.ConversationsOf(person) {
		if c.Kind != slackfake.KindIM {
			continue
		}
		for _, m := range s.fake.Messages(c.ID) {
			fmt.Fprintf(&b, "%s:%d:%t;", m.TS, len(m.Text)+len(m.Blocks), m.Updated)
		}
	}
	for _, m := range s.fake.Ephemerals(person) {
		fmt.Fprintf(&b, "e%s:%d;", m.TS, len(m.Text)+len(m.Blocks))
	}
	return b.String()
}

// waitAnswered waits for the envelope's ack and then for the bot to change
// what person sees.
func (s *Simulation) waitAnswered(ctx context.Context, person, before string, env *slackfake.Envelope) error {
	if env == nil {
		return nil
	}
	if _, err := env.WaitAck(ctx); err != nil {
		return err
	}
	return s.fake.Wait(ctx, func() bool { return s.fingerprint(person) != before })
}

// clickIn clicks the newest button action with value in person's DM;
// false when there is none any more.
func (s *Simulation) clickIn(ctx context.Context, person, action, value string) (bool, error) {
	var where slackfake.Location
	for _, c := range s.fake.ConversationsOf(person) {
		if c.Kind != slackfake.KindIM {
			continue
		}
		for _, m := range s.fake.Messages(c.ID) {
			if hasButton(m.Blocks, action, value) {
				where = slackfake.Location{Channel: m.Channel, TS: m.TS}
			}
		}
	}
	if where.TS == "" {
		return false, nil
	}
	before := s.fingerprint(person)
	env, err := s.fake.ClickButton(ctx, person, where, action, value)
	if err != nil {
		return false, fmt.Errorf("%s clicking %s: %w", person, action, err)
	}
	return true, s.waitAnswered(ctx, person, before, env)
}

func hasButton(raw []byte, action, value string) bool {
	bls, err := wire.DecodeBlocks(raw)
	if err != nil {
		return false
	}
	for _, bl := range bls {
		for _, el := range bl.List("elements") {
			if el.Str("action_id") == action && (value == "" || el.Str("value") == value) {
				return true
			}
		}
	}
	return false
}

// feedbackWords are what people write in the feedback form, by rating.
var feedbackWords = map[int]string{
	5: "We set clear goals and meet every week.",
	4: "Good conversations; I leave each one with something to try.",
	3: "Useful, but we keep rescheduling.",
	2: "We have not found a rhythm yet.",
	1: "We do not seem to be a good fit.",
}

// giveFeedback opens the feedback form (from the bot's prompt, or with
// /mentor feedback) and sends it.
func (s *Simulation) giveFeedback(ctx context.Context, a simAction) (bool, error) {
	opened := map[string]bool{}
	for _, v := range s.fake.OpenViews(a.person) {
		opened[v.ID+v.Hash] = true
	}
	before := s.fingerprint(a.person)
	var env *slackfake.Envelope
	var err error
	if a.value != "" {
		var ok bool
		if ok, err = s.clickPrompt(ctx, a); !ok || err != nil {
			return false, err
		}
	} else {
		if env, err = s.fake.SlashCommand(ctx, a.person, "/mentor", "feedback"); err != nil {
			return false, err
		}
		if _, err := env.WaitAck(ctx); err != nil {
			return false, err
		}
	}
	var view slackfake.View
	err = s.fake.Wait(ctx, func() bool {
		if vs := s.fake.OpenViews(a.person); len(vs) > 0 && !opened[vs[len(vs)-1].ID+vs[len(vs)-1].Hash] {
			view = vs[len(vs)-1]
			return true
		}
		// No form: the bot said why (no pairing any more, already given).
		return a.value == "" && s.fingerprint(a.person) != before
	})
	if err != nil || view.ID == "" {
		return false, err
	}
	answers := map[string]string{"rating": strconv.Itoa(a.rating), "went_well": feedbackWords[a.rating]}
	if id := pairingOption(view.Raw, s.people[a.partner].Name); id != "" {
		answers["feedback_pairing"] = id
	}
	values, err := FormValues(view.Raw, answers)
	if err != nil {
		return false, err
	}
	before = s.fingerprint(a.person)
	if env, err = s.fake.SubmitView(ctx, a.person, view.ID, values); err != nil {
		return false, err
	}
	ack, err := env.WaitAck(ctx)
	if err != nil {
		return false, err
	}
	if errs := AckErrors(ack.Payload); len(errs) > 0 {
		_, _ = s.fake.CloseView(ctx, a.person, view.ID)
		return false, fmt.Errorf("%s's feedback form was refused: %v", a.person, errs)
	}
	return true, s.fake.Wait(ctx, func() bool { return s.fingerprint(a.person) != before })
}

// clickPrompt clicks a feedback prompt's button.
func (s *Simulation) clickPrompt(ctx context.Context, a simAction) (bool, error) {
	for _, c := range s.fake.ConversationsOf(a.person) {
		if c.Kind != slackfake.KindIM {
			continue
		}
		for _, m := range s.fake.Messages(c.ID) {
			if !hasButton(m.Blocks, "feedback_open", a.value) {
				continue
			}
			env, err := s.fake.ClickButton(ctx, a.person, slackfake.Location{Channel: m.Channel, TS: m.TS}, "feedback_open", a.value)
			if err != nil {
				return false, err
			}
			_, err = env.WaitAck(ctx)
			return err == nil, err
		}
	}
	return false, nil
}

// pairingOption is the value of the form's "Which pairing?" option naming
// partner, when the form asks.
func pairingOption(viewRaw []byte, partner string) string {
	var view struct {
		Blocks json.RawMessage `json:"blocks"`
	}
	if json.Unmarshal(viewRaw, &view) != nil {
		return ""
	}
	bls, err := wire.DecodeBlocks(view.Blocks)
	if err != nil {
		return ""
	}
	for _, bl := range bls {
		if bl.Str("block_id") != "feedback_pairing" {
			continue
		}
		for _, o := range bl.Obj("element").List("options") {
			if o.Obj("text").Str("text") == partner {
				return o.Str("value")
			}
		}
	}
	return ""
}

// leaveProgram types /mentor leave and confirms.
func (s *Simulation) leaveProgram(ctx context.Context, person string) (bool, error) {
	known := map[string]bool{}
	for _, m := range s.fake.Ephemerals(person) {
		known[m.TS] = true
	}
	env, err := s.fake.SlashCommand(ctx, person, "/mentor", "leave")
	if err != nil {
		return false, err
	}
	if _, err := env.WaitAck(ctx); err != nil {
		return false, err
	}
	var ask slackfake.Message
	err = s.fake.Wait(ctx, func() bool {
		for _, m := range s.fake.Ephemerals(person) {
			if !known[m.TS] && hasButton(m.Blocks, "leave_confirm", "") {
				ask = m
				return true
			}
		}
		return false
	})
	if err != nil {
		return false, fmt.Errorf("%s never saw the leave confirmation: %w", person, err)
	}
	before := s.fingerprint(person)
	env, err = s.fake.ClickButton(ctx, person, slackfake.Location{Channel: ask.Channel, TS: ask.TS}, "leave_confirm", "")
	if err != nil {
		return false, err
	}
	return true, s.waitAnswered(ctx, person, before, env)
}
