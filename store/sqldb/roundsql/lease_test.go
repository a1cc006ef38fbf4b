package roundsql_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// The rounds' claims follow docs/scheduler.md points 4 and 5 (both
// engines): posting is recorded only by the claimant; a claim that never
// reached posting is released after the unposted lease, one that did is
// failed after the lease (never resent), and a claimant that did post
// still records it as sent.
func TestRoundClaimLeases(t *testing.T) {
	dbs := open(t, 2)
	ctx := context.Background()
	se := startSeries(t, dbs[0], "UANN", "UBOB", "UCAT", "UDAN")
	if _, err := dbs[0].RunRound(ctx, store.RoundPlan{SeriesID: se.ID, Slot: t0, AskAt: t0.Add(time.Hour)}, "w", inPairs); err != nil {
		t.Fatal(err)
	}
	due, err := dbs[0].DueRoundMessages(ctx, t0, 100)
	if err != nil || len(due) != 2 {
		t.Fatalf("due %d %v", len(due), err)
	}
	unposted, posted := due[0].ID, due[1].ID
	for _, id := range []int64{unposted, posted} {
		if _, ok, err := dbs[0].ClaimRoundMessage(ctx, id, "a", t0); err != nil || !ok {
			t.Fatalf("claim %d: %v %v", id, ok, err)
		}
	}
	if err := dbs[1].MarkRoundPosting(ctx, posted, "b"); !errors.Is(err, store.ErrConflict) {
		t.Errorf("a stranger marked a claim posting: %v", err)
	}
	if err := dbs[0].MarkRoundPosting(ctx, posted, "a"); err != nil {
		t.Fatal(err)
	}
	// Within the leases nothing moves.
	if r, f, err := dbs[1].SettleStaleRoundMessages(ctx, t0, t0); err != nil || r+f != 0 {
		t.Errorf("within the leases: released %d, failed %d, %v", r, f, err)
	}
	// Past the unposted lease only the claim that never reached Slack
	// goes back to pending, its attempt undone.
	later := t0.Add(3 * time.Minute)
	if r, f, err := dbs[1].SettleStaleRoundMessages(ctx, later, t0); err != nil || r != 1 || f != 0 {
		t.Fatalf("unposted lease: released %d, failed %d, %v", r, f, err)
	}
	if m, _ := dbs[1].RoundMessage(ctx, unposted); m.State != store.DeliveryPending || m.ClaimedBy != "" || m.Attempts != 0 {
		t.Errorf("released row %s by %q, %d attempts", m.State, m.ClaimedBy, m.Attempts)
	}
	// Its old owner, only slow, finds its claim gone and must not post.
	if err := dbs[0].MarkRoundPosting(ctx, unposted, "a"); !errors.Is(err, store.ErrConflict) {
		t.Errorf("the old owner marked a released claim posting: %v", err)
	}
	if _, ok, err := dbs[1].ClaimRoundMessage(ctx, unposted, "b", later); err != nil || !ok {
		t.Errorf("released row not claimable: %v %v", ok, err)
	}
	if m, _ := dbs[1].RoundMessage(ctx, posted); m.State != store.DeliverySending {
		t.Errorf("a posted claim left %s at the unposted lease", m.State)
	}
	// Past the lease the posted claim is failed, never pending again.
	if r, f, err := dbs[1].SettleStaleRoundMessages(ctx, later, later); err != nil || r != 0 || f != 1 {
		t.Fatalf("lease: released %d, failed %d, %v", r, f, err)
	}
	if m, _ := dbs[1].RoundMessage(ctx, posted); m.State != store.DeliveryFailed {
		t.Errorf("dead posted claim left %s", m.State)
	}
	if _, ok, _ := dbs[1].ClaimRoundMessage(ctx, posted, "b", later); ok {
		t.Error("a claim that may have posted was claimed again")
	}
	// Its claimant, had it in fact posted, still records the message.
	if err := dbs[0].FinishRoundMessage(ctx, posted, "a", store.RoundOutcome{State: store.DeliverySent, Channel: "G1", TS: "1.1"}); err != nil {
		t.Fatal(err)
	}
	if m, _ := dbs[1].RoundMessage(ctx, posted); m.State != store.DeliverySent || m.ChannelID != "G1" {
		t.Errorf("late sent record: %s %q", m.State, m.ChannelID)
	}
	// A retry frees the row for anyone, with no posting mark left over.
	if err := dbs[1].MarkRoundPosting(ctx, unposted, "b"); err != nil {
		t.Fatal(err)
	}
	if err := dbs[1].FinishRoundMessage(ctx, unposted, "b", store.RoundOutcome{State: store.DeliveryPending, NotBefore: later, Why: "transient"}); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := dbs[0].ClaimRoundMessage(ctx, unposted, "a", later); err != nil || !ok {
		t.Fatalf("retried row: %v %v", ok, err)
	}
	if r, _, err := dbs[0].SettleStaleRoundMessages(ctx, later.Add(3*time.Minute), t0); err != nil || r != 1 {
		t.Errorf("a retried claim kept its old posting mark: released %d, %v", r, err)
	}
}
