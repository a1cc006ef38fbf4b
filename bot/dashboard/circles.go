package dashboard

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
)

// refersCircle names a circle in the dashboard's payloads and audit.
const refersCircle bot.Refers = "circle"

// adminCircle is the rule of the buttons about one circle: the clicker is
// a program admin, and the button's value names a circle in the bot's
// records (its id; any other value is a stale or forged click).
func (d *Dashboard) adminCircle() bot.Rule {
	admin := bot.AdminOnly()
	return bot.Rule{Refers: bot.RefersAdmin, Resolve: func(ctx context.Context, in bot.Input) (bot.Target, error) {
		if _, err := admin.Resolve(ctx, in); err != nil {
			return bot.Target{}, err
		}
		id, err := bot.ParseRef(refersCircle, in.Value)
		if err != nil {
			return bot.Target{}, err
		}
		if _, err := d.store.CircleByID(ctx, id); err != nil {
			return bot.Target{}, bot.LookupFailed(refersCircle, id, err)
		}
		return bot.Target{ID: id}, nil
	}}
}

// actMarkCircleHandled takes the circle off *Needs attention*.
func (d *Dashboard) actMarkCircleHandled(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
	d.markHandled(ctx, r, "dashboard mark circle handled", bot.RefName(refersCircle, r.Target.ID), d.store.MarkCircleHandled)
}
