package sqldb_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// TestRematchOffersGoToTheFlaggerOnly: a person's own Need help or low
// rating earns them, and only them, one offer at that moment; not meeting
// earns both one, whether or not another flag came first; an offer
// already in the outbox is never due again.
func TestRematchOffersGoToTheFlaggerOnly(t *testing.T) {
	ctx := context.Background()
	db, clock, _, p := outboxFixture(t) // UA mentor, UB mentee
	due := func() string {
		t.Helper()
		offers, err := db.RematchOffersDue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		s := ""
		for _, o := range offers {
			if o.PairingID != p.ID {
				t.Fatalf("offer %+v", o)
			}
			who := map[int64]string{p.MentorID: "UA", p.MenteeID: "UB"}[o.RecipientID]
			s += fmt.Sprintf("%s@%s ", who, o.Slot.Format("15:04"))
			if _, err := db.Enqueue(ctx, []store.NewDelivery{{RecipientID: o.RecipientID, PairingID: o.PairingID, Kind: store.KindRematchOffer, Slot: o.Slot}}); err != nil {
				t.Fatal(err)
			}
		}
		return s
	}

	id := sentCheckin(t, db, p, p.MenteeID, clock.t)
	clock.t = clock.t.Add(time.Hour) // 11:00
	if _, err := db.AnswerCheckin(ctx, id, "UB", store.AnswerNeedHelp); err != nil {
		t.Fatal(err)
	}
	if got := due(); got != "UB@11:00 " {
		t.Fatalf("after UB's Need help: %q", got)
	}
	if got := due(); got != "" {
		t.Fatalf("offered twice: %q", got)
	}
	clock.t = clock.t.Add(time.Hour) // 12:00
	if _, err := db.SaveFeedback(ctx, store.NewFeedback{PairingID: p.ID, SlackID: "UB", Slot: clock.t, Rating: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveFeedback(ctx, store.NewFeedback{PairingID: p.ID, SlackID: "UA", Slot: clock.t, Rating: 3}); err != nil {
		t.Fatal(err)
	}
	if got := due(); got != "" {
		t.Fatalf("after UB's second flag and UA's rating of 3: %q", got)
	}
	clock.t = clock.t.Add(time.Hour) // 13:00
	if _, err := db.MarkNotMeeting(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if got := due(); got != "UA@13:00 " {
		t.Fatalf("after not meeting: %q", got)
	}
	pr, _ := db.PairingByID(ctx, p.ID)
	if pr.AtRiskReason != store.RiskNeedHelp {
		t.Fatalf("the admins' first reason changed: %q", pr.AtRiskReason)
	}
}

// TestNotMeetingIsFoundWhateverFlagCameFirst: a pairing already at risk
// for another reason is still found not meeting, once.
func TestNotMeetingIsFoundWhateverFlagCameFirst(t *testing.T) {
	ctx := context.Background()
	db, clock, _, p := outboxFixture(t)
	week := 7 * 24 * time.Hour
	for i := range 3 {
		id := sentCheckin(t, db, p, p.MenteeID, clock.t.Add(time.Duration(i)*week))
		answer := store.AnswerNotYet
		if i == 0 {
			answer = store.AnswerNeedHelp
		}
		if _, err := db.AnswerCheckin(ctx, id, "UB", answer); err != nil {
			t.Fatal(err)
		}
	}
	ids, err := db.PairingsNotMeeting(ctx, 3, clock.t)
	if err != nil || len(ids) != 1 || ids[0] != p.ID {
		t.Fatalf("not meeting %v %v", ids, err)
	}
	if first, err := db.MarkNotMeeting(ctx, p.ID); err != nil || first {
		t.Fatalf("at risk anew %v %v", first, err)
	}
	if ids, _ := db.PairingsNotMeeting(ctx, 3, clock.t); len(ids) != 0 {
		t.Fatalf("found again: %v", ids)
	}
}
