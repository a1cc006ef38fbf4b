// Package scheduler sends mentorbot's check-ins, reminders, feedback
// prompts and health offers, each at most once.
//
// Cron only decides what is due: a tick (every minute, and at start-up)
// computes each recipient's most recent slot in their own timezone and
// writes it to the outbox (store deliveries) under the unique key
// (recipient, pairing, kind, slot). A dispatcher claims due rows one by one
// with a compare-and-set and hands them to a Sender (package bot). See
// docs/scheduler.md for the exactly-once argument.
package scheduler

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// Setting names, for errors.
const (
	SettingCheckin  = "MENTORBOT_CHECKIN_SCHEDULE"
	SettingFeedback = "MENTORBOT_FEEDBACK_SCHEDULE"
	SettingReminder = "MENTORBOT_REMINDER_AFTER"
	SettingGrace    = "MENTORBOT_CATCHUP_GRACE"
)

// Store is what the scheduler needs from storage, one narrow interface per
// job; *sqldb.DB implements them all.
type Store interface {
	PlanStore
	DispatchStore
	ReminderStore
	HealthStore
	PauseStore
}

// PlanStore is what planning (plan.go) needs: who is due when, and the
// outbox rows it writes.
type PlanStore interface {
	ScheduleTargets(ctx context.Context) ([]store.ScheduleTarget, error)
	LatestSlots(ctx context.Context, keys []store.DeliveryKey) (map[store.DeliveryKey]time.Time, error)
	Enqueue(ctx context.Context, rows []store.NewDelivery) (int, error)
	ExpirePending(ctx context.Context, kind string, slotBefore time.Time, why string) (int, error)
}

// DispatchStore is what the dispatcher (dispatch.go, posting.go) needs:
// claims and outcomes of outbox rows.
type DispatchStore interface {
	DueDeliveries(ctx context.Context, now time.Time, limit int) ([]store.Delivery, error)
	ClaimDelivery(ctx context.Context, id int64, worker string, now time.Time) (store.Delivery, bool, error)
	MarkDeliverySent(ctx context.Context, id int64, worker, channel, ts string, at time.Time) error
	RetryDelivery(ctx context.Context, id int64, worker string, notBefore time.Time, countAttempt bool, why string) error
	FailDelivery(ctx context.Context, id int64, worker, why string) error
	NoteDelivery(ctx context.Context, id int64, worker, why string) error
	StaleDeliveries(ctx context.Context, claimedBefore time.Time) ([]store.Delivery, error)
	MarkPosting(ctx context.Context, id int64, worker string, now time.Time) error
	ReleaseUnposted(ctx context.Context, claimedBefore time.Time) (int, error)
	MarkUnreachable(ctx context.Context, slackID, why string) (bool, error)
}

// ReminderStore is what the reminder job needs.
type ReminderStore interface {
	DueReminders(ctx context.Context, sentBefore time.Time) ([]store.DueReminder, error)
}

// HealthStore is what the health job (health.go) needs: the at-risk
// signals and their flags.
type HealthStore interface {
	PairingsNotMeeting(ctx context.Context, n int, ignoredBefore time.Time) ([]int64, error)
	PairingsAskingHelp(ctx context.Context) ([]int64, error)
	PairingsRatedAtMost(ctx context.Context, max int) ([]int64, error)
	RematchOffersDue(ctx context.Context) ([]store.RematchOffer, error)
	MarkNotMeeting(ctx context.Context, pairingID int64) (bool, error)
	IgnoreStreaks(ctx context.Context, n int, ignoredBefore time.Time) ([]store.IgnoreStreak, error)
	MarkAtRisk(ctx context.Context, pairingID int64, reason string) (bool, error)
}

// PauseStore is what the pause job needs.
type PauseStore interface {
	ResumeExpiredPauses(ctx context.Context) ([]string, error)
}

// SentMessage is where a delivery landed (for chat.update later).
type SentMessage struct {
	Channel string
	TS      string
}

// Sender renders and sends one outbox row; package bot implements it. Its
// errors should be classified (see SendError): an unclassified error is
// taken to mean the message may have gone out, and the row is not resent.
type Sender interface {
	Send(ctx context.Context, d store.Delivery) (SentMessage, error)
}

// Pacer is an optional Sender extension: how long before d's conversation
// may take another message. The dispatcher leaves a row whose conversation
// is busy for later rather than holding a worker on it; the workspace-wide
// rate is waited out inside Send.
type Pacer interface {
	Delay(d store.Delivery) time.Duration
}

// Prober is an optional Sender extension: it looks for a message already
// delivered for d (for example in conversations.history, by a marker the
// Sender put in it). With a Prober, a row whose sender died mid-send is
// resolved by looking; without one it is given up as failed.
type Prober interface {
	Probe(ctx context.Context, d store.Delivery) (SentMessage, bool, error)
}

// ChangeNotifier hears that the program changed under the admins' eyes;
// ProgramChanged must return quickly (the bot's listeners hand work to a
// goroutine).
type ChangeNotifier interface {
	ProgramChanged(ctx context.Context)
}

// Alerter tells the admins, once per person, that a recipient cannot be
// messaged.
type Alerter interface {
	RecipientUnreachable(ctx context.Context, d store.Delivery, code string) error
}

// Config is the scheduler's settings.
type Config struct {
	// CheckinSchedule and FeedbackSchedule are cron specs (see ParseSpec).
	CheckinSchedule  string
	FeedbackSchedule string
	// ReminderAfter is how long an unanswered check-in waits for its one
	// reminder.
	ReminderAfter time.Duration
	// CatchupGrace is how late a slot may still be sent after downtime.
	CatchupGrace time.Duration

	// IgnoredAfter is how long after sending an unanswered check-in
	// counts as ignored (default 2 × ReminderAfter).
	IgnoredAfter time.Duration
	// UnpostedLease is how long a claimed row may wait before its sender
	// reaches Slack; past it the claim is released and the row sent again
	// (safe: see posting.go). Default 2 min.
	UnpostedLease time.Duration
	// Lease is how long a row may stay in sending before it is resolved
	// as dead (default 10 min). It must exceed SendTimeout.
	Lease time.Duration
	// SendTimeout bounds one Send (default 1 min).
	SendTimeout time.Duration
	// MaxAttempts bounds the sends of a row that keeps failing
	// transiently (default 5).
	MaxAttempts int
	// RetryBackoff is the first wait after a transient failure, doubling
	// per attempt up to an hour (default 1 min).
	RetryBackoff time.Duration
	// Workers is how many sends run at once (default 4).
	Workers int
	// TickEvery is the planning interval (default 1 min, 5 s when a spec
	// has a seconds field).
	TickEvery time.Duration
	// MaxInlineWait is the longest pause Dispatch sits out itself when
	// every due row's conversation is busy (default 2 s).
	MaxInlineWait time.Duration
	// WorkerID names this process in claimed_by (default host-pid-random).
	WorkerID string

	// Retention is how long a departed person's data and an ended
	// pairing's feedback text are kept (MENTORBOT_RETENTION); zero turns
	// the daily retention job off.
	Retention time.Duration
	// Departer, when set, is asked after a DM fails for good whether the
	// recipient's account is deactivated (then they are departed).
	Departer Departer
	// OnErased, when set, gets the introductions that quoted people the
	// retention job erased (the bot rewrites them).
	OnErased func(ctx context.Context, intros []store.IntroRef)
	// Digest is the admins' weekly digest (off when its Spec is nil).
	Digest Digest
	// Changes, when set, hears that a job changed what admins see (a
	// pairing newly flagged at risk, a pause that ended): wiring passes
	// the bot, whose dashboard republishes every admin's Home tab.
	Changes ChangeNotifier
	// Lifecycle is the pairings' length, renewal and close (off when its
	// Store is nil).
	Lifecycle Lifecycle
	// Rounds are the networking rounds (off when their Spec is nil).
	Rounds Rounds

	Clock   func() time.Time
	Sleep   Sleeper
	Logger  *slog.Logger
	Alerter Alerter
}

// Scheduler plans and dispatches the outbox.
type Scheduler struct {
	db      Store
	sender  Sender
	pacer   Pacer
	prober  Prober
	alerter Alerter
	checkin *Spec
	feed    *Spec
	cfg     Config
	now     func() time.Time
	sleep   Sleeper
	log     *slog.Logger
	worker  string
	wake    chan struct{}

	retainMu    sync.Mutex // one retention run at a time
	retainedDay string     // the UTC day this process last saw retention run

	life       lifecycleState
	tickMu     sync.Mutex // a tick never overlaps itself
	dispatchMu sync.Mutex // nor does a dispatch round

	// planned remembers the slot last written per key, so a tick skips
	// the keys whose slot has not moved. Guarded by tickMu.
	planned map[store.DeliveryKey]time.Time

	zoneMu sync.Mutex
	zones  map[string]*time.Location
}

// New checks the settings and returns a Scheduler. Errors name the setting
// at fault, for a one-line start-up failure.
func New(db Store, sender Sender, cfg Config) (*Scheduler, error) {
	if db == nil || sender == nil {
		return nil, errors.New("scheduler: a store and a sender are required")
	}
	checkin, err := ParseSpec(SettingCheckin, cfg.CheckinSchedule)
	if err != nil {
		return nil, err
	}
	feed, err := ParseSpec(SettingFeedback, cfg.FeedbackSchedule)
	if err != nil {
		return nil, err
	}
	if cfg.ReminderAfter <= 0 {
		return nil, fmt.Errorf("%s: must be a positive duration, got %s", SettingReminder, cfg.ReminderAfter)
	}
	if cfg.CatchupGrace < 0 {
		return nil, fmt.Errorf("%s: must not be negative, got %s", SettingGrace, cfg.CatchupGrace)
	}
	if cfg.Retention < 0 {
		return nil, fmt.Errorf("%s: must not be negative, got %s", SettingRetention, cfg.Retention)
	}
	if cfg.Lifecycle.enabled() {
		if err := ValidateLifecycle(cfg.Lifecycle.Length, cfg.Lifecycle.Notice); err != nil {
			return nil, err
		}
		if cfg.Lifecycle.Every <= 0 {
			cfg.Lifecycle.Every = DefaultLifecycleEvery
		}
	}
	if cfg.IgnoredAfter <= 0 {
		cfg.IgnoredAfter = 2 * cfg.ReminderAfter
	}
	if cfg.SendTimeout <= 0 {
		cfg.SendTimeout = time.Minute
	}
	if cfg.UnpostedLease <= 0 {
		cfg.UnpostedLease = 2 * time.Minute
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 10 * time.Minute
	}
	if cfg.Lease <= cfg.SendTimeout {
		return nil, fmt.Errorf("scheduler: lease %s must exceed the send timeout %s", cfg.Lease, cfg.SendTimeout)
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 5
	}
	if cfg.RetryBackoff <= 0 {
		cfg.RetryBackoff = time.Minute
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	if cfg.TickEvery <= 0 {
		cfg.TickEvery = time.Minute
		if checkin.SubMinute() || feed.SubMinute() {
			cfg.TickEvery = 5 * time.Second
		}
	}
	if cfg.MaxInlineWait <= 0 {
		cfg.MaxInlineWait = 2 * time.Second
	}
	if cfg.WorkerID == "" {
		cfg.WorkerID = defaultWorkerID()
	}
	s := &Scheduler{
		db: db, sender: sender, alerter: cfg.Alerter, checkin: checkin, feed: feed, cfg: cfg,
		now: cfg.Clock, sleep: cfg.Sleep, log: cfg.Logger, worker: cfg.WorkerID,
		wake: make(chan struct{}, 1), planned: map[store.DeliveryKey]time.Time{}, zones: map[string]*time.Location{},
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.sleep == nil {
		s.sleep = RealSleep
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	s.log = s.log.With("component", "scheduler")
	s.pacer, _ = sender.(Pacer)
	s.prober, _ = sender.(Prober)
	return s, nil
}

func defaultWorkerID() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
}

// WorkerID is the name this scheduler claims rows under.
func (s *Scheduler) WorkerID() string { return s.worker }

// CheckinSpec and FeedbackSpec are the parsed schedules.
func (s *Scheduler) CheckinSpec() *Spec  { return s.checkin }
func (s *Scheduler) FeedbackSpec() *Spec { return s.feed }

// Zone loads a recipient's timezone once (time.LoadLocation reads and
// parses the zone file at every call: 11 µs and 5 KB); an unknown one
// falls back to UTC. /mentor status shows its dates in it too.
func (s *Scheduler) Zone(name string) *time.Location {
	s.zoneMu.Lock()
	defer s.zoneMu.Unlock()
	if loc, ok := s.zones[name]; ok {
		return loc
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" {
		s.log.Warn("unknown timezone, using UTC", "timezone", name)
		loc = time.UTC
	}
	s.zones[name] = loc
	return loc
}

// NextCheckIn is when person p's next check-in about pairing pr is due
// after now (for /mentor status). ok is false if the schedule never fires.
func (s *Scheduler) NextCheckIn(p store.Participant, pr store.Pairing, now time.Time) (time.Time, bool) {
	after := now
	if pr.StartedAt.After(after) {
		after = pr.StartedAt.Add(-time.Nanosecond)
	}
	return s.checkin.Next(after, s.Zone(p.Timezone), pr.Cadence, pr.StartedAt)
}

// Wake asks the dispatcher to look at the outbox now.
func (s *Scheduler) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Tick plans everything due at the clock's now: the slots of both
// schedules, reminders and health offers, then wakes the dispatcher. Ticks
// never overlap: one called while another runs waits for it (the cron entry
// itself skips a run while the last one is going). Panics are recovered
// and returned.
func (s *Scheduler) Tick(ctx context.Context) (err error) {
	s.tickMu.Lock()
	defer s.tickMu.Unlock()
	defer recoverTo(&err, "tick")
	now := s.now()
	if woke, err := s.db.ResumeExpiredPauses(ctx); err != nil {
		return err
	} else if len(woke) > 0 {
		s.log.Info("pauses ended", "people", len(woke))
		s.programChanged(ctx) // they are back on the waiting list or in their pairings
	}
	if _, err := s.planLocked(ctx, now); err != nil {
		return err
	}
	if err := s.PlanReminders(ctx, now); err != nil {
		return err
	}
	if err := s.checkHealthLocked(ctx, now); err != nil {
		return err
	}
	// Retention never holds up the nudges: its failure is logged and
	// tried again at the next tick.
	if _, err := s.Retain(ctx); err != nil {
		s.log.Error("retention", "err", err)
	}
	if err := s.digests(ctx, now); err != nil {
		return err
	}
	if err := s.PlanRounds(ctx, now); err != nil {
		return err
	}
	s.Wake()
	return nil
}

// programChanged tells the Changes listener, if any.
func (s *Scheduler) programChanged(ctx context.Context) {
	if s.cfg.Changes != nil {
		s.cfg.Changes.ProgramChanged(ctx)
	}
}

// recoverTo turns a panic into an error for *err.
func recoverTo(err *error, what string) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("scheduler: %s panicked: %v", what, r)
	}
}
