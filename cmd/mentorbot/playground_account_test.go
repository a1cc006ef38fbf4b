package main

import (
	"context"
	"testing"

	"github.com/mentorbot/mentorbot/bot/playground"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// TestPlaygroundDeactivatesAPersona: the page's account control
// deactivates Ada (the fake Slack sends user_change); her mentee Tomás is
// told she is no longer available, she leaves the people list for the
// reactivation list, and reactivating her brings her back paused.
func TestPlaygroundDeactivatesAPersona(t *testing.T) {
	p := startPlayground(t, map[string]string{})
	ctx := context.Background()
	db, err := sqldb.Open(ctx, p.db, sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, pr := range []store.Profile{
		{SlackID: "U0ADA", Name: "Ada", Role: store.RoleMentor, Capacity: 2, Cadence: store.CadenceWeekly, Timezone: "UTC"},
		{SlackID: "U0TOMAS", Name: "Tomás", Role: store.RoleMentee, Cadence: store.CadenceWeekly, Timezone: "UTC"},
	} {
		if _, err := db.SaveProfile(ctx, pr); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.CreatePairing(ctx, store.NewPairing{MentorSlack: "U0ADA", MenteeSlack: "U0TOMAS"}); err != nil {
		t.Fatal(err)
	}
	if res := p.post("/api/account", map[string]any{"user": "U0ADA", "active": false}); res["ok"] != true {
		t.Fatalf("deactivate: %v", res)
	}
	st := p.waitState("U0TOMAS", has("im", msgGone))
	if len(st.Deactivated) != 1 || st.Deactivated[0].ID != "U0ADA" {
		t.Fatalf("deactivated list: %+v", st.Deactivated)
	}
	for _, person := range st.People {
		if person.ID == "U0ADA" {
			t.Fatal("a deactivated persona is still offered as someone to be")
		}
	}
	p.post("/api/account", map[string]any{"user": "U0ADA", "active": true})
	p.waitState("U0ADA", func(s playground.State) bool { return has("im", "Welcome back")(s) && len(s.Deactivated) == 0 })
}
