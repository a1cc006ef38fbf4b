package sqldb_test

import (
	"context"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// TestAcceptWithdrawsOtherPendingRequests: accepting one of a mentee's
// requests withdraws their other pending ones (with decided_at and the
// request DM recorded for each), leaves declined ones and other mentees'
// requests alone, and exports show "withdrawn".
func TestAcceptWithdrawsOtherPendingRequests(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	for _, p := range []store.Profile{profile("UA", store.RoleMentor), profile("UC", store.RoleMentor), profile("UD", store.RoleMentor),
		profile("UB", store.RoleMentee), profile("UE", store.RoleMentee)} {
		if _, err := db.SaveProfile(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	mustRequest := func(mentee, mentor string) store.Request {
		t.Helper()
		q, err := db.CreateRequest(ctx, mentee, mentor)
		if err != nil {
			t.Fatal(err)
		}
		return q
	}
	toA, toC, toD, otherToC := mustRequest("UB", "UA"), mustRequest("UB", "UC"), mustRequest("UB", "UD"), mustRequest("UE", "UC")
	if err := db.SetRequestMessage(ctx, toC.ID, "DC", "1.5"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.DeclineRequest(ctx, toD.ID, "UD"); err != nil {
		t.Fatal(err)
	}
	acc, err := db.AcceptRequest(ctx, toA.ID, "UA")
	if err != nil {
		t.Fatal(err)
	}
	if acc.Pairing.MenteeSlack != "UB" || len(acc.Withdrawn) != 1 {
		t.Fatalf("accepted = %+v", acc)
	}
	w := acc.Withdrawn[0]
	if w.ID != toC.ID || w.Status != store.RequestWithdrawn || w.DMChannel != "DC" || w.DMTS != "1.5" || w.DecidedAt == nil {
		t.Fatalf("withdrawn = %+v", w)
	}
	for id, want := range map[int64]string{toA.ID: store.RequestAccepted, toC.ID: store.RequestWithdrawn, toD.ID: store.RequestDeclined, otherToC.ID: store.RequestPending} {
		if q, _ := db.RequestByID(ctx, id); q.Status != want {
			t.Errorf("request %d is %q, want %q", id, q.Status, want)
		}
	}
	ex, err := db.ExportPerson(ctx, "UC")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, q := range ex.Requests {
		got[q.OtherSlackID] = q.Status
	}
	if got["UB"] != store.RequestWithdrawn || got["UE"] != store.RequestPending {
		t.Fatalf("UC's exported requests = %v", got)
	}
}
