package main

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
)

// The weekly digest goes to each admin exactly once per slot: ticking
// again, and a second replica (or a restart) on the same database, never
// double it; the next week's slot sends the next one.
func TestDigestOncePerAdminPerSlot(t *testing.T) {
	r, a := startApp(t, func(c *config) { c.Admins, c.DigestSchedule = append(c.Admins, eve.ID), "0 9 * * MON" })
	r.fake.AddUser(eve)
	seedPairing(t, r)
	r.at(a, "2026-11-02 09:00")
	for _, admin := range []string{"UADMIN", eve.ID} {
		d := r.waitDM(admin, "Your weekly mentorship digest")
		for _, want := range []string{"New sign-ups", "New pairings", "Check-ins met", "Open alerts", "dash_open"} {
			if !strings.Contains(msgText(d), want) {
				t.Errorf("the digest lacks %q: %s", want, msgText(d))
			}
		}
	}
	r.at(a, "2026-11-02 09:00")
	r.at(a, "2026-11-02 11:30")

	// A second replica starts on the same database and ticks in the slot.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	other, err := newApp(ctx, r.cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), r.clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer other.close()
	if err := other.sched.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	for _, admin := range []string{"UADMIN", eve.ID} {
		if n := len(r.dms(admin, "weekly mentorship digest")); n != 1 {
			t.Errorf("%s got %d digests in one slot, want 1", admin, n)
		}
	}
	// Its button republishes the dashboard.
	d := r.dms("UADMIN", "weekly mentorship digest")[0]
	r.click("UADMIN", d, "dash_open")
	r.waitHome("UADMIN", "Mentorship program dashboard")

	r.at(a, "2026-11-09 09:00")
	if n := len(r.dms("UADMIN", "weekly mentorship digest")); n != 2 {
		t.Errorf("after the next slot: %d digests, want 2", n)
	}
	// Nobody but admins gets one.
	for _, user := range []string{"UANN", "UBOB"} {
		if n := len(r.dms(user, "digest")); n != 0 {
			t.Errorf("%s got a digest", user)
		}
	}
}

func TestDigestOff(t *testing.T) {
	r, a := startApp(t, func(c *config) { c.DigestSchedule = "off" })
	seedPairing(t, r)
	r.at(a, "2026-11-02 09:00")
	r.at(a, "2026-11-02 10:00")
	r.waitDM("UBOB", "Did you meet")
	if n := len(r.dms("UADMIN", "digest")); n != 0 {
		t.Errorf("a digest went out with MENTORBOT_DIGEST_SCHEDULE=off")
	}
}

func TestDigestScheduleMalformedStopsServe(t *testing.T) {
	for _, bad := range []string{"every monday", "0 9 * *", "61 9 * * MON"} {
		env := map[string]string{"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": "xapp-test", "MENTORBOT_DIGEST_SCHEDULE": bad}
		_, err := loadConfig(nil, func(k string) string { return env[k] }, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "MENTORBOT_DIGEST_SCHEDULE") {
			t.Errorf("%q: %v, want an error naming MENTORBOT_DIGEST_SCHEDULE", bad, err)
		}
	}
	for _, good := range []string{"off", "OFF", "0 9 * * MON", "CRON_TZ=Europe/Paris 0 9 * * FRI"} {
		env := map[string]string{"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": "xapp-test", "MENTORBOT_DIGEST_SCHEDULE": good}
		if _, err := loadConfig(nil, func(k string) string { return env[k] }, io.Discard); err != nil {
			t.Errorf("%q refused: %v", good, err)
		}
	}
}
