package dashsql_test

import (
	"context"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// circleOf adds an open circle led by lead with these members.
func (w *world) circleOf(name, lead string, members ...string) store.Circle {
	w.t.Helper()
	ctx := context.Background()
	c, err := w.db.CreateCircle(ctx, store.NewCircle{Name: name, LeadSlack: lead, Topic: "Leading", SizeLimit: 6,
		Cadence: store.CadenceWeekly, CreatedBy: "UADMIN"})
	if err != nil {
		w.t.Fatal(err)
	}
	for _, m := range members {
		if _, err := w.db.JoinCircle(ctx, c.ID, m); err != nil {
			w.t.Fatal(err)
		}
	}
	return c
}

// A mentor whose capacity is taken by circle seats has no room: the
// waiting list says every suitable mentor is full, not "run matching".
func TestWaitingReasonCountsCircleSeats(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	for _, p := range []store.Profile{
		{SlackID: "UIVY", Name: "Ivy Mentor", Role: store.RoleMentor, Teaches: []string{"Rust"}, Capacity: 2},
		{SlackID: "UJO", Name: "Jo Mentee", Role: store.RoleMentee, Learns: []string{"Go"}},
		{SlackID: "UKIM", Name: "Kim Mentee", Role: store.RoleMentee, Learns: []string{"Go"}},
	} {
		p.Cadence, p.Timezone = store.CadenceWeekly, "UTC"
		if _, err := w.db.SaveProfile(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	why := func() string {
		t.Helper()
		for _, p := range w.dashboard("UADMIN").WaitingList {
			if p.SlackID == "UCAT" {
				return p.Why
			}
		}
		t.Fatal("Cat is not on the waiting list")
		return ""
	}
	// Ivy teaches Rust with room: Cat waits for the matching.
	if got := why(); got != store.WaitNotMatched {
		t.Fatalf("Cat waits because %q, want %q", got, store.WaitNotMatched)
	}
	c := w.circleOf("Rustaceans", "UIVY", "UJO")
	if got := why(); got != store.WaitNotMatched {
		t.Fatalf("one seat of two taken: Cat waits because %q, want %q", got, store.WaitNotMatched)
	}
	if _, err := w.db.JoinCircle(ctx, c.ID, "UKIM"); err != nil {
		t.Fatal(err)
	}
	if got := why(); got != store.WaitMentorsFull {
		t.Fatalf("both of Ivy's seats in her circle: Cat waits because %q, want %q", got, store.WaitMentorsFull)
	}
}
