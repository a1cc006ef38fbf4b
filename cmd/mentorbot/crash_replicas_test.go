package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store/sqldb"
	"github.com/mentorbot/mentorbot/store/sqldb/sqldbtest"
)

// Several replicas on one PostgreSQL database (docs/postgres.md): the
// crash campaign of crash_helpers_test.go with `replicas` serve processes
// sharing the outbox, one of them SIGKILLed at a time while it dispatches
// (it holds a claimed row), then started again. The others keep serving,
// `mentorbot report` runs after every kill, and at the end, as on SQLite,
// nothing acknowledged is lost and no check-in went out twice.

// replicaCampaign is what crashRunReplicas counted.
type replicaCampaign struct {
	signups, answers, checkins int
	midDispatch                int // kills that hit a replica holding a claim
	reports                    int
}

func crashRunReplicas(t *testing.T, replicas, kills, pairs int, seed uint64) replicaCampaign {
	t.Helper()
	h := newCrashHarnessOn(t, sqldbtest.PostgresTarget(t), pairs, seed)
	raw := sqldbtest.Raw(t, h.db, sqldb.DSN)
	var c replicaCampaign
	var rep reportWatch
	killed := map[int]bool{} // pids
	for range replicas {
		h.start()
	}
	for k := range kills {
		ctx, cancel := context.WithCancel(context.Background())
		wg := h.load(ctx, pairs)
		victim, dispatching := h.dispatchingReplica(raw, 30*time.Second)
		killed[victim.proc.Process.Pid] = true
		h.kill(victim)
		if dispatching {
			c.midDispatch++
		}
		cancel()
		wg.Wait()
		h.integrity()
		rep.check(h) // the others still serve
		h.start()
		t.Logf("kill %d: a replica %s; %d check-in messages so far", k+1,
			map[bool]string{true: "holding a claim", false: "between slots"}[dispatching], h.checkinPosts())
	}
	// The replicas work the outbox off (nothing left pending).
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Second)
	h.answerSome(ctx, pairs, 1000)
	cancel()
	if !eventually(60*time.Second, func() bool { return h.pending() == 0 && h.checkinPosts() > 0 }) {
		t.Errorf("%d check-ins still pending a minute after the last kill", h.pending())
	}
	rep.check(h)
	h.stopAndCheckClaims(raw, killed)
	h.integrity()
	c.checkins = h.verify()
	c.signups, c.answers, c.reports = len(h.signedUp), len(h.answered), rep.runs
	if c.midDispatch == 0 {
		t.Errorf("no kill hit a replica while it held a claim (%d kills)", kills)
	}
	return c
}

// dispatchingReplica waits for the next message to Slack (a slot is being
// dispatched), then for a running replica that holds a claimed outbox row
// (it is sending), and returns it; after wait it returns a random one.
func (h *crashHarness) dispatchingReplica(raw *sqldbtest.RawDB, wait time.Duration) (*replica, bool) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	posts := len(h.fake.Calls("chat.postMessage"))
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for h.fake.Wait(ctx, func() bool { return len(h.fake.Calls("chat.postMessage")) > posts }) == nil {
		for range 250 { // half a second of this slot's dispatch
			var claimers []string
			if err := raw.Select(&claimers, `SELECT DISTINCT claimed_by FROM deliveries WHERE state = 'sending'`); err != nil {
				h.t.Fatal(err)
			}
			for _, r := range h.live {
				for _, by := range claimers {
					if workerOf(by, r) {
						return r, true
					}
				}
			}
			<-tick.C
		}
		posts = len(h.fake.Calls("chat.postMessage"))
	}
	return h.live[h.rng.IntN(len(h.live))], false
}

// workerOf tells whether claimed_by names r (scheduler's default worker
// ID is host-pid-random).
func workerOf(claimedBy string, r *replica) bool {
	return strings.Contains(claimedBy, fmt.Sprintf("-%d-", r.proc.Process.Pid))
}

// stopAndCheckClaims stops the replicas and checks that every row still
// in sending was claimed by a killed replica: the lease resolves those
// (released if the call never started, probed otherwise); a live replica
// left none behind.
func (h *crashHarness) stopAndCheckClaims(raw *sqldbtest.RawDB, killed map[int]bool) {
	h.t.Helper()
	h.stop()
	var claimers []string
	if err := raw.Select(&claimers, `SELECT claimed_by FROM deliveries WHERE state = 'sending'`); err != nil {
		h.t.Fatal(err)
	}
	for _, by := range claimers {
		ok := false
		for pid := range killed {
			ok = ok || strings.Contains(by, fmt.Sprintf("-%d-", pid))
		}
		if !ok {
			h.t.Errorf("a row is left in sending by %s, which was never killed", by)
		}
	}
	h.t.Logf("%d rows in sending, all claimed by killed replicas, wait for their lease", len(claimers))
}

// reportWatch runs `mentorbot report --format json` and checks that its
// totals only grow.
type reportWatch struct {
	runs                       int
	participants, sentCheckins int
}

func (w *reportWatch) check(h *crashHarness) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, h.bin, "report", "--format", "json")
	cmd.Env = h.env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		h.t.Fatalf("report while replicas run: %v\n%s", err, errb.String())
	}
	var r struct {
		Participants struct {
			Total int `json:"total"`
		} `json:"participants"`
		CheckIns struct {
			Sent int `json:"sent"`
		} `json:"checkins"`
	}
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		h.t.Fatalf("report: %v\n%s", err, out.String())
	}
	if r.Participants.Total < w.participants || r.CheckIns.Sent < w.sentCheckins {
		h.t.Errorf("report went back: %d participants, %d check-ins sent after %d, %d",
			r.Participants.Total, r.CheckIns.Sent, w.participants, w.sentCheckins)
	}
	w.participants, w.sentCheckins = r.Participants.Total, r.CheckIns.Sent
	w.runs++
}

// TestCrashSafetyReplicasShort: three replicas on PostgreSQL, one of them
// SIGKILLed three times while it dispatches (the long run: -tags crash,
// TestCrashSafetyReplicas). Skipped with -short, or when no PostgreSQL
// server can be had (sqldbtest).
func TestCrashSafetyReplicasShort(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the binary; skipped with -short")
	}
	c := crashRunReplicas(t, 3, 3, 20, 1)
	t.Logf("3 replicas, 3 kills (%d while dispatching), %d reports: %d confirmed sign-ups, %d confirmed answers, %d check-in messages, all present, none twice",
		c.midDispatch, c.reports, c.signups, c.answers, c.checkins)
}
