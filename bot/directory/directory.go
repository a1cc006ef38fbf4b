// Package directory is the capability that follows Slack's directory: a
// participant whose account is deactivated is departed (their pairings end,
// each partner is told kindly through the outbox), a reactivated account
// comes back paused, and a timezone change moves their schedule. It reads
// user_change events, and confirms a failed DM with users.info for the
// scheduler (scheduler.Departer).
package directory

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/store"
)

// Store is what the directory needs from storage.
type Store interface {
	Depart(ctx context.Context, slackID, why string) (store.Departed, error)
	Reactivate(ctx context.Context, slackID string) (bool, error)
	SetTimezone(ctx context.Context, slackID, tz string) (bool, error)
}

// IntroRewriter rewrites an introduction that quoted a person whose data
// was erased (the pairing capability does, as after /mentor leave).
type IntroRewriter interface {
	RewriteIntro(ctx context.Context, ref store.IntroRef) error
}

// Config is what the directory needs besides the core and store.
type Config struct {
	// Wake asks the outbox dispatcher to look now, so partners hear of a
	// departure within seconds rather than at the next tick. Optional.
	Wake func()
	// Intros rewrites introductions after the retention job erased
	// someone. Optional.
	Intros IntroRewriter
}

// Directory follows account changes.
type Directory struct {
	core   *bot.Bot
	api    bot.SlackAPI
	store  Store
	log    *slog.Logger
	wake   func()
	intros IntroRewriter
}

// New builds the capability over the core and a store.
func New(core *bot.Bot, st Store, cfg Config) *Directory {
	return &Directory{core: core, api: core.Slack(), store: st, log: core.Logger(), wake: cfg.Wake, intros: cfg.Intros}
}

// Routes registers the user_change event. Its rule is Self: Slack sends
// user_change on its own when an account changes, never because someone
// clicked or typed, and its user is that account as Slack vouches for it.
// The handler acts only on that user's own record, so no one can make it
// act on another person (changing your own profile only reaches yourself).
func (d *Directory) Routes() []bot.Route {
	return []bot.Route{bot.OnEvent(string(slackevents.UserChange), bot.Self(), d.evUserChange)}
}

func (d *Directory) evUserChange(ctx context.Context, r bot.Request, ev slackevents.EventsAPIInnerEvent) {
	uc, ok := ev.Data.(*slackevents.UserChangeEvent)
	if !ok || uc.User.ID == "" || uc.User.ID != r.UserID || uc.User.IsBot {
		return
	}
	u := uc.User
	if u.Deleted {
		if _, err := d.depart(ctx, u.ID); err != nil {
			d.log.Error("departure after deactivation", "user", u.ID, "err", err)
		}
		return
	}
	back, err := d.store.Reactivate(ctx, u.ID)
	if err != nil {
		d.log.Error("reactivation", "user", u.ID, "err", err)
		return
	}
	if back {
		d.log.Info("a departed participant's account is active again; back as paused", "user", u.ID)
		d.core.DMText(ctx, u.ID, msgReactivated)
	}
	if u.TZ == "" {
		return
	}
	if _, err := d.store.SetTimezone(ctx, u.ID, u.TZ); err != nil && !errors.Is(err, store.ErrInvalid) {
		d.log.Error("timezone change", "user", u.ID, "err", err)
	}
}

// depart makes the person departed; the store enqueues each partner's
// notice once, however many times this runs.
func (d *Directory) depart(ctx context.Context, slackID string) (bool, error) {
	dep, err := d.store.Depart(ctx, slackID, store.DepartDeactivated)
	if err != nil {
		return false, err
	}
	if dep.Changed {
		d.log.Info("participant departed: account deactivated", "user", slackID, "pairings_ended", len(dep.Ended))
		if d.wake != nil {
			d.wake()
		}
	}
	return dep.Changed, nil
}

// DepartIfDeactivated is scheduler.Departer: after a DM failed for good,
// it asks Slack whether the account is deactivated (users.info deleted)
// and only then departs the person. It reports whether the account is
// deactivated (the person is then departed, now or earlier).
func (d *Directory) DepartIfDeactivated(ctx context.Context, slackID string) (bool, error) {
	var u *slack.User
	err := d.core.Retrying(ctx, "users.info", func(ctx context.Context) error {
		var err error
		u, err = d.api.GetUserInfoContext(ctx, slackID)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("directory: users.info %s: %w", slackID, err)
	}
	if !u.Deleted {
		return false, nil
	}
	if _, err := d.depart(ctx, slackID); err != nil {
		return false, err
	}
	return true, nil
}

// AfterRetention rewrites the introductions that quoted the people the
// retention job erased, as /mentor leave does.
func (d *Directory) AfterRetention(ctx context.Context, intros []store.IntroRef) {
	if d.intros == nil {
		return
	}
	for _, ref := range intros {
		if err := d.intros.RewriteIntro(ctx, ref); err != nil {
			d.log.Warn("could not rewrite an introduction after retention", "pairing", ref.PairingID, "err", err)
		}
	}
}
