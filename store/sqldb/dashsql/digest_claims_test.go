package dashsql_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// The digest's claims follow the check-in outbox: posting is recorded only
// by the claimant; a claim that never posted is released after the lease,
// one that posted fails (never resent); a retried row forgets its posting.
func TestDigestClaimsPostingAndStaleClaims(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	slot, claimed := now, *w.clock
	if _, err := w.st.PlanDigests(ctx, []string{"UA", "UB", "UC"}, slot); err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{"UA", "UB", "UC"} {
		if ok, err := w.st.ClaimDigest(ctx, a, slot, "w1"); err != nil || !ok {
			t.Fatalf("claim %s: %v %v", a, ok, err)
		}
	}
	if err := w.st.MarkDigestPosting(ctx, "UB", slot, "w2"); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("another worker marked posting: %v", err)
	}
	if err := w.st.MarkDigestPosting(ctx, "UB", slot, "w1"); err != nil {
		t.Fatal(err)
	}
	settle := func(unposted, dead time.Duration, wantReleased, wantFailed int) {
		t.Helper()
		r, f, err := w.st.SettleStaleDigests(ctx, claimed.Add(unposted), claimed.Add(dead))
		if err != nil || r != wantReleased || f != wantFailed {
			t.Fatalf("settle(%s, %s) = %d released, %d failed, %v; want %d, %d", unposted, dead, r, f, err, wantReleased, wantFailed)
		}
	}
	settle(0, 0, 0, 0) // nothing claimed before the claims themselves
	settle(2*time.Minute, -time.Hour, 2, 0)
	settle(2*time.Minute, 10*time.Minute, 0, 1)
	pending, err := w.st.PendingDigests(ctx)
	if err != nil || len(pending) != 2 || pending[0].AdminID != "UA" || pending[1].AdminID != "UC" {
		t.Fatalf("pending after settling = %+v, %v; want UA and UC (UB may have gone out)", pending, err)
	}
	// The released claimant finds its claim gone and records nothing.
	if err := w.st.MarkDigestPosting(ctx, "UA", slot, "w1"); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("a released claim marked posting: %v", err)
	}
	if err := w.st.FinishDigest(ctx, "UA", slot, "w1", store.DigestSent, "D", "1", ""); err != nil {
		t.Fatal(err)
	}
	if pending, _ := w.st.PendingDigests(ctx); len(pending) != 2 {
		t.Fatalf("a released claimant's outcome counted: %+v", pending)
	}
	// A transient failure after posting forgets it: a later stale claim
	// of the row is released, not failed.
	if ok, _ := w.st.ClaimDigest(ctx, "UC", slot, "w2"); !ok {
		t.Fatal("UC not reclaimed")
	}
	if err := w.st.MarkDigestPosting(ctx, "UC", slot, "w2"); err != nil {
		t.Fatal(err)
	}
	if err := w.st.FinishDigest(ctx, "UC", slot, "w2", store.DigestPending, "", "", "transient"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := w.st.ClaimDigest(ctx, "UC", slot, "w3"); !ok {
		t.Fatal("UC not claimed after its retry")
	}
	settle(2*time.Minute, 10*time.Minute, 1, 0)
}
