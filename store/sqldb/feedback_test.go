package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

func TestSaveFeedbackOncePerPrompt(t *testing.T) {
	ctx := context.Background()
	db, clock, _, p := outboxFixture(t)
	f := store.NewFeedback{PairingID: p.ID, SlackID: "UB", Slot: clock.t, Rating: 4, WentWell: "secret praise", ToChange: "secret gripe", Progress: "secret goal"}
	ok, err := db.SaveFeedback(ctx, f)
	if err != nil || !ok {
		t.Fatalf("first %v %v", ok, err)
	}
	f.Rating = 1
	ok, err = db.SaveFeedback(ctx, f)
	if err != nil || ok {
		t.Fatalf("second submission stored: %v %v", ok, err)
	}
	if given, _ := db.FeedbackGiven(ctx, p.ID, "UB", clock.t); !given {
		t.Fatal("FeedbackGiven false")
	}
	if given, _ := db.FeedbackGiven(ctx, p.ID, "UA", clock.t); given {
		t.Fatal("FeedbackGiven true for the other person")
	}
	// The second (low) rating was not stored, so the pairing is healthy.
	if pr, _ := db.PairingByID(ctx, p.ID); pr.AtRiskAt != nil {
		t.Fatal("ignored submission flagged the pairing")
	}
	ex, _ := db.ExportPerson(ctx, "UB")
	if len(ex.Feedback) != 1 || ex.Feedback[0].Rating != 4 {
		t.Fatalf("export %+v", ex.Feedback)
	}
	if ex, _ := db.ExportPerson(ctx, "UA"); len(ex.Feedback) != 0 {
		t.Fatal("the other person's export shows the feedback")
	}
}

func TestSaveFeedbackRejectsBadInputWithoutEchoingText(t *testing.T) {
	ctx := context.Background()
	db, clock, _, p := outboxFixture(t)
	secret := "confidential words"
	cases := []struct {
		f    store.NewFeedback
		want error
	}{
		{store.NewFeedback{PairingID: p.ID, SlackID: "UB", Slot: clock.t, Rating: 0, WentWell: secret}, store.ErrInvalid},
		{store.NewFeedback{PairingID: p.ID, SlackID: "UB", Slot: clock.t, Rating: 6, WentWell: secret}, store.ErrInvalid},
		{store.NewFeedback{PairingID: p.ID, SlackID: "UB", Rating: 3, WentWell: secret}, store.ErrInvalid},
		{store.NewFeedback{PairingID: p.ID, SlackID: "UB", Slot: clock.t, Rating: 3, ToChange: strings.Repeat("é", store.MaxFeedbackText+1)}, store.ErrInvalid},
		{store.NewFeedback{PairingID: p.ID, SlackID: "UX", Slot: clock.t, Rating: 3, WentWell: secret}, store.ErrNotFound},
		{store.NewFeedback{PairingID: p.ID + 1, SlackID: "UB", Slot: clock.t, Rating: 3, WentWell: secret}, store.ErrNotFound},
	}
	for i, tc := range cases {
		_, err := db.SaveFeedback(ctx, tc.f)
		if !errors.Is(err, tc.want) {
			t.Errorf("case %d: %v, want %v", i, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), secret) {
			t.Errorf("case %d: error shows the text: %v", i, err)
		}
	}
	f := store.NewFeedback{PairingID: p.ID, SlackID: "UB", Slot: clock.t, Rating: 3, WentWell: secret}
	if s := fmt.Sprint(f) + fmt.Sprintf("%v %+v", f, f); strings.Contains(s, secret) {
		t.Fatalf("formatting shows the text: %s", s)
	}
}

func TestLowRatingFlagsPairingAndEndedPairingAcceptsFeedback(t *testing.T) {
	ctx := context.Background()
	db, clock, _, p := outboxFixture(t)
	if _, err := db.SaveFeedback(ctx, store.NewFeedback{PairingID: p.ID, SlackID: "UA", Slot: clock.t, Rating: 2}); err != nil {
		t.Fatal(err)
	}
	pr, _ := db.PairingByID(ctx, p.ID)
	if pr.AtRiskReason != store.RiskLowRating {
		t.Fatalf("reason %q", pr.AtRiskReason)
	}
	if ids, _ := db.PairingsRatedAtMost(ctx, 2); len(ids) != 0 {
		t.Fatalf("flagged pairing listed again: %v", ids)
	}
	ended, err := db.EndPairingByID(ctx, p.ID, "program closed")
	if err != nil {
		t.Fatal(err)
	}
	ok, err := db.SaveFeedback(ctx, store.NewFeedback{PairingID: p.ID, SlackID: "UB", Slot: *ended.EndedAt, Rating: 5})
	if err != nil || !ok {
		t.Fatalf("end-of-pairing feedback: %v %v", ok, err)
	}
}
