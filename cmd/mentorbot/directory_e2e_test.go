package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/store"
)

// msgGone is what a departed person's partner reads (bot/checkins).
const msgGone = "is no longer available for the mentorship program"

// reportCounts is the report's program-wide count of people.
func reportCounts(t *testing.T, r *running) (mentors, mentees, waiting int) {
	t.Helper()
	out, stderr, err := runReportForTest(t, map[string]string{"MENTORBOT_DB": r.cfg.DB}, "--format", "json")
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	var doc struct {
		Participants struct{ Mentors, Mentees, Waiting int } `json:"participants"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Participants.Mentors, doc.Participants.Mentees, doc.Participants.Waiting
}

// acked waits for an envelope's ack.
func (r *running) acked(env *slackfake.Envelope, err error) *slackfake.Envelope {
	r.t.Helper()
	if err != nil {
		r.t.Fatal(err)
	}
	if _, err := env.WaitAck(r.ctx()); err != nil {
		r.t.Fatal(err)
	}
	return env
}

// TestDeactivationMidPairing: Ann (mentor) is deactivated while paired
// with Bob; Slack delivers the event, redelivers it, and sends another
// user_change about her (as it does for any later edit). Bob is told once,
// kindly and without a reason; neither gets a check-in about the pairing
// any more; the report counts Ann no longer and Bob as waiting.
func TestDeactivationMidPairing(t *testing.T) {
	r, a := startDriven(t)
	seedPairing(t, r)
	if m, me, w := reportCounts(t, r); m != 1 || me != 1 || w != 0 {
		t.Fatalf("before: mentors %d mentees %d waiting %d", m, me, w)
	}
	r.at(a, "2026-11-02 10:00")
	r.waitDM("UBOB", "Did you meet *Ann Mentor*")

	env := r.acked(r.fake.SetDeleted(r.ctx(), "UANN", true))
	redeliver(t, r, env)
	r.acked(r.fake.SetDeleted(r.ctx(), "UANN", true)) // a new event_id
	a.bot.WaitIdle()
	r.at(a, "2026-11-02 10:01")
	r.waitDM("UBOB", msgGone)
	r.at(a, "2026-11-02 15:00") // Ann's own slot
	for _, when := range []string{"2026-11-09 10:00", "2026-11-09 15:00", "2026-11-16 10:00"} {
		r.at(a, when)
	}
	if n := len(r.dms("UBOB", msgGone)); n != 1 {
		t.Fatalf("Bob was told %d times", n)
	}
	gone := r.dms("UBOB", msgGone)[0]
	if !strings.Contains(gone.Text, "Ann Mentor") || strings.Contains(gone.Text, "deactivat") {
		t.Fatalf("the notice: %q", gone.Text)
	}
	if n := len(r.dms("UBOB", "Did you meet")); n != 1 {
		t.Fatalf("Bob got %d check-ins (want only the one before)", n)
	}
	if n := len(r.dms("UANN", "Did you meet")); n != 0 {
		t.Fatalf("Ann got %d check-ins after her departure", n)
	}
	if m, me, w := reportCounts(t, r); m != 0 || me != 1 || w != 1 {
		t.Fatalf("after: mentors %d mentees %d waiting %d", m, me, w)
	}
	if n := len(r.fake.Messages(r.fake.DMChannel("UADMIN"))); n != 0 {
		t.Fatalf("admins were alerted %d times: a departure is not an unreachable recipient", n)
	}
}

// TestDeactivationDuringDispatch: Bob's account is deactivated with no
// event yet; his check-in fails, the scheduler confirms with users.info,
// and Bob is departed: Ann is told once and gets no check-in; the late
// user_change then changes nothing.
func TestDeactivationDuringDispatch(t *testing.T) {
	r, a := startDriven(t)
	db, _ := seedPairing(t, r)
	bob, _ := r.fake.User("UBOB")
	bob.Deleted = true
	r.fake.AddUser(bob) // deactivated; Slack's event is late
	r.at(a, "2026-11-02 10:00")
	r.at(a, "2026-11-02 10:01")
	r.waitDM("UANN", msgGone)
	if _, err := db.Participant(r.ctx(), "UBOB"); err == nil {
		t.Fatal("Bob is still a participant")
	}
	r.acked(r.fake.ChangeUser(r.ctx(), bob))
	a.bot.WaitIdle()
	r.at(a, "2026-11-02 15:00")
	r.at(a, "2026-11-09 15:00")
	if n := len(r.dms("UANN", msgGone)); n != 1 {
		t.Fatalf("Ann was told %d times", n)
	}
	if n := len(r.dms("UANN", "Did you meet")); n != 0 {
		t.Fatalf("Ann got %d check-ins about an ended pairing", n)
	}
	if n := len(r.fake.Messages(r.fake.DMChannel("UADMIN"))); n != 0 {
		t.Fatal("admins were told Bob is unreachable: he departed")
	}
}

// TestReactivationAndTimezone: a departed Ann comes back paused and is
// told so; Bob moving to Tokyo gets his check-in at 10:00 Tokyo time.
func TestReactivationAndTimezone(t *testing.T) {
	r, a := startDriven(t)
	db, _ := seedPairing(t, r)
	r.acked(r.fake.SetDeleted(r.ctx(), "UANN", true))
	a.bot.WaitIdle()
	r.acked(r.fake.SetDeleted(r.ctx(), "UANN", false))
	r.waitDM("UANN", "you're back in the mentorship program, *paused*")
	ann, err := db.Participant(r.ctx(), "UANN")
	if err != nil || ann.Status != store.StatusPaused {
		t.Fatalf("Ann after reactivation: %+v %v", ann, err)
	}
	// A second reactivation event says nothing more.
	r.acked(r.fake.SetDeleted(r.ctx(), "UANN", false))
	a.bot.WaitIdle()
	if n := len(r.dms("UANN", "Welcome back")); n != 1 {
		t.Fatalf("Ann was welcomed %d times", n)
	}

	// Bob is paired again with Dan; then he moves to Tokyo.
	if _, err := db.SaveProfile(r.ctx(), store.Profile{SlackID: "UDAN", Name: "Dan", Role: store.RoleMentor, Capacity: 1,
		Cadence: store.CadenceWeekly, Timezone: "Europe/Paris"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreatePairing(r.ctx(), store.NewPairing{MentorSlack: "UDAN", MenteeSlack: "UBOB"}); err != nil {
		t.Fatal(err)
	}
	bob, _ := r.fake.User("UBOB")
	bob.TZ, bob.TZOffset = "Asia/Tokyo", 9*3600
	r.acked(r.fake.ChangeUser(r.ctx(), bob))
	a.bot.WaitIdle()
	if p, _ := db.Participant(r.ctx(), "UBOB"); p.Timezone != "Asia/Tokyo" {
		t.Fatalf("Bob's timezone %q\n%s", p.Timezone, r.logs.String())
	}
	r.at(a, "2026-11-02 01:00") // Monday 10:00 in Tokyo
	r.waitDM("UBOB", "Did you meet *Dan*")
}
