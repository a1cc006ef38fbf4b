// Package dashboard is the admins' capability of seeing the whole program:
// the App Home dashboard (figures, what needs attention, who waits and why,
// pending previews, and the buttons that act on them) and the weekly
// digest DM. Only program admins see or use it: the Home tab is chosen per
// person on every publish, and every button passes an admin rule.
package dashboard

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/keylock"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/report"
)

// Store is what the dashboard needs from storage.
type Store interface {
	DashboardData(ctx context.Context, now time.Time, viewer string, lim store.DashboardLimits) (store.Dashboard, error)
	PairingByID(ctx context.Context, id int64) (store.Pairing, error)
	EndPairingByID(ctx context.Context, id int64, reason string) (store.Pairing, error)
	MarkHandled(ctx context.Context, pairingID int64, admin string) error
	MarkCircleHandled(ctx context.Context, circleID int64, admin string) error
	CircleByID(ctx context.Context, id int64) (store.Circle, error)
	DigestFigures(ctx context.Context, since time.Time, viewer string) (store.DigestFigures, error)
	FirstDelivery(ctx context.Context, key string) (bool, error)
}

// Dashboard publishes the admins' Home tab and answers its buttons.
type Dashboard struct {
	core  *bot.Bot
	api   bot.SlackAPI
	store Store
	log   *slog.Logger

	// refresh coalesces republishing to every admin: one run at a time,
	// and one more if something changed while it ran.
	mu               sync.Mutex
	running, pending bool
	idle             *sync.Cond

	// publishing holds an admin's lock from the read to views.publish, so
	// the tab last published is from the latest read (a refresh and the tab
	// opened can run at once).
	publishing keylock.Locks

	// minGroup is MENTORBOT_MIN_GROUP, for the completion figures.
	minGroup int
}

// SetMinGroup sets the smallest group the completion figures are split
// for (MENTORBOT_MIN_GROUP; the report's default until set).
func (d *Dashboard) SetMinGroup(n int) {
	if n > 0 {
		d.minGroup = n
	}
}

// New builds the capability and subscribes it to program changes, so every
// admin's tab follows them.
func New(core *bot.Bot, st Store) *Dashboard {
	d := &Dashboard{core: core, api: core.Slack(), store: st, log: core.Logger(), minGroup: report.DefaultMinGroup}
	d.idle = sync.NewCond(&d.mu)
	core.OnProgramChange(d.RefreshAll)
	return d
}

// Block, action and callback IDs of the dashboard: part of the contract
// with Slack (a published Home tab keeps them).
const (
	blockActions    = "dash_actions"
	blockItemPrefix = "dash_item_"

	actionRunMatching = "dash_run_matching"
	actionReport      = "dash_report"
	actionAnnounce    = "dash_announce"
	actionRefresh     = "dash_refresh"
	actionMessage     = "dash_message"
	actionEndPairing  = "dash_end_pairing"
	actionHandled     = "dash_mark_handled"
	// A circle on *Needs attention* (its id is the button's value).
	actionCircleHandled = "dash_circle_handled"
	blockCirclePrefix   = "dash_circle_"

	callbackAnnounce = "dash_announce"
	blockChannel     = "dash_channel"

	// ActionOpenDashboard is the digest's button: it republishes the Home
	// tab (Slack opens the app's Home when the digest links there).
	ActionOpenDashboard = "dash_open"
)

// Routes are the dashboard's buttons and form; every one is for program
// admins only, and those about a pairing resolve it from the bot's
// records first.
func (d *Dashboard) Routes() []bot.Route {
	return []bot.Route{
		// These run a subcommand, which passes its own rule as well.
		bot.OnAction(actionRunMatching, bot.AdminOnly(), d.actRunCommand("match")),
		bot.OnAction(actionReport, bot.AdminOnly(), d.actRunCommand("report")),
		bot.OnAction(actionAnnounce, bot.AdminOnly(), d.actAnnounce),
		bot.OnAction(actionRefresh, bot.AdminOnly(), d.actRefresh),
		bot.OnAction(ActionOpenDashboard, bot.AdminOnly(), d.actRefresh),
		bot.OnAction(actionMessage, d.adminPairing(), d.actMessage),
		bot.OnAction(actionEndPairing, d.adminPairing(), d.actEndPairing),
		bot.OnAction(actionHandled, d.adminPairing(), d.actMarkHandled),
		bot.OnAction(actionCircleHandled, d.adminCircle(), d.actMarkCircleHandled),
		bot.OnView(callbackAnnounce, bot.AdminOnly(), d.viewAnnounce),
	}
}

// adminPairing is the rule of the buttons about one pairing: the clicker
// is a program admin, and the button's value names a pairing in the bot's
// records (its id; any other value is a stale or forged click).
func (d *Dashboard) adminPairing() bot.Rule {
	admin := bot.AdminOnly()
	return bot.Rule{Refers: bot.RefersAdmin, Resolve: func(ctx context.Context, in bot.Input) (bot.Target, error) {
		if _, err := admin.Resolve(ctx, in); err != nil {
			return bot.Target{}, err
		}
		id, err := bot.ParseRef(bot.RefersPairing, in.Value)
		if err != nil {
			return bot.Target{}, err
		}
		if _, err := d.store.PairingByID(ctx, id); err != nil {
			return bot.Target{}, bot.LookupFailed(bot.RefersPairing, id, err)
		}
		return bot.Target{ID: id}, nil
	}}
}

// PublishDashboard renders the dashboard on user's Home tab. It checks
// again that user is an admin: the dashboard is never published to anyone
// else, whoever asks.
func (d *Dashboard) PublishDashboard(ctx context.Context, user string) {
	if !d.core.IsAdmin(user) {
		d.log.Error("dashboard: refused to publish to a non-admin", "user", user)
		return
	}
	defer d.publishing.Lock(ctx, user)()
	data, err := d.store.DashboardData(ctx, d.core.Now(), user, limits)
	if err != nil {
		d.log.Warn("dashboard: read", "err", err)
		return
	}
	data.MinGroup = d.minGroup
	d.publish(ctx, user, HomeView(data))
}

func (d *Dashboard) publish(ctx context.Context, user string, view slack.HomeTabViewRequest) {
	if _, err := d.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: view}); err != nil {
		d.log.Warn("dashboard: views.publish failed", "user", user, "err", err)
	}
}

// RefreshAll republishes every admin's dashboard from one read, in the
// background; calls while one runs fold into one more run.
func (d *Dashboard) RefreshAll(ctx context.Context) {
	d.mu.Lock()
	if d.running {
		d.pending = true
		d.mu.Unlock()
		return
	}
	d.running = true
	d.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	go func() {
		defer cancel()
		for {
			d.publishAll(ctx)
			d.mu.Lock()
			if !d.pending {
				d.running = false
				d.idle.Broadcast()
				d.mu.Unlock()
				return
			}
			d.pending = false
			d.mu.Unlock()
		}
	}()
}

// WaitRefreshed waits until no refresh is running (tests, shutdown).
func (d *Dashboard) WaitRefreshed() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for d.running {
		d.idle.Wait()
	}
}

func (d *Dashboard) publishAll(ctx context.Context) {
	// One read per admin: each sees the program without their own
	// pairings' flags.
	for _, a := range d.core.Admins() {
		if ctx.Err() != nil {
			return
		}
		d.PublishDashboard(ctx, a)
	}
}
