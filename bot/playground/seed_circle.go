package playground

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/bot/playground/sim"
)

// The quick seed's mentoring circle: the admin types `/mentor circle
// create` for the first seeded mentor and fills in the modal, as a person
// would. A second seed finds the circle open and leaves it alone.

const seedCircleName = "First-time leads"

// seedCircle creates the seeded circle and returns its name ("" when it
// was there already or there is no mentor to lead it).
func (s *Server) seedCircle(ctx context.Context) (string, error) {
	lead := ""
	for _, p := range s.people {
		if p.Profile != nil && p.Profile.Role == "mentor" {
			lead = p.ID
			break
		}
	}
	if lead == "" {
		return "", nil
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	// A sign-up is saved after its form's ack, as work that follows it:
	// the lead must be a mentor on record before the circle is created.
	// The save is followed by the welcome DM, which wakes the wait.
	if err := s.fake.Wait(ctx, func() bool {
		roles, err := s.roles(ctx)
		return err == nil && roles[lead] == "mentor"
	}); err != nil {
		return "", fmt.Errorf("the circle's lead was never signed up: %w", err)
	}
	before := map[string]bool{}
	for _, v := range s.fake.OpenViews(AdminID) {
		before[v.ID+v.Hash] = true
	}
	env, err := s.fake.SlashCommand(ctx, AdminID, "/mentor", fmt.Sprintf("circle create %s <@%s>", seedCircleName, lead))
	if err != nil {
		return "", err
	}
	ack, err := env.WaitAck(ctx)
	if err != nil {
		return "", err
	}
	if strings.Contains(string(ack.Payload), "already an open circle") {
		return "", nil
	}
	var formID string
	var raw []byte
	if err := s.fake.Wait(ctx, func() bool {
		for _, v := range s.fake.OpenViews(AdminID) {
			if v.CallbackID == "circle_create" && !before[v.ID+v.Hash] {
				formID, raw = v.ID, v.Raw
				return true
			}
		}
		return false
	}); err != nil {
		return "", fmt.Errorf("the circle form never opened: %w", err)
	}
	values, err := sim.FormValues(raw, map[string]string{
		"circle_name": seedCircleName, "circle_topic": "Leading a team for the first time",
		"circle_description": "Monthly talks on feedback, delegation and one-to-ones, with a seasoned lead.",
		"circle_size":        "5", "circle_cadence": "biweekly",
	})
	if err != nil {
		return "", err
	}
	env, err = s.fake.SubmitView(ctx, AdminID, formID, values)
	if err != nil {
		return "", err
	}
	ack, err = env.WaitAck(ctx)
	if err != nil {
		return "", err
	}
	if errs := sim.AckErrors(ack.Payload); len(errs) > 0 {
		return "", fmt.Errorf("the circle form was refused: %v", errs)
	}
	return seedCircleName, nil
}
