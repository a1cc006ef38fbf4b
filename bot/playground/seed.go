package playground

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/bot/playground/sim"
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
	Circle   string   `json:"circle"`    // the mentoring circle created, "" if there already
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
	s.seedRoundsLater()
	circle, err := s.seedCircle(ctx)
	if err != nil {
		return res, fmt.Errorf("seeding a mentoring circle: %w", err)
	}
	res.Circle = circle
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
	values, err := sim.FormValues(view.Raw, p.answers())
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
	if errs := sim.AckErrors(ack.Payload); len(errs) > 0 {
		var parts []string
		for k, v := range errs {
			parts = append(parts, k+": "+v)
		}
		return errors.New("the form was refused: " + strings.Join(parts, "; "))
	}
	return nil
}
