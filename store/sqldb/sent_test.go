package sqldb_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// TestSentMessagesListsOnlyWhatWentToThatPerson: the gate's source of
// "which message may I rewrite" holds only sent rows of that recipient,
// of the kinds asked, with their recorded channel and ts.
func TestSentMessagesListsOnlyWhatWentToThatPerson(t *testing.T) {
	ctx := context.Background()
	db, clock, _, p := outboxFixture(t)
	slot := clock.t
	rows := []store.NewDelivery{
		{RecipientID: p.MentorID, PairingID: p.ID, Kind: store.KindCheckin, Slot: slot},
		{RecipientID: p.MenteeID, PairingID: p.ID, Kind: store.KindCheckin, Slot: slot},
		{RecipientID: p.MentorID, PairingID: p.ID, Kind: store.KindRematchOffer, Slot: slot},
		{RecipientID: p.MentorID, Kind: store.KindPauseOffer, Slot: slot.Add(-time.Hour)},
		{RecipientID: p.MentorID, PairingID: p.ID, Kind: store.KindCheckin, Slot: slot.Add(time.Hour)}, // stays pending
	}
	if _, err := db.Enqueue(ctx, rows); err != nil {
		t.Fatal(err)
	}
	due, err := db.DueDeliveries(ctx, slot, 10)
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range due {
		if _, ok, err := db.ClaimDelivery(ctx, d.ID, "w", slot); err != nil || !ok {
			t.Fatalf("claim %d: %v %v", d.ID, ok, err)
		}
		if err := db.MarkDeliverySent(ctx, d.ID, "w", "D"+d.RecipientSlack, "1.00000"+string(rune('0'+i)), slot); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name string
		f    store.SentFilter
		want []string // recipient/kind of each row, in order
	}{
		{"mentor check-ins", store.SentFilter{RecipientSlack: "UA", Kinds: []string{store.KindCheckin}}, []string{"UA/checkin"}},
		{"mentee check-ins", store.SentFilter{RecipientSlack: "UB", Kinds: []string{store.KindCheckin, store.KindReminder}}, []string{"UB/checkin"}},
		{"offers of one pairing", store.SentFilter{RecipientSlack: "UA", Kinds: []string{store.KindRematchOffer}, PairingID: p.ID}, []string{"UA/rematch_offer"}},
		{"offer not sent to the mentee", store.SentFilter{RecipientSlack: "UB", Kinds: []string{store.KindRematchOffer}}, nil},
		{"pause offers, any pairing", store.SentFilter{RecipientSlack: "UA", Kinds: []string{store.KindPauseOffer}}, []string{"UA/pause_offer"}},
		{"another slot", store.SentFilter{RecipientSlack: "UA", Kinds: []string{store.KindCheckin}, Slot: slot.Add(time.Hour)}, nil},
		{"newest slot first", store.SentFilter{RecipientSlack: "UA", Kinds: []string{store.KindCheckin, store.KindPauseOffer}}, []string{"UA/checkin", "UA/pause_offer"}},
		{"nobody", store.SentFilter{RecipientSlack: "UZ", Kinds: []string{store.KindCheckin}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := db.SentMessages(ctx, c.f)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, d := range got {
				names = append(names, d.RecipientSlack+"/"+d.Kind)
				if d.ChannelID != "D"+d.RecipientSlack || d.MessageTS == "" {
					t.Errorf("row %d: channel %q ts %q", d.ID, d.ChannelID, d.MessageTS)
				}
			}
			if len(names) != len(c.want) {
				t.Fatalf("got %v, want %v", names, c.want)
			}
			for i := range names {
				if names[i] != c.want[i] {
					t.Fatalf("got %v, want %v", names, c.want)
				}
			}
		})
	}
	if _, err := db.SentMessages(ctx, store.SentFilter{RecipientSlack: "UA"}); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("no kinds: %v", err)
	}
}
