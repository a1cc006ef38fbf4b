package playground

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// The quick seed signs people up the way a person does: it types
// `/mentor signup`, waits for the bot's modal, fills in the fields it
// finds and submits it through the fake Slack. The bot cannot tell it from
// a visitor using the rendered form.

// answers is what a person types into the sign-up form, by block_id.
func (p Person) answers() map[string]string {
	pr := p.Profile
	a := map[string]string{
		"role": pr.Role, "teaches": pr.Teaches, "learns": pr.Learns, "goals": pr.Goals,
		"department": p.Department, "seniority": strconv.Itoa(pr.Seniority), "manager": pr.Manager,
		"cadence": pr.Cadence,
	}
	if pr.Role != "mentee" {
		a["capacity"] = strconv.Itoa(pr.Capacity)
	}
	return a
}

// SeedResult says what the quick seed did.
type SeedResult struct {
	SignedUp []string `json:"signed_up"` // names
	Skipped  []string `json:"skipped"`   // already signed up
}

// quickSeed signs up every seeded person with a profile who has not
// signed up yet.
func (s *Server) quickSeed(ctx context.Context) (SeedResult, error) {
	var res SeedResult
	roles, err := s.roles(ctx)
	if err != nil {
		return res, err
	}
	for _, p := range s.people {
		if p.Profile == nil {
			continue
		}
		if roles[p.ID] != "" {
			res.Skipped = append(res.Skipped, p.Name)
			continue
		}
		if err := s.signUp(ctx, p); err != nil {
			return res, fmt.Errorf("signing up %s: %w", p.Name, err)
		}
		res.SignedUp = append(res.SignedUp, p.Name)
	}
	return res, nil
}

// signUp drives one person's sign-up modal.
func (s *Server) signUp(ctx context.Context, p Person) error {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	before := map[string]bool{}
	for _, v := range s.fake.OpenViews(p.ID) {
		before[v.ID+v.Hash] = true
	}
	env, err := s.fake.SlashCommand(ctx, p.ID, "/mentor", "signup")
	if err != nil {
		return err
	}
	if _, err := env.WaitAck(ctx); err != nil {
		return err
	}
	var view slackfake.View
	err = s.fake.Wait(ctx, func() bool {
		views := s.fake.OpenViews(p.ID)
		if len(views) == 0 {
			return false
		}
		view = views[len(views)-1]
		return !before[view.ID+view.Hash]
	})
	if err != nil {
		return fmt.Errorf("the sign-up form never opened: %w", err)
	}
	values, err := formValues(view.Raw, p.answers())
	if err != nil {
		return err
	}
	env, err = s.fake.SubmitView(ctx, p.ID, view.ID, values)
	if err != nil {
		return err
	}
	ack, err := env.WaitAck(ctx)
	if err != nil {
		return err
	}
	if errs := ackErrors(ack.Payload); len(errs) > 0 {
		var parts []string
		for k, v := range errs {
			parts = append(parts, k+": "+v)
		}
		return errors.New("the form was refused: " + strings.Join(parts, "; "))
	}
	return nil
}

// formValues fills a view's input blocks from answers (by block_id),
// shaping each answer for its element type. Blocks without an answer are
// left as they are (their initial value).
func formValues(viewRaw json.RawMessage, answers map[string]string) (map[string]map[string]slackfake.Value, error) {
	var view struct {
		Blocks json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal(viewRaw, &view); err != nil {
		return nil, fmt.Errorf("reading the view: %w", err)
	}
	blocks, err := decodeBlocks(view.Blocks)
	if err != nil {
		return nil, fmt.Errorf("reading the view's blocks: %w", err)
	}
	out := map[string]map[string]slackfake.Value{}
	for _, bl := range blocks {
		if bl.str("type") != "input" {
			continue
		}
		answer, ok := answers[bl.str("block_id")]
		if !ok {
			continue
		}
		el := bl.obj("element")
		var v slackfake.Value
		switch el.str("type") {
		case "static_select", "radio_buttons":
			v.SelectedOption = answer
		case "multi_static_select", "checkboxes":
			v.SelectedOptions = splitList(answer)
		case "users_select":
			v.SelectedUser = answer
		case "multi_users_select":
			v.SelectedUsers = splitList(answer)
		case "datepicker":
			v.SelectedDate = answer
		default:
			v.Value = answer
		}
		out[bl.str("block_id")] = map[string]slackfake.Value{el.str("action_id"): v}
	}
	return out, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// ackErrors reads response_action errors from a view_submission ack.
func ackErrors(payload json.RawMessage) map[string]string {
	var ack struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
	}
	if len(payload) == 0 || json.Unmarshal(payload, &ack) != nil || ack.ResponseAction != "errors" {
		return nil
	}
	return ack.Errors
}
