package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/store"
)

// Fault injection through the fake Slack. The full suite is behind the
// "faults" build tag (faults_test.go: go test -tags faults ./cmd/mentorbot/
// -run Fault -v); faults_quick_test.go runs small versions of the same
// checks in every go test. docs/operations.md describes both.

// ackStats summarises ack latencies.
type ackStats struct {
	n             int
	p50, p99, max time.Duration
	late          int
}

func (s ackStats) String() string {
	return fmt.Sprintf("%d envelopes: ack p50 %v, p99 %v, max %v, %d late", s.n, s.p50, s.p99, s.max, s.late)
}

func summarise(lat []time.Duration, late int) ackStats {
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	n := len(lat)
	return ackStats{n: n, p50: lat[n/2], p99: lat[(n*99)/100], max: lat[n-1], late: late}
}

// slowHandlerDelay holds back every Web API answer the burst's handlers
// wait for: longer than the ack deadline (2 s) would allow if acks waited
// for handlers.
const slowHandlerDelay = 2500 * time.Millisecond

// ackBurst sends n envelopes (half slash commands, a quarter
// app_home_opened events, a quarter button clicks) from `senders`
// goroutines while every reply, views.publish and views.open is slowed
// down, and returns the ack latencies as Slack measures them.
func ackBurst(t *testing.T, r *running, n, senders int) ackStats {
	t.Helper()
	users := []string{"UANN", "UBOB", "UCAT", "UDAN"}
	homes := map[string]string{}
	for _, u := range users {
		env, err := r.fake.OpenHome(r.ctx(), u)
		if err != nil {
			t.Fatal(err)
		}
		env.WaitAck(r.ctx())
		if err := r.fake.Wait(r.ctx(), func() bool { v, ok := r.fake.HomeView(u); homes[u] = v.ID; return ok }); err != nil {
			t.Fatalf("no home view for %s", u)
		}
	}
	// Slow handlers: each one waits on a slowed Web API answer.
	slow := slackfake.Fault{Delay: slowHandlerDelay}
	r.fake.FailNext("response_url", n, slow)
	r.fake.FailNext("views.publish", n, slow)
	r.fake.FailNext("views.open", n, slow)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	lat := make([]time.Duration, n)
	lateCount := 0
	slowByType := map[string]int{}
	var mu sync.Mutex
	var firstErr error
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				u := users[i%len(users)]
				var env *slackfake.Envelope
				var err error
				switch {
				case i%4 == 1:
					env, err = r.fake.OpenHome(ctx, u)
				case i%4 == 3:
					env, err = r.fake.ClickButton(ctx, u, slackfake.Location{ViewID: homes[u]}, "open_signup", "")
				default:
					env, err = r.fake.SlashCommand(ctx, u, "/mentor", "status")
				}
				var ack slackfake.Ack
				if err == nil {
					ack, err = env.WaitAck(ctx)
				}
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = fmt.Errorf("envelope %d: %w", i, err)
				}
				lat[i] = ack.Latency
				if ack.Latency > time.Second {
					slowByType[env.Type()]++
				}
				if ack.Late {
					lateCount++
				}
				mu.Unlock()
			}
		}()
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		t.Fatal(firstErr)
	}
	st := summarise(lat, lateCount)
	if len(slowByType) > 0 {
		t.Logf("acks over 1 s by envelope type: %v", slowByType)
	}
	// The handlers did their (slow) work after the acks.
	if err := r.fake.Wait(ctx, func() bool { return len(r.fake.Calls("views.open")) >= n/4 }); err != nil {
		t.Fatalf("the slow handlers never finished: %d views.open", len(r.fake.Calls("views.open")))
	}
	return st
}

// redeliver sends env again three times with the same envelope_id
// (retry_attempt 1, 2, 3) and once with a new envelope_id, as Slack does
// after a late ack, and waits for every ack.
func redeliver(t *testing.T, r *running, env *slackfake.Envelope) {
	t.Helper()
	prev := env
	for attempt := 1; attempt <= 3; attempt++ {
		again, err := r.fake.Redeliver(r.ctx(), prev, false)
		if err != nil {
			t.Fatal(err)
		}
		if again.RetryAttempt() != attempt || again.ID() != env.ID() {
			t.Fatalf("redelivery %d: retry_attempt %d, id %s", attempt, again.RetryAttempt(), again.ID())
		}
		if _, err := again.WaitAck(r.ctx()); err != nil {
			t.Fatalf("redelivery %d not acked: %v", attempt, err)
		}
		prev = again
	}
	fresh, err := r.fake.Redeliver(r.ctx(), env, true)
	if err != nil {
		t.Fatal(err)
	}
	if fresh.ID() == env.ID() {
		t.Fatal("a new envelope_id was asked for")
	}
	if _, err := fresh.WaitAck(r.ctx()); err != nil {
		t.Fatalf("redelivery with a new envelope_id not acked: %v", err)
	}
}

// settle runs a harmless command and waits for its answer, so handlers
// started before it have had their turn (envelopes are handled in order of
// arrival, each in its own goroutine).
func (r *running) settle() {
	r.t.Helper()
	r.slash("UADMIN", "help")
	r.waitEphemeral("UADMIN", "Admin commands")
}

// countMessages counts messages in a channel containing want.
func (r *running) countMessages(channel, want string) int {
	n := 0
	for _, m := range r.fake.Messages(channel) {
		if strings.Contains(msgText(m), want) {
			n++
		}
	}
	return n
}

// countEphemerals counts ephemeral messages to user containing want.
func (r *running) countEphemerals(user, want string) int {
	n := 0
	for _, m := range r.fake.Ephemerals(user) {
		if strings.Contains(msgText(m), want) {
			n++
		}
	}
	return n
}

// reconnectAfter injects one connection fault ("abrupt" closes the TCP
// connections; anything else is a disconnect reason) while commands are
// in flight, and checks the bot reconnects within 10 s and that every
// command is answered exactly once, redelivering (as Slack does) any
// envelope whose ack never came. It returns the reconnect time.
func reconnectAfter(t *testing.T, r *running, fault string, commands int) time.Duration {
	t.Helper()
	before := r.fake.ConnectCount()
	tag := fmt.Sprintf("%s-%d", fault, before) // unique per call: answers are counted by text
	envs := make([]*slackfake.Envelope, commands)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range commands {
		wg.Add(1)
		go func() {
			defer wg.Done()
			env, err := r.fake.SlashCommand(r.ctx(), "UBOB", "/mentor", fmt.Sprintf("dance-%s-%d", tag, i))
			if err != nil {
				t.Errorf("command %d: %v", i, err)
				return
			}
			envs[i] = env
		}()
		if i == commands/2 {
			start = time.Now()
			if fault == "abrupt" {
				r.fake.DropConnections()
			} else {
				r.fake.Disconnect(fault)
			}
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := r.fake.Wait(ctx, func() bool { return r.fake.ConnectCount() > before && r.fake.Connections() >= 1 }); err != nil {
		t.Fatalf("%s: no reconnect within 10 s", fault)
	}
	took := time.Since(start)
	wg.Wait()
	// Slack redelivers what was never acked (written to a socket that died).
	redelivered := 0
	for _, env := range envs {
		if env == nil {
			continue
		}
		actx, acancel := context.WithTimeout(context.Background(), 3*time.Second)
		_, err := env.WaitAck(actx)
		acancel()
		if err != nil {
			redelivered++
			again, err := r.fake.Redeliver(r.ctx(), env, false)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := again.WaitAck(r.ctx()); err != nil {
				t.Fatalf("%s: redelivered envelope not acked: %v", fault, err)
			}
		}
	}
	for i := range commands {
		want := fmt.Sprintf("dance-%s-%d`", tag, i)
		r.waitEphemeral("UBOB", want)
	}
	r.settle()
	for i := range commands {
		want := fmt.Sprintf("dance-%s-%d`", tag, i)
		if n := r.countEphemerals("UBOB", want); n != 1 {
			t.Errorf("%s: command %d answered %d times", fault, i, n)
		}
	}
	t.Logf("%s: reconnected in %v; %d commands in flight, %d redelivered, each answered once", fault, took.Round(time.Millisecond), commands, redelivered)
	return took
}

// startAgainst runs serve against an existing fake (faults already
// injected) and returns its result channel and logs.
func startAgainst(t *testing.T, fake *slackfake.Server) (<-chan error, *syncBuffer, context.CancelFunc) {
	t.Helper()
	env := map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": "xapp-test", "SLACK_API_URL": fake.URL(),
		"MENTORBOT_DB": filepath.Join(t.TempDir(), "mentorbot.db"), "MENTORBOT_ADMINS": "UADMIN",
	}
	cfg, err := loadConfig(nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, cfg, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})), time.Now)
	}()
	return done, logs, cancel
}

// authStops checks that serve stops, without retrying, when Slack refuses
// the app token with code on apps.connections.open.
func authStops(t *testing.T, code string) {
	t.Helper()
	fake := slackfake.New(slackfake.Options{})
	defer fake.Close()
	fake.FailNext("apps.connections.open", 1, slackfake.Fault{Error: code})
	done, logs, cancel := startAgainst(t, fake)
	defer cancel()
	select {
	case err := <-done:
		if !errors.Is(err, bot.ErrAuth) {
			t.Fatalf("%s: serve returned %v, want bot.ErrAuth", code, err)
		}
	case <-time.After(10 * time.Second):
		cancel()
		<-done
		t.Fatalf("%s: serve still running after 10 s (%d apps.connections.open calls): it loops", code, len(fake.Calls("apps.connections.open")))
	}
	if n := len(fake.Calls("apps.connections.open")); n != 1 {
		t.Errorf("%s: %d apps.connections.open calls, want 1 (no retry loop)", code, n)
	}
	if !strings.Contains(logs.String(), "Slack refused the tokens") {
		t.Errorf("%s: no clear log line; logs:\n%s", code, logs.String())
	}
	if strings.Contains(logs.String(), "xapp-test") || strings.Contains(logs.String(), "xoxb-test") {
		t.Errorf("%s: a token reached the logs", code)
	}
}

// apiFault is one Web API fault kind.
type apiFault struct {
	name  string
	fault slackfake.Fault
}

var apiFaults = []apiFault{
	{"429", slackfake.Fault{Status: 429, RetryAfter: time.Second}},
	{"500", slackfake.Fault{Status: 500}},
	{"slow", slackfake.Fault{Delay: 2 * time.Second}},
}

// apiCase exercises one Web API method under a fault: setup runs before
// the fault is injected, act after, and check says whether the outcome is
// acceptable: the effect happened exactly once, or the person got a clear
// failure and nothing changed.
type apiCase struct {
	method string
	setup  func(r *running, a *app)
	act    func(r *running, a *app)
	check  func(t *testing.T, r *running, a *app, fault string)
}

// leaveAsked signs Bob up and has him run /mentor leave (the question with
// Confirm / Cancel buttons arrives in the ack).
func leaveAsked(r *running, _ *app) {
	r.signUp("UBOB", menteeForm("Go", ""))
	r.slash("UBOB", "leave")
	r.waitEphemeral("UBOB", "This cannot be undone")
}

// clickLeaveCancel clicks Cancel on Bob's leave question.
func clickLeaveCancel(r *running, _ *app) {
	ask := r.waitEphemeral("UBOB", "This cannot be undone")
	clickIn(r.t, r, "UBOB", ask, "leave_cancel")
}

// signUpBob submits Bob's sign-up form (the confirmation may be lost).
func signUpBob(r *running) {
	r.slash("UBOB", "signup")
	v := r.waitView("UBOB", "signup")
	if payload := r.submit("UBOB", v.ID, menteeForm("Go", "")); payload != nil {
		r.t.Fatalf("sign-up refused: %v", payload)
	}
}

// storedOnce checks Bob is signed up exactly once and got at most one
// confirmation.
func storedOnce(t *testing.T, r *running, needDM bool) {
	t.Helper()
	if err := r.fake.Wait(r.ctx(), func() bool {
		_, err := r.db().Participant(context.Background(), "UBOB")
		return err == nil
	}); err != nil {
		t.Fatal("the sign-up was not stored")
	}
	if needDM {
		r.waitDM("UBOB", "Thanks for signing up")
	}
	r.settle()
	ps, _ := r.db().Participants(context.Background(), "")
	if len(ps) != 1 {
		t.Fatalf("%d participants, want 1", len(ps))
	}
	n := r.countMessages(r.fake.DMChannel("UBOB"), "Thanks for signing up")
	if n > 1 || (needDM && n != 1) {
		t.Fatalf("%d sign-up confirmations", n)
	}
}

// repliedOnce checks user got exactly one of the acceptable answers.
func repliedOnce(t *testing.T, r *running, user string, answers ...string) {
	t.Helper()
	found := func() int {
		n := 0
		for _, a := range answers {
			n += r.countEphemerals(user, a) + r.countMessages(r.fake.DMChannel(user), a)
		}
		return n
	}
	if err := r.fake.Wait(r.ctx(), func() bool { return found() > 0 }); err != nil {
		t.Fatalf("%s got none of %q; ephemerals:\n%s", user, answers, dumpMessages(r.fake.Ephemerals(user)))
	}
	r.settle()
	if n := found(); n != 1 {
		t.Fatalf("%s got %d answers among %q", user, n, answers)
	}
}

var apiCases = []apiCase{
	{method: "users.info", act: func(r *running, _ *app) { signUpBob(r) },
		check: func(t *testing.T, r *running, _ *app, _ string) { storedOnce(t, r, true) }},
	{method: "conversations.open", act: func(r *running, _ *app) { signUpBob(r) },
		check: func(t *testing.T, r *running, _ *app, f string) { storedOnce(t, r, f == "slow") }},
	{method: "chat.postMessage", act: func(r *running, _ *app) { signUpBob(r) },
		check: func(t *testing.T, r *running, _ *app, f string) { storedOnce(t, r, f == "slow") }},
	{method: "views.publish", act: func(r *running, _ *app) { signUpBob(r) },
		check: func(t *testing.T, r *running, _ *app, _ string) { storedOnce(t, r, true) }},
	{method: "views.open", act: func(r *running, _ *app) { r.slash("UBOB", "signup") },
		check: func(t *testing.T, r *running, _ *app, f string) {
			// The modal opens (slow), or Bob is told to try again.
			if f == "slow" {
				r.waitView("UBOB", "signup")
				return
			}
			repliedOnce(t, r, "UBOB", "Something went wrong on my side", "took too long")
		}},
	// A slash command's first reply travels in its ack; a button's reply
	// goes through response_url, falling back to chat.postEphemeral.
	{method: "response_url", setup: leaveAsked, act: clickLeaveCancel,
		check: func(t *testing.T, r *running, _ *app, _ string) { repliedOnce(t, r, "UBOB", "nothing changed") }},
	{method: "chat.postEphemeral",
		setup: func(r *running, a *app) {
			leaveAsked(r, a)
			r.fake.FailNext("response_url", 1, slackfake.Fault{Status: 500})
		},
		act:   clickLeaveCancel,
		check: func(t *testing.T, r *running, _ *app, _ string) { repliedOnce(t, r, "UBOB", "nothing changed") }},
	{method: "files.getUploadURLExternal", setup: func(r *running, _ *app) { r.signUp("UBOB", menteeForm("Go", "")) },
		act:   func(r *running, _ *app) { r.slash("UBOB", "export") },
		check: exportOnce},
	{method: "file_upload", setup: func(r *running, _ *app) { r.signUp("UBOB", menteeForm("Go", "")) },
		act:   func(r *running, _ *app) { r.slash("UBOB", "export") },
		check: exportOnce},
	{method: "files.completeUploadExternal", setup: func(r *running, _ *app) { r.signUp("UBOB", menteeForm("Go", "")) },
		act:   func(r *running, _ *app) { r.slash("UBOB", "export") },
		check: exportOnce},
	{method: "chat.postMessage (check-in)",
		setup: func(r *running, _ *app) { seedPairing(r.t, r) },
		act:   func(r *running, a *app) { r.at(a, "2026-11-02 10:00") },
		check: func(t *testing.T, r *running, a *app, _ string) {
			// The scheduler retries 429 and 5xx itself: one check-in.
			for i := 1; i <= 3 && len(r.dms("UBOB", "Did you meet")) == 0; i++ {
				r.at(a, fmt.Sprintf("2026-11-02 10:%02d", i*2))
			}
			r.waitDM("UBOB", "Did you meet")
			r.at(a, "2026-11-02 10:30")
			if n := len(r.dms("UBOB", "Did you meet")); n != 1 {
				t.Fatalf("%d check-ins", n)
			}
		}},
	{method: "chat.update",
		setup: func(r *running, a *app) {
			seedPairing(r.t, r)
			r.at(a, "2026-11-02 10:00")
			r.waitDM("UBOB", "Did you meet")
		},
		act: func(r *running, _ *app) { r.click("UBOB", r.dms("UBOB", "Did you meet")[0], "checkin_met") },
		check: func(t *testing.T, r *running, _ *app, _ string) {
			// The answer is stored once; Bob sees it in the message or, if
			// chat.update failed, in a private reply.
			repliedOnce(t, r, "UBOB", "Your answer: *Met*")
			ex, _ := r.db().ExportPerson(context.Background(), "UBOB")
			if len(ex.CheckIns) != 1 || ex.CheckIns[0].Answer != store.AnswerMet {
				t.Fatalf("check-ins %+v", ex.CheckIns)
			}
		}},
	{method: "apps.connections.open",
		act: func(r *running, _ *app) { r.fake.DropConnections() },
		check: func(t *testing.T, r *running, _ *app, _ string) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := r.fake.Wait(ctx, func() bool { return r.fake.ConnectCount() >= 2 }); err != nil {
				t.Fatal("no reconnect within 10 s")
			}
			r.settle()
		}},
}

func exportOnce(t *testing.T, r *running, _ *app, f string) {
	t.Helper()
	repliedOnce(t, r, "UBOB", "I've sent you a direct message", "I couldn't send your data file")
	files := r.fake.Files(r.fake.DMChannel("UBOB"))
	sent := r.countEphemerals("UBOB", "I've sent you a direct message")
	if len(files) != sent {
		t.Fatalf("%d files shared, %d 'sent' replies", len(files), sent)
	}
	if f == "slow" && sent != 1 {
		t.Fatal("a slow upload failed")
	}
}

// runAPICase runs one method × fault on a fresh bot.
func runAPICase(t *testing.T, c apiCase, f apiFault) {
	t.Helper()
	r, a := startApp(t)
	if c.setup != nil {
		c.setup(r, a)
	}
	method, _, _ := strings.Cut(c.method, " ")
	r.fake.FailNext(method, 1, f.fault)
	c.act(r, a)
	c.check(t, r, a, f.name)
	// The fault was consumed: the method was really called.
	if err := r.fake.Wait(r.ctx(), func() bool {
		for _, call := range r.fake.Calls(method) {
			if f.fault.Status == 0 || call.Status == f.fault.Status {
				return true
			}
		}
		return false
	}); err != nil {
		t.Fatalf("%s was never called with the fault", method)
	}
}
