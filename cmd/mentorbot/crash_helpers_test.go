package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// Crash safety: the real mentorbot binary serves an in-test fake Slack
// and is SIGKILLed again and again while people sign up, answer check-ins
// and the scheduler sends. crashRun does one campaign; crash_test.go
// (-tags crash) runs a long one, TestCrashSafetyShort a short one. On
// PostgreSQL, crashRunReplicas (crash_replicas_test.go) runs several
// replicas and kills one at a time.

// crashHarness is the fake workspace, the database and the binary.
type crashHarness struct {
	t     *testing.T
	bin   string
	db    string // MENTORBOT_DB: a file, or a postgres:// URL
	fake  *slackfake.Server
	env   []string
	live  []*replica  // serve processes running, oldest first
	logs  *syncBuffer // of the replica started last
	allLg strings.Builder
	rng   *rand.Rand

	mu       sync.Mutex
	signedUp []string       // sign-ups whose submission was acked and whose confirmation DM arrived
	answered map[int64]bool // check-ins whose Met click was acked and shown in the message
	clicked  map[int64]bool // check-ins already clicked (any outcome)
	nextUser int
}

// buildBinary compiles cmd/mentorbot into dir.
func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "mentorbot")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// replica is one running serve process.
type replica struct {
	proc *exec.Cmd
	logs *syncBuffer
}

func newCrashHarness(t *testing.T, pairs int, seed uint64) *crashHarness {
	t.Helper()
	return newCrashHarnessOn(t, filepath.Join(t.TempDir(), "mentorbot.db"), pairs, seed)
}

// newCrashHarnessOn is newCrashHarness on the database target names.
func newCrashHarnessOn(t *testing.T, target string, pairs int, seed uint64) *crashHarness {
	t.Helper()
	dir := t.TempDir()
	h := &crashHarness{t: t, bin: buildBinary(t, dir), db: target,
		fake: slackfake.New(slackfake.Options{}), rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		answered: map[int64]bool{}, clicked: map[int64]bool{}}
	t.Cleanup(h.fake.Close)
	h.fake.AddUser(slackfake.User{ID: "UADMIN", Name: "admin", RealName: "Admin"})
	// Pairings exist from the start, so check-ins flow in every run.
	db, err := sqldb.Open(context.Background(), h.db, sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	for i := range pairs {
		mentor, mentee := fmt.Sprintf("UMR%03d", i), fmt.Sprintf("UME%03d", i)
		for _, id := range []string{mentor, mentee} {
			h.fake.AddUser(slackfake.User{ID: id, Name: strings.ToLower(id), RealName: "Person " + id})
		}
		if _, err := db.SaveProfile(context.Background(), store.Profile{SlackID: mentor, Name: "Person " + mentor, Role: store.RoleMentor,
			Teaches: []string{"Go"}, Department: "Eng", Capacity: 3, Cadence: store.CadenceWeekly, Timezone: "UTC"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SaveProfile(context.Background(), store.Profile{SlackID: mentee, Name: "Person " + mentee, Role: store.RoleMentee,
			Learns: []string{"Go"}, Department: "Ops", Cadence: store.CadenceWeekly, Timezone: "UTC"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreatePairing(context.Background(), store.NewPairing{MentorSlack: mentor, MenteeSlack: mentee}); err != nil {
			t.Fatal(err)
		}
	}
	h.env = []string{
		"SLACK_BOT_TOKEN=xoxb-test", "SLACK_APP_TOKEN=xapp-test", "SLACK_API_URL=" + h.fake.URL(),
		"MENTORBOT_DB=" + h.db, "MENTORBOT_ADMINS=UADMIN",
		// A check-in slot every few seconds (the same instant for
		// everyone), so sends are nearly always in flight, yet fewer than
		// Slack's 300 a minute (2 per pairing per slot) so the outbox can
		// drain.
		fmt.Sprintf("MENTORBOT_CHECKIN_SCHEDULE=CRON_TZ=UTC */%d * * * * *", max(10, min(30, pairs*2/5+2))),
		"MENTORBOT_FEEDBACK_SCHEDULE=0 14 1 * *",
		"MENTORBOT_REMINDER_AFTER=1h", "MENTORBOT_CATCHUP_GRACE=1m",
		"MENTORBOT_LOG_LEVEL=info",
	}
	t.Cleanup(h.killNow)
	return h
}

// start runs one more serve and waits until it is connected.
func (h *crashHarness) start() *replica {
	h.t.Helper()
	before := h.fake.ConnectCount()
	r := &replica{logs: &syncBuffer{}}
	r.proc = exec.Command(h.bin, "serve")
	r.proc.Env = h.env
	r.proc.Stdout, r.proc.Stderr = r.logs, r.logs
	if err := r.proc.Start(); err != nil {
		h.t.Fatal(err)
	}
	h.live, h.logs = append(h.live, r), r.logs
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := h.fake.Wait(ctx, func() bool { return h.fake.ConnectCount() > before }); err != nil {
		h.killNow()
		h.t.Fatalf("serve never connected:\n%s", r.logs.String())
	}
	return r
}

// kill sends r SIGKILL and reaps it.
func (h *crashHarness) kill(r *replica) {
	_ = r.proc.Process.Signal(syscall.SIGKILL)
	_ = r.proc.Wait()
	h.allLg.WriteString(r.logs.String())
	h.live = slices.DeleteFunc(h.live, func(o *replica) bool { return o == r })
}

// killNow SIGKILLs every running replica.
func (h *crashHarness) killNow() {
	for len(h.live) > 0 {
		h.kill(h.live[0])
	}
}

// stop sends every replica SIGTERM and expects clean exits.
func (h *crashHarness) stop() {
	h.t.Helper()
	for _, r := range h.live {
		_ = r.proc.Process.Signal(syscall.SIGTERM)
	}
	for _, r := range h.live {
		done := make(chan error, 1)
		go func() { done <- r.proc.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				h.t.Errorf("serve exited with %v after SIGTERM:\n%s", err, r.logs.String())
			}
		case <-time.After(30 * time.Second):
			h.t.Error("serve ignored SIGTERM for 30 s")
			_ = r.proc.Process.Kill()
			<-done
		}
		h.allLg.WriteString(r.logs.String())
	}
	h.live = nil
}

// crashRun kills serve `kills` times during load, restarts it, and checks
// the database and the messages. It returns what it counted.
func crashRun(t *testing.T, kills, pairs int, seed uint64) (signups, answers, checkins int) {
	h := newCrashHarness(t, pairs, seed)
	for k := range kills {
		h.start()
		ctx, cancel := context.WithCancel(context.Background())
		wg := h.load(ctx, pairs)
		// Let the load and the scheduler run a random while, then kill.
		time.Sleep(time.Duration(300+h.rng.IntN(1200)) * time.Millisecond)
		h.killNow()
		cancel()
		wg.Wait()
		h.integrity()
		if k%10 == 9 {
			t.Logf("%d kills survived", k+1)
		}
	}
	// A last run works the outbox off (nothing left pending), then stops
	// cleanly.
	h.start()
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Second)
	h.answerSome(ctx, pairs, 1000)
	cancel()
	if !eventually(60*time.Second, func() bool { return h.pending() == 0 && h.checkinPosts() > 0 }) {
		t.Errorf("%d check-ins still pending a minute after the last restart", h.pending())
	}
	h.stop()
	h.integrity()
	checkins = h.verify()
	return len(h.signedUp), len(h.answered), checkins
}

// verify checks, with no replica running, that every confirmed sign-up
// and answer is stored and that no check-in went out twice; it returns
// the check-in messages Slack accepted.
func (h *crashHarness) verify() (checkins int) {
	t := h.t
	t.Helper()
	db, err := sqldb.Open(context.Background(), h.db, sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	bg := context.Background()
	// Every acknowledged sign-up is there.
	for _, u := range h.signedUp {
		if _, err := db.Participant(bg, u); err != nil {
			t.Errorf("sign-up of %s was acked and confirmed, but: %v", u, err)
		}
	}
	// Every answer the person saw recorded is recorded.
	for id := range h.answered {
		c, err := db.CheckinByID(bg, id)
		if err != nil || c.Answer != store.AnswerMet {
			t.Errorf("check-in %d: answer shown to the person, stored %q (%v)", id, c.Answer, err)
		}
	}
	// No duplicate: at most one check-in message per (person, pairing,
	// slot), counted from every chat.postMessage Slack accepted (a message
	// later rewritten by its answer counts too).
	seen := map[string]int{}
	for _, call := range h.fake.Calls("chat.postMessage") {
		if call.Error != "" || strings.Contains(call.Param("text"), "reminder") {
			continue
		}
		id, ok := checkinOf(slackfake.Message{Blocks: json.RawMessage(call.Param("blocks"))})
		if !ok {
			continue
		}
		c, err := db.CheckinByID(bg, id)
		if err != nil {
			t.Errorf("message for unknown check-in %d", id)
			continue
		}
		user := call.Param("channel")
		if c.ParticipantSlack != user {
			t.Errorf("check-in %d of %s went to %s", id, c.ParticipantSlack, user)
		}
		key := fmt.Sprintf("%s/%d/%s", user, c.PairingID, c.Slot.UTC().Format(time.RFC3339))
		seen[key]++
		checkins++
	}
	for k, n := range seen {
		if n > 1 {
			t.Errorf("check-in %s delivered %d times", k, n)
		}
	}
	if strings.Contains(h.allLg.String(), "database is locked") || strings.Contains(h.allLg.String(), "panic") {
		t.Errorf("the logs show trouble:\n%s", grepLines(h.allLg.String(), "locked"))
	}
	counts, _ := db.DeliveryCounts(bg)
	t.Logf("outbox after the campaign (kind/state: rows): %v", counts)
	if t.Failed() {
		t.Logf("logs of the last run:\n%s", h.logs.String())
	}
	if checkins == 0 || len(h.signedUp) == 0 {
		t.Fatalf("the load did nothing: %d check-ins, %d sign-ups", checkins, len(h.signedUp))
	}
	return checkins
}
