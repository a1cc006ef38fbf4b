package dashsql_test

import (
	"context"
	"errors"
	"testing"
	"time"

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

// circleCheckin adds who's answered check-in of circle c in slot.
func (w *world) circleCheckin(c store.Circle, who string, slot time.Time, answer string) {
	w.t.Helper()
	me, err := w.db.Participant(context.Background(), who)
	if err != nil {
		w.t.Fatal(err)
	}
	if _, err := w.raw.Exec(`INSERT INTO circle_checkins (circle_id, participant_id, slot, sent_at, answer, answered_at) VALUES (?, ?, ?, ?, ?, ?)`,
		c.ID, me.ID, slot, slot, answer, slot.Add(time.Hour)); err != nil {
		w.t.Fatal(err)
	}
}

// Circles at risk are on *Needs attention* like pairings: with an open
// Need help, hidden from an admin in the circle, in the digest's open
// alerts, and off it after Mark handled until someone asks for help again.
func TestCircleAttentionAndMarkHandled(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	if _, err := w.db.SaveProfile(ctx, store.Profile{SlackID: "UIVY", Name: "Ivy Mentor", Role: store.RoleMentor, Teaches: []string{"Rust"},
		Capacity: 4, Cadence: store.CadenceWeekly, Timezone: "UTC"}); err != nil {
		t.Fatal(err)
	}
	help := w.circleOf("Helpers", "UIVY", "UCAT", "UDAN")
	quiet := w.circleOf("Quiet ones", "UHANA")
	calm := w.circleOf("Calm", "UANN")
	*w.clock = now.AddDate(0, 0, -5)
	if _, err := w.db.MarkCircleAtRisk(ctx, quiet.ID, store.RiskNotMeeting); err != nil {
		t.Fatal(err)
	}
	*w.clock = now.AddDate(0, 0, -1)
	ck := w.circleCheckin
	ck(help, "UCAT", now.AddDate(0, 0, -1), store.AnswerNeedHelp)
	if _, err := w.db.MarkCircleAtRisk(ctx, help.ID, store.RiskNeedHelp); err != nil {
		t.Fatal(err)
	}
	*w.clock = now
	c := w.dashboard("UADMIN").Circles
	if c.AtRiskTotal != 2 || len(c.AtRisk) != 2 {
		t.Fatalf("circles at risk %d %+v, want Helpers and Quiet ones", c.AtRiskTotal, c.AtRisk)
	}
	if first := c.AtRisk[0]; first.Circle.ID != help.ID || !first.NeedHelp || first.Circle.LeadName != "Ivy Mentor" {
		t.Errorf("newest flag first, asking for help: %+v", first)
	}
	if second := c.AtRisk[1]; second.Circle.ID != quiet.ID || second.NeedHelp || second.Circle.AtRiskReason != store.RiskNotMeeting {
		t.Errorf("second: %+v", second)
	}
	// Hana leads Quiet ones: she does not see its flag (nor in her digest).
	if h := w.dashboard("UHANA").Circles; h.AtRiskTotal != 1 || h.AtRisk[0].Circle.ID != help.ID {
		t.Errorf("Hana sees %+v", h.AtRisk)
	}
	before, err := w.st.DigestFigures(ctx, now.AddDate(0, 0, -7), "UADMIN")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.st.MarkCircleHandled(ctx, help.ID, "UADMIN"); err != nil {
		t.Fatal(err)
	}
	if err := w.st.MarkCircleHandled(ctx, help.ID, "UEVA"); !errors.Is(err, store.ErrAlreadyDone) {
		t.Fatalf("second Mark handled: %v, want ErrAlreadyDone", err)
	}
	if err := w.st.MarkCircleHandled(ctx, calm.ID, "UADMIN"); !errors.Is(err, store.ErrAlreadyDone) {
		t.Fatalf("a circle not at risk: %v, want ErrAlreadyDone", err)
	}
	if err := w.st.MarkCircleHandled(ctx, 999, "UADMIN"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown circle: %v, want ErrNotFound", err)
	}
	if c := w.dashboard("UADMIN").Circles; c.AtRiskTotal != 1 || c.AtRisk[0].Circle.ID != quiet.ID {
		t.Fatalf("after Mark handled: %+v", c.AtRisk)
	}
	after, err := w.st.DigestFigures(ctx, now.AddDate(0, 0, -7), "UADMIN")
	if err != nil || after.OpenAlerts != before.OpenAlerts-1 {
		t.Fatalf("digest open alerts %d then %d (%v), want one fewer", before.OpenAlerts, after.OpenAlerts, err)
	}
	// Dan asks for help later: the circle is back, asking for help.
	ck(help, "UDAN", now.Add(time.Hour), store.AnswerNeedHelp)
	if c := w.dashboard("UADMIN").Circles; c.AtRiskTotal != 2 || !c.AtRisk[0].NeedHelp || c.AtRisk[0].Circle.ID != help.ID {
		t.Fatalf("after a new Need help: %+v", c.AtRisk)
	}
	// A closed circle leaves the list and cannot be handled.
	if _, err := w.db.CloseCircle(ctx, quiet.ID, "test"); err != nil {
		t.Fatal(err)
	}
	if err := w.st.MarkCircleHandled(ctx, quiet.ID, "UADMIN"); !errors.Is(err, store.ErrAlreadyDone) {
		t.Fatalf("closed circle: %v", err)
	}
	if c := w.dashboard("UADMIN").Circles; c.AtRiskTotal != 1 {
		t.Fatalf("after closing: %+v", c.AtRisk)
	}
}
