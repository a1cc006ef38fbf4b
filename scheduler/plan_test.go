package scheduler_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

func TestNewRejectsBadSettingsNamingThem(t *testing.T) {
	c := newClock("2026-01-04 12:00:00")
	db, _ := newDB(t, c)
	cases := []struct {
		mutate func(*scheduler.Config)
		want   string
	}{
		{func(cfg *scheduler.Config) { cfg.CheckinSchedule = "0 10 *" }, "MENTORBOT_CHECKIN_SCHEDULE: expected 5 or 6 fields"},
		{func(cfg *scheduler.Config) { cfg.FeedbackSchedule = "@sometimes" }, "MENTORBOT_FEEDBACK_SCHEDULE: "},
		{func(cfg *scheduler.Config) { cfg.CheckinSchedule = "CRON_TZ=Nowhere/City 0 10 * * MON" }, "MENTORBOT_CHECKIN_SCHEDULE: unknown time zone"},
		{func(cfg *scheduler.Config) { cfg.ReminderAfter = 0 }, "MENTORBOT_REMINDER_AFTER: "},
		{func(cfg *scheduler.Config) { cfg.CatchupGrace = -time.Hour }, "MENTORBOT_CATCHUP_GRACE: "},
	}
	for _, tc := range cases {
		cfg := config(c)
		tc.mutate(&cfg)
		_, err := scheduler.New(db, &fakeSender{}, cfg)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("got %v, want prefix %q", err, tc.want)
		}
	}
}

func TestCheckinGoesOutAtItsSlotOnce(t *testing.T) {
	c := newClock("2026-01-04 12:00:00") // a Sunday
	db, _ := newDB(t, c)
	person(t, db, "UA", "UTC", "")
	person(t, db, "UB", "UTC", "")
	p := pair(t, db, "UA", "UB")
	snd := &fakeSender{}
	s := newScheduler(t, db, snd, config(c))

	c.Set("2026-01-05 09:59:00")
	run(t, s)
	if n := len(snd.Calls()); n != 0 {
		t.Fatalf("sent before the slot: %v", snd.Calls())
	}
	c.Set("2026-01-05 10:00:00") // the tick at second 0 of the slot's minute
	st := run(t, s)
	got := snd.Calls()
	if st.Sent != 2 || len(got) != 2 || got[0].To != "UA" || got[1].To != "UB" || got[0].Kind != store.KindCheckin ||
		!got[0].Slot.Equal(at("2026-01-05 10:00:00")) || got[0].Pairing != p.ID || got[0].Checkin == 0 || got[0].Checkin == got[1].Checkin {
		t.Fatalf("calls %v stats %+v", got, st)
	}
	for _, later := range []string{"2026-01-05 10:00:30", "2026-01-05 18:00:00", "2026-01-06 09:00:00"} {
		c.Set(later)
		run(t, s)
	}
	if n := len(snd.Calls()); n != 2 {
		t.Fatalf("sent again: %v", snd.Calls())
	}
	if r := rows(t, db, "UA"); !reflect.DeepEqual(r, []string{"checkin sent 2026-01-05 10:00"}) {
		t.Fatalf("rows %v", r)
	}
	ci, err := db.CheckinByID(context.Background(), got[0].Checkin)
	if err != nil || ci.SentAt == nil || !ci.SentAt.Equal(at("2026-01-05 10:00:00")) {
		t.Fatalf("check-in row %+v %v", ci, err)
	}
	// A new scheduler (a restart) sends nothing more for the slot.
	snd2 := &fakeSender{}
	run(t, newScheduler(t, db, snd2, config(c)))
	if len(snd2.Calls()) != 0 {
		t.Fatalf("restart resent: %v", snd2.Calls())
	}
}

func TestEachRecipientsOwnTimezone(t *testing.T) {
	c := newClock("2026-01-04 12:00:00")
	db, _ := newDB(t, c)
	person(t, db, "UP", "Europe/Paris", "")
	person(t, db, "UN", "America/New_York", "")
	person(t, db, "UT", "Asia/Tokyo", "")
	pair(t, db, "UP", "UN")
	pair(t, db, "UP", "UT") // a mentor with two mentees gets one check-in per pairing
	snd := &fakeSender{}
	s := newScheduler(t, db, snd, config(c))
	steps := []struct {
		now  string
		want []string
	}{
		{"2026-01-05 01:00:00", []string{"checkin→UT p2 2026-01-05 01:00"}},
		{"2026-01-05 09:00:00", []string{"checkin→UP p1 2026-01-05 09:00", "checkin→UP p2 2026-01-05 09:00"}},
		{"2026-01-05 14:59:00", nil},
		{"2026-01-05 15:00:00", []string{"checkin→UN p1 2026-01-05 15:00"}},
	}
	for _, st := range steps {
		snd.reset()
		c.Set(st.now)
		run(t, s)
		var got []string
		for _, cl := range snd.Calls() {
			got = append(got, cl.String())
		}
		if !reflect.DeepEqual(got, st.want) {
			t.Fatalf("at %s: %v, want %v", st.now, got, st.want)
		}
	}
}

func TestCatchUpAfterDowntime(t *testing.T) {
	cases := []struct {
		name    string
		started string
		restart string
		sent    []string
		rows    []string
	}{
		{
			name: "latest slot within grace goes out, older ones missed", started: "2026-01-01 12:00:00", restart: "2026-01-27 09:00:00",
			sent: []string{"checkin→UA p1 2026-01-26 10:00"},
			rows: []string{"feedback missed 2026-01-01 14:00", "checkin missed 2026-01-05 10:00", "checkin missed 2026-01-12 10:00",
				"checkin missed 2026-01-19 10:00", "checkin sent 2026-01-26 10:00"},
		},
		{
			name: "latest slot beyond grace is missed too", started: "2026-01-01 12:00:00", restart: "2026-01-27 10:00:01",
			rows: []string{"feedback missed 2026-01-01 14:00", "checkin missed 2026-01-05 10:00", "checkin missed 2026-01-12 10:00",
				"checkin missed 2026-01-19 10:00", "checkin missed 2026-01-26 10:00"},
		},
		{
			name: "nothing before the pairing began", started: "2026-01-21 08:00:00", restart: "2026-01-27 09:00:00",
			sent: []string{"checkin→UA p1 2026-01-26 10:00"},
			rows: []string{"checkin sent 2026-01-26 10:00"},
		},
		{
			name: "pairing began after the latest slot", started: "2026-01-26 10:30:00", restart: "2026-01-27 09:00:00",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newClock(tc.started)
			db, _ := newDB(t, c)
			person(t, db, "UA", "UTC", "")
			person(t, db, "UB", "UTC", "")
			pair(t, db, "UA", "UB")
			snd := &fakeSender{}
			c.Set(tc.restart)
			s := newScheduler(t, db, snd, config(c))
			run(t, s)
			var sent []string
			for _, cl := range snd.Calls() {
				if cl.To == "UA" {
					sent = append(sent, cl.String())
				}
			}
			if !reflect.DeepEqual(sent, tc.sent) {
				t.Fatalf("sent %v, want %v", sent, tc.sent)
			}
			if got := rows(t, db, "UA"); !reflect.DeepEqual(got, tc.rows) {
				t.Fatalf("rows %v, want %v", got, tc.rows)
			}
			// Once: another start-up sends nothing more.
			snd2 := &fakeSender{}
			c.Advance(time.Minute)
			run(t, newScheduler(t, db, snd2, config(c)))
			if len(snd2.Calls()) != 0 {
				t.Fatalf("second start-up sent %v", snd2.Calls())
			}
		})
	}
}

func TestCadenceThinsCheckins(t *testing.T) {
	c := newClock("2026-01-06 12:00:00") // a Tuesday
	db, _ := newDB(t, c)
	person(t, db, "UA", "UTC", "")
	person(t, db, "UB", "Europe/Paris", store.CadenceBiweekly)
	person(t, db, "UC", "UTC", store.CadenceMonthly)
	person(t, db, "UD", "UTC", "")
	person(t, db, "UE", "UTC", "")
	pair(t, db, "UA", "UB") // biweekly: the slower of the two
	pair(t, db, "UC", "UD") // monthly
	pair(t, db, "UE", "UA") // weekly
	snd := &fakeSender{}
	s := newScheduler(t, db, snd, config(c))
	// Tick every six hours over ten weeks (late slots are caught up).
	for c.Now().Before(at("2026-03-16 00:00:00")) {
		c.Advance(6 * time.Hour)
		run(t, s)
	}
	got := map[string][]string{}
	for _, cl := range snd.Calls() {
		if cl.Kind == store.KindCheckin {
			got[cl.To] = append(got[cl.To], cl.Slot.Format("01-02 15:04"))
		}
	}
	want := map[string][]string{
		"UB": {"01-19 09:00", "02-02 09:00", "02-16 09:00", "03-02 09:00"}, // every second week from the start week, in Paris
		"UC": {"02-02 10:00", "03-02 10:00"},                               // first Monday of each month after the start
		"UE": {"01-12 10:00", "01-19 10:00", "01-26 10:00", "02-02 10:00", "02-09 10:00", "02-16 10:00", "02-23 10:00", "03-02 10:00", "03-09 10:00"},
	}
	for who, w := range want {
		if !reflect.DeepEqual(got[who], w) {
			t.Errorf("%s: %v, want %v", who, got[who], w)
		}
	}
	// UA is in a biweekly and a weekly pairing: 4 + 9.
	if n := len(got["UA"]); n != 13 {
		t.Errorf("UA got %d check-ins: %v", n, got["UA"])
	}
}

func TestNobodyNudgedWhilePausedGoneUnreachableOrEnded(t *testing.T) {
	ctx := context.Background()
	c := newClock("2026-01-04 12:00:00")
	db, _ := newDB(t, c)
	for _, id := range []string{"UA", "UB", "UC", "UD", "UE", "UF", "UG", "UH"} {
		person(t, db, id, "UTC", "")
	}
	pair(t, db, "UA", "UB")
	pair(t, db, "UC", "UD")
	pair(t, db, "UE", "UF")
	pair(t, db, "UG", "UH")
	if err := db.Pause(ctx, "UB", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MarkUnreachable(ctx, "UD", "user_disabled"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Leave(ctx, "UF"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.EndPairing(ctx, "UG", "UH", "done"); err != nil {
		t.Fatal(err)
	}
	snd := &fakeSender{}
	s := newScheduler(t, db, snd, config(c))
	c.Set("2026-01-05 10:00:00")
	run(t, s)
	got := snd.Calls()
	if len(got) != 1 || got[0].To != "UC" {
		t.Fatalf("calls %v: only UC (partner of an unreachable person) should be asked", got)
	}
}

// Rows planned before someone paused are not sent after.
func TestPlannedRowsRecheckedAtSendTime(t *testing.T) {
	ctx := context.Background()
	c := newClock("2026-01-04 12:00:00")
	db, _ := newDB(t, c)
	person(t, db, "UA", "UTC", "")
	person(t, db, "UB", "UTC", "")
	person(t, db, "UC", "UTC", "")
	person(t, db, "UD", "UTC", "")
	pair(t, db, "UA", "UB")
	pair(t, db, "UC", "UD")
	snd := &fakeSender{}
	s := newScheduler(t, db, snd, config(c))
	c.Set("2026-01-05 10:00:00")
	if err := s.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.Pause(ctx, "UA", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.EndPairing(ctx, "UC", "UD", "rematch"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Dispatch(ctx); err != nil {
		t.Fatal(err)
	}
	if len(snd.Calls()) != 0 {
		t.Fatalf("sent %v", snd.Calls())
	}
	if r := rows(t, db, "UB"); !reflect.DeepEqual(r, []string{"checkin missed 2026-01-05 10:00"}) {
		t.Fatalf("UB rows %v", r)
	}
}

func TestFeedbackPromptsOnScheduleAndAtTheEnd(t *testing.T) {
	ctx := context.Background()
	c := newClock("2026-01-20 12:00:00")
	db, _ := newDB(t, c)
	person(t, db, "UA", "UTC", "")
	person(t, db, "UB", "America/New_York", "")
	p := pair(t, db, "UA", "UB")
	snd := &fakeSender{}
	s := newScheduler(t, db, snd, config(c))
	c.Set("2026-02-01 14:00:00")
	run(t, s)
	c.Set("2026-02-01 19:00:00")
	run(t, s)
	if n := snd.count(store.KindFeedback); n != 2 {
		t.Fatalf("feedback prompts %v", snd.Calls())
	}
	ended, err := db.EndPairingByID(ctx, p.ID, "program closed")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ { // twice: still once each
		if err := s.EnqueueFeedbackEnd(ctx, ended); err != nil {
			t.Fatal(err)
		}
	}
	run(t, s)
	if n := snd.count(store.KindFeedbackEnd); n != 2 {
		t.Fatalf("end-of-pairing prompts %v", snd.Calls())
	}
	c.Set("2026-03-01 19:00:00")
	snd.reset()
	run(t, s)
	if len(snd.Calls()) != 0 {
		t.Fatalf("ended pairing still prompted: %v", snd.Calls())
	}
}

func TestNextCheckIn(t *testing.T) {
	c := newClock("2026-01-06 12:00:00")
	db, _ := newDB(t, c)
	s := newScheduler(t, db, &fakeSender{}, config(c))
	ny := store.Participant{Timezone: "America/New_York"}
	pr := store.Pairing{StartedAt: at("2026-01-06 12:00:00"), Cadence: store.CadenceBiweekly}
	got, ok := s.NextCheckIn(ny, pr, at("2026-01-07 00:00:00"))
	if !ok || !got.Equal(at("2026-01-19 15:00:00")) {
		t.Fatalf("next %v %v", got, ok)
	}
	// A pairing that starts later is not asked before it starts.
	pr = store.Pairing{StartedAt: at("2026-02-03 00:00:00"), Cadence: store.CadenceWeekly}
	if got, _ := s.NextCheckIn(ny, pr, at("2026-01-07 00:00:00")); !got.Equal(at("2026-02-09 15:00:00")) {
		t.Fatalf("next for a future pairing %v", got)
	}
}
