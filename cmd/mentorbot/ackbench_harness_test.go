package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// The ack benchmark (ackbench_test.go) runs the built mentorbot and the
// benchmark peer (internal/ackpeer: connect, ack at once, nothing else) as
// child processes, each against its own fake Slack in this process (the
// same workspace twice), sends them the same bursts, and compares the ack
// latencies the fakes measure (from writing an envelope to reading its
// ack) and the children's memory.

// ackBench is the two fake workspaces, mentorbot's database and the two
// binaries.
type ackBench struct {
	tb     testing.TB
	fakes  [2]*slackfake.Server // by app
	bins   [2]string            // by app
	env    []string             // without SLACK_API_URL
	people []string             // signed-up, paired participants (slash commands and clicks)
	// sets[app][round] are the check-in messages of one round, one per
	// person, in app's workspace.
	sets [2][][]checkinMsg
	// signups[app][round] are sign-up modals open in app's workspace.
	signups [2][][]viewAt
}

// checkinMsg is a check-in DM with its Met button, as the fake shows it.
type checkinMsg struct {
	user string
	at   slackfake.Location
}

// viewAt is a sign-up modal open on someone's screen.
type viewAt struct{ user, viewID string }

// ackApp is one of the two apps under test.
type ackApp int

const (
	appPeer ackApp = iota
	appBot
)

func (a ackApp) String() string { return [...]string{"peer", "mentorbot"}[a] }

// newAckBench builds both binaries and seeds pairs pairings (2*pairs
// people), one set of check-ins per round, and, if signupsPerRun > 0, that
// many open sign-up modals per run of each app.
func newAckBench(tb testing.TB, pairs, rounds, signupsPerRun int) *ackBench {
	tb.Helper()
	return newAckBenchOn(tb, "", pairs, rounds, signupsPerRun)
}

// newAckBenchOn is newAckBench with mentorbot on the database target
// names ("" = a SQLite file of its own).
func newAckBenchOn(tb testing.TB, target string, pairs, rounds, signupsPerRun int) *ackBench {
	tb.Helper()
	dir := tb.TempDir()
	h := &ackBench{tb: tb}
	for app := range h.fakes {
		// The fake applies a burst's acks once it is over (their latency is
		// stamped as they are read): applying mentorbot's Block Kit answers
		// cost it 95 µs per envelope more than the peer's fixed text, on the
		// same two cores, work Slack does on its own servers.
		h.fakes[app] = slackfake.New(slackfake.Options{ApplyAcksAfterQuiet: 20 * time.Millisecond})
		tb.Cleanup(h.fakes[app].Close)
		h.fakes[app].AddUser(slackfake.User{ID: "UADMIN", Name: "admin", RealName: "Admin"})
	}
	h.bins[appBot] = goBuild(tb, dir, "mentorbot", ".")
	h.bins[appPeer] = goBuild(tb, dir, "ackpeer", "./internal/ackpeer")
	db := target
	if db == "" {
		db = filepath.Join(dir, "mentorbot.db")
	}
	h.env = []string{
		"SLACK_BOT_TOKEN=xoxb-test", "SLACK_APP_TOKEN=xapp-test",
		"MENTORBOT_DB=" + db, "MENTORBOT_ADMINS=UADMIN",
		// Nothing scheduled during the run: the bursts are all it does.
		"MENTORBOT_CHECKIN_SCHEDULE=CRON_TZ=UTC 0 0 1 1 *", "MENTORBOT_FEEDBACK_SCHEDULE=CRON_TZ=UTC 0 0 1 1 *",
		"MENTORBOT_CATCHUP_GRACE=1m", "MENTORBOT_REMINDER_AFTER=8760h",
	}
	h.seed(db, pairs, rounds)
	if signupsPerRun > 0 {
		h.openSignups(rounds, signupsPerRun)
	}
	return h
}

// goBuild compiles a main package of this module into dir.
func goBuild(tb testing.TB, dir, name, pkg string) string {
	tb.Helper()
	// MENTORBOT_ACKBENCH_BINDIR keeps the binaries (perf needs them for symbols).
	if d := os.Getenv("MENTORBOT_ACKBENCH_BINDIR"); d != "" {
		dir = d
	}
	bin := filepath.Join(dir, name)
	cmd := exec.Command("go", "build", "-o", bin, pkg)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	return bin
}

// seed signs up and pairs the people, and gives each of them one sent
// check-in per round, shown in their DM in both workspaces.
func (h *ackBench) seed(path string, pairs, rounds int) {
	ctx := context.Background()
	db, err := sqldb.Open(ctx, path, sqldb.Options{})
	if err != nil {
		h.tb.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		h.tb.Fatal(err)
	}
	var rows []store.NewDelivery
	// One slot a week, the last a week ago: all due, none today.
	firstSlot := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -7*rounds)
	for i := range pairs {
		mentor, mentee := fmt.Sprintf("UBM%03d", i), fmt.Sprintf("UBE%03d", i)
		for _, p := range []store.Profile{
			{SlackID: mentor, Name: "Mentor " + mentor, Role: store.RoleMentor, Teaches: []string{"Go"}, Department: "Eng", Capacity: 3, Cadence: store.CadenceWeekly, Timezone: "UTC"},
			{SlackID: mentee, Name: "Mentee " + mentee, Role: store.RoleMentee, Learns: []string{"Go"}, Department: "Ops", Cadence: store.CadenceWeekly, Timezone: "UTC"},
		} {
			for _, f := range h.fakes {
				f.AddUser(slackfake.User{ID: p.SlackID, Name: p.SlackID, RealName: p.Name, TZ: "UTC"})
			}
			if _, err := db.SaveProfile(ctx, p); err != nil {
				h.tb.Fatal(err)
			}
			h.people = append(h.people, p.SlackID)
		}
		pr, err := db.CreatePairing(ctx, store.NewPairing{MentorSlack: mentor, MenteeSlack: mentee})
		if err != nil {
			h.tb.Fatal(err)
		}
		for r := -1; r < rounds; r++ {
			slot := firstSlot.AddDate(0, 0, 7*r)
			rows = append(rows, store.NewDelivery{RecipientID: pr.MentorID, PairingID: pr.ID, Kind: store.KindCheckin, Slot: slot},
				store.NewDelivery{RecipientID: pr.MenteeID, PairingID: pr.ID, Kind: store.KindCheckin, Slot: slot})
		}
	}
	if _, err := db.Enqueue(ctx, rows); err != nil {
		h.tb.Fatal(err)
	}
	due, err := db.DueDeliveries(ctx, time.Now(), len(rows))
	if err != nil {
		h.tb.Fatal(err)
	}
	for app := range h.sets {
		h.sets[app] = make([][]checkinMsg, rounds)
	}
	for _, d := range due {
		c, ok, err := db.ClaimDelivery(ctx, d.ID, "bench", time.Now())
		if err != nil || !ok {
			h.tb.Fatalf("claim %d: %v %v", d.ID, ok, err)
		}
		if c.Slot.Before(firstSlot) {
			// The round before the measured ones: answered Met, so a
			// measured click is never its pairing's first Met (whose fit
			// pulse would be sent by the scheduler during the next run).
			if err := db.MarkDeliverySent(ctx, d.ID, "bench", "D"+c.RecipientSlack, "1.0", time.Now()); err != nil {
				h.tb.Fatal(err)
			}
			if _, err := db.AnswerCheckin(ctx, c.CheckinID, c.RecipientSlack, store.AnswerMet); err != nil {
				h.tb.Fatal(err)
			}
			continue
		}
		r := int(c.Slot.Sub(firstSlot) / (7 * 24 * time.Hour))
		var channel, ts string
		for app, f := range h.fakes {
			m := postCheckin(h.tb, f, c.RecipientSlack, c.CheckinID)
			h.sets[app][r] = append(h.sets[app][r], m)
			if ackApp(app) == appBot {
				channel, ts = m.at.Channel, m.at.TS
			}
		}
		if err := db.MarkDeliverySent(ctx, d.ID, "bench", channel, ts, time.Now()); err != nil {
			h.tb.Fatal(err)
		}
	}
	// The fit pulses of those first Mets, as if sent then.
	pulses, err := db.DueDeliveries(ctx, time.Now(), 4*pairs)
	if err != nil {
		h.tb.Fatal(err)
	}
	for _, d := range pulses {
		if d.Kind != store.KindFitPulse {
			h.tb.Fatalf("seed left a due %s delivery", d.Kind)
		}
		if _, ok, err := db.ClaimDelivery(ctx, d.ID, "bench", time.Now()); err != nil || !ok {
			h.tb.Fatalf("claim %d: %v %v", d.ID, ok, err)
		}
		if err := db.MarkDeliverySent(ctx, d.ID, "bench", "D"+d.RecipientSlack, "2.0", time.Now()); err != nil {
			h.tb.Fatal(err)
		}
	}
}

// postCheckin shows a check-in in user's DM, with the buttons the
// scheduler's message has (the handler reads only the button's value).
func postCheckin(tb testing.TB, fake *slackfake.Server, user string, checkinID int64) checkinMsg {
	id := strconv.FormatInt(checkinID, 10)
	api := slack.New("xoxb-test", slack.OptionAPIURL(fake.URL()))
	channel, ts, err := api.PostMessage(user, slack.MsgOptionText("Did you meet?", false), slack.MsgOptionBlocks(
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "Did you meet?", false, false), nil, nil),
		slack.NewActionBlock("checkin",
			slack.NewButtonBlockElement("checkin_met", id, slack.NewTextBlockObject(slack.PlainTextType, "Met", false, false)),
			slack.NewButtonBlockElement("checkin_not_yet", id, slack.NewTextBlockObject(slack.PlainTextType, "Not yet", false, false)))))
	if err != nil {
		tb.Fatal(err)
	}
	return checkinMsg{user: user, at: slackfake.Location{Channel: channel, TS: ts}}
}

// openSignups has mentorbot open the sign-up modal for n new people per
// round in each workspace, so both apps can be sent the same submissions.
func (h *ackBench) openSignups(rounds, n int) {
	for app, fake := range h.fakes {
		h.signups[app] = make([][]viewAt, rounds)
		c := h.startOn(appBot, fake)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		var mu sync.Mutex
		var wg sync.WaitGroup
		limit := make(chan struct{}, 8)
		for r := range rounds {
			for i := range n {
				user := fmt.Sprintf("USG%d%d%03d", app, r, i)
				fake.AddUser(slackfake.User{ID: user, Name: user, RealName: "New " + user, TZ: "UTC"})
				wg.Add(1)
				limit <- struct{}{}
				go func() {
					defer func() { <-limit; wg.Done() }()
					v, err := openSignup(ctx, fake, user)
					if err != nil {
						h.tb.Errorf("sign-up modal for %s: %v\n%s", user, err, c.logs.String())
						return
					}
					mu.Lock()
					h.signups[app][r] = append(h.signups[app][r], viewAt{user: user, viewID: v.ID})
					mu.Unlock()
				}()
			}
		}
		wg.Wait()
		cancel()
		c.stop()
		if h.tb.Failed() {
			h.tb.FailNow()
		}
	}
}

// openSignup runs `/mentor signup` as user and returns the modal opened.
func openSignup(ctx context.Context, fake *slackfake.Server, user string) (slackfake.View, error) {
	env, err := fake.SlashCommand(ctx, user, "/mentor", "signup")
	if err == nil {
		_, err = env.WaitAck(ctx)
	}
	var v slackfake.View
	if err == nil {
		err = fake.Wait(ctx, func() bool {
			views := fake.OpenViews(user)
			if len(views) > 0 {
				v = views[0]
			}
			return len(views) > 0
		})
	}
	return v, err
}

// sendFunc sends the i-th envelope of a burst.
type sendFunc func(ctx context.Context, i int) (*slackfake.Envelope, error)

// sendWave sends size simultaneous envelopes to app and returns their ack
// latencies, sorted; check vets each ack. The wave is built in full and
// then written at once (HoldEnvelopes), after a collection of this
// process's garbage, so the fake's own work (building payloads,
// collecting) stays off the cores while the app reads the wave.
func (h *ackBench) sendWave(app ackApp, size int, send sendFunc, check func(slackfake.Ack) error) []time.Duration {
	h.tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	lat := make([]time.Duration, size)
	errs := make(chan error, size)
	hold := h.fakes[app].HoldEnvelopes()
	var wg sync.WaitGroup
	for i := range size {
		wg.Go(func() {
			env, err := send(ctx, i)
			if err != nil {
				errs <- err
				return
			}
			ack, err := env.WaitAck(ctx)
			if err == nil && check != nil {
				err = check(ack)
			}
			if err != nil {
				errs <- fmt.Errorf("envelope %d: %w", i, err)
				return
			}
			lat[i] = ack.Latency
		})
	}
	// A send that fails never reaches the hold: its error is reported
	// below, after this wait gives up.
	built, cancelBuilt := context.WithTimeout(ctx, 10*time.Second)
	if h.fakes[app].Wait(built, func() bool { return hold.Held() == size }) == nil {
		runtime.GC()
	}
	cancelBuilt()
	hold.Release()
	wg.Wait()
	close(errs)
	for err := range errs {
		h.tb.Fatal(err)
	}
	slices.Sort(lat)
	return lat
}

// percentile is the p-th percentile (0 < p <= 1) of sorted latencies.
func percentile(sorted []time.Duration, p float64) time.Duration {
	i := int(float64(len(sorted))*p+0.5) - 1
	return sorted[max(0, min(len(sorted)-1, i))]
}

// ackHasText accepts an ack that carries a reply.
func ackHasText(a slackfake.Ack) error {
	if len(a.Payload) == 0 || a.Problem != "" {
		return fmt.Errorf("want a reply in the ack, got %s (%s)", a.Payload, a.Problem)
	}
	return nil
}

// ackEmpty accepts an ack that closes a modal or just acknowledges.
func ackEmpty(a slackfake.Ack) error {
	if len(a.Payload) != 0 || a.Problem != "" {
		return fmt.Errorf("want an empty ack, got %s (%s)", a.Payload, a.Problem)
	}
	return nil
}
