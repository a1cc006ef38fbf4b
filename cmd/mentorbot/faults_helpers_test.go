package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot/slackfake"
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
