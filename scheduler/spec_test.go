package scheduler

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func mustSpec(t *testing.T, text string) *Spec {
	t.Helper()
	s, err := ParseSpec("MENTORBOT_CHECKIN_SCHEDULE", text)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04:05", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParseSpecErrorsNameTheSetting(t *testing.T) {
	cases := map[string]string{
		"":                                "empty cron spec",
		"0 10 *":                          "expected 5 or 6 fields",
		"0 0 10 * * MON 2026":             "expected 5 or 6 fields",
		"61 * * * *":                      "above maximum",
		"0 10 * * FUNDAY":                 "failed to parse",
		"@fortnightly":                    "unrecognized descriptor",
		"@every banana":                   "failed to parse duration",
		"CRON_TZ=Mars/Olympus 0 10 * * 1": "unknown time zone \"Mars/Olympus\"",
		"CRON_TZ=UTC":                     "time zone but no schedule",
		"CRON_TZ= 0 10 * * MON":           "needs a time zone name",
		"CRON_TZ=UTC TZ=UTC 0 10 * * MON": "more than one time zone",
		"0 0 30 2 *":                      "never fires",
	}
	for spec, want := range cases {
		_, err := ParseSpec("MENTORBOT_FEEDBACK_SCHEDULE", spec)
		if err == nil {
			t.Errorf("%q: no error", spec)
			continue
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "MENTORBOT_FEEDBACK_SCHEDULE: ") || !strings.Contains(msg, want) || strings.Contains(msg, "\n") {
			t.Errorf("%q: error %q, want one line naming the setting and containing %q", spec, msg, want)
		}
	}
	for _, ok := range []string{"0 10 * * MON", "0 0 10 * * MON", "@weekly", "@every 90m", "CRON_TZ=Europe/Paris 0 10 * * MON", "TZ=UTC @daily", "  0 14 1 * *  "} {
		if _, err := ParseSpec("X", ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
}

func TestSubMinute(t *testing.T) {
	for spec, want := range map[string]bool{
		"0 10 * * MON": false, "0 0 10 * * MON": false, "30 0 10 * * MON": true, "*/10 * * * * *": true,
		"@weekly": false, "@every 1h": false, "@every 90s": true,
	} {
		if got := mustSpec(t, spec).SubMinute(); got != want {
			t.Errorf("%q: SubMinute %v, want %v", spec, got, want)
		}
	}
}

// The default spec read in each recipient's own zone.
func TestLatestInSeveralZones(t *testing.T) {
	s := mustSpec(t, "0 10 * * MON")
	now := utc("2026-03-09 15:30:00") // a Monday; New York is on EDT since the 8th, Paris still on CET
	cases := map[string]string{
		"UTC":                 "2026-03-09 10:00:00",
		"Europe/Paris":        "2026-03-09 09:00:00",
		"America/New_York":    "2026-03-09 14:00:00",
		"Asia/Tokyo":          "2026-03-09 01:00:00",
		"Asia/Kolkata":        "2026-03-09 04:30:00",
		"America/Los_Angeles": "2026-03-02 18:00:00", // 10:00 PDT today is 17:00 UTC, still ahead
		"Australia/Sydney":    "2026-03-08 23:00:00", // AEDT, UTC+11
	}
	for zone, want := range cases {
		got, ok := s.Latest(now, mustZone(t, zone), "weekly", time.Time{})
		if !ok || !got.Equal(utc(want)) {
			t.Errorf("%s: latest %v (%v), want %s", zone, got, ok, want)
		}
	}
}

func TestCronTZOverridesRecipientZone(t *testing.T) {
	s := mustSpec(t, "CRON_TZ=America/New_York 0 10 * * MON")
	for _, zone := range []string{"Europe/Paris", "Asia/Tokyo", "UTC"} {
		got, _ := s.Latest(utc("2026-03-09 15:30:00"), mustZone(t, zone), "weekly", time.Time{})
		if !got.Equal(utc("2026-03-09 14:00:00")) {
			t.Errorf("%s: %v", zone, got)
		}
	}
}

func TestNewYorkSpringForward(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	// Sunday 2026-03-08: clocks jump from 02:00 EST to 03:00 EDT (07:00 UTC).
	daily := mustSpec(t, "30 2 * * *")
	steps := []struct{ after, want string }{
		{"2026-03-06 12:00:00", "2026-03-07 07:30:00"}, // 02:30 EST
		{"2026-03-07 07:30:00", "2026-03-08 07:00:00"}, // 02:30 does not exist: at the jump, 03:00 EDT
		{"2026-03-08 07:00:00", "2026-03-09 06:30:00"}, // 02:30 EDT
	}
	for _, st := range steps {
		got, _ := daily.Next(utc(st.after), ny, "weekly", time.Time{})
		if !got.Equal(utc(st.want)) {
			t.Errorf("next after %s: %v, want %s", st.after, got, st.want)
		}
	}
	latest := []struct{ now, want string }{
		{"2026-03-08 06:59:59", "2026-03-07 07:30:00"}, // 01:59:59 EST
		{"2026-03-08 07:00:00", "2026-03-08 07:00:00"}, // the jump itself
		{"2026-03-08 07:10:00", "2026-03-08 07:00:00"},
	}
	for _, st := range latest {
		got, _ := daily.Latest(utc(st.now), ny, "weekly", time.Time{})
		if !got.Equal(utc(st.want)) {
			t.Errorf("latest at %s: %v, want %s", st.now, got, st.want)
		}
	}
	// Several slots in the gap collapse into one instant.
	every15 := mustSpec(t, "*/15 2-3 8 3 *")
	got := every15.Before(utc("2026-03-08 07:15:00"), utc("2026-03-08 00:00:00"), ny, "weekly", time.Time{}, 10)
	if len(got) != 1 || !got[0].Equal(utc("2026-03-08 07:00:00")) {
		t.Errorf("gap slots: %v", got)
	}
	weekly := mustSpec(t, "0 10 * * MON")
	if got, _ := weekly.Next(utc("2026-03-02 15:00:00"), ny, "weekly", time.Time{}); !got.Equal(utc("2026-03-09 14:00:00")) {
		t.Errorf("weekly across the change: %v", got)
	}
}

func TestNewYorkFallBack(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	// Sunday 2026-11-01: clocks go back from 02:00 EDT to 01:00 EST (06:00 UTC).
	daily := mustSpec(t, "30 1 * * *")
	slots := []time.Time{}
	at := utc("2026-10-31 00:00:00")
	for i := 0; i < 3; i++ {
		at, _ = daily.Next(at, ny, "weekly", time.Time{})
		slots = append(slots, at)
	}
	want := []string{"2026-10-31 05:30:00", "2026-11-01 05:30:00", "2026-11-02 06:30:00"}
	for i, w := range want {
		if !slots[i].Equal(utc(w)) {
			t.Fatalf("slots %v, want %v (01:30 once on the day it repeats)", slots, want)
		}
	}
	// During the repeated hour the first pass's slot is still the latest.
	for _, now := range []string{"2026-11-01 05:45:00", "2026-11-01 06:10:00", "2026-11-01 06:30:00", "2026-11-01 06:59:00"} {
		got, _ := daily.Latest(utc(now), ny, "weekly", time.Time{})
		if !got.Equal(utc("2026-11-01 05:30:00")) {
			t.Errorf("latest at %s: %v", now, got)
		}
	}
	halfHours := mustSpec(t, "*/30 1 * * *")
	if got, _ := halfHours.Latest(utc("2026-11-01 06:10:00"), ny, "weekly", time.Time{}); !got.Equal(utc("2026-11-01 05:30:00")) {
		t.Errorf("half hours, latest in the repeat: %v", got)
	}
	if got, _ := halfHours.Next(utc("2026-11-01 05:30:00"), ny, "weekly", time.Time{}); !got.Equal(utc("2026-11-02 06:00:00")) {
		t.Errorf("half hours, next after the first pass: %v", got)
	}
	weekly := mustSpec(t, "0 10 * * MON")
	if got, _ := weekly.Next(utc("2026-10-26 14:00:00"), ny, "weekly", time.Time{}); !got.Equal(utc("2026-11-02 15:00:00")) {
		t.Errorf("weekly across the change: %v", got)
	}
}

func TestCadenceThinning(t *testing.T) {
	weekly := mustSpec(t, "0 10 * * MON")
	twice := mustSpec(t, "0 10 * * MON,THU")
	started := utc("2026-01-06 12:00:00") // a Tuesday; its week starts Monday 5 January
	cases := []struct {
		name    string
		spec    *Spec
		cadence string
		now     string
		latest  string
		next    string
	}{
		{"weekly", weekly, "weekly", "2026-01-14 00:00:00", "2026-01-12 10:00:00", "2026-01-19 10:00:00"},
		{"biweekly odd week", weekly, "biweekly", "2026-01-14 00:00:00", "2026-01-05 10:00:00", "2026-01-19 10:00:00"},
		{"biweekly even week", weekly, "biweekly", "2026-01-20 00:00:00", "2026-01-19 10:00:00", "2026-02-02 10:00:00"},
		{"biweekly twice a week", twice, "biweekly", "2026-01-23 00:00:00", "2026-01-19 10:00:00", "2026-02-02 10:00:00"},
		{"monthly", weekly, "monthly", "2026-02-20 00:00:00", "2026-02-02 10:00:00", "2026-03-02 10:00:00"},
		{"monthly twice a week", twice, "monthly", "2026-01-03 00:00:00", "2026-01-01 10:00:00", "2026-02-02 10:00:00"},
	}
	for _, c := range cases {
		got, ok := c.spec.Latest(utc(c.now), time.UTC, c.cadence, started)
		if !ok || !got.Equal(utc(c.latest)) {
			t.Errorf("%s: latest %v, want %s", c.name, got, c.latest)
		}
		got, ok = c.spec.Next(utc(c.now), time.UTC, c.cadence, started)
		if !ok || !got.Equal(utc(c.next)) {
			t.Errorf("%s: next %v, want %s", c.name, got, c.next)
		}
	}
	// Both people of a biweekly pairing are asked in the same weeks,
	// whatever their zones.
	for _, zone := range []string{"Asia/Tokyo", "America/Los_Angeles"} {
		got, _ := weekly.Next(utc("2026-01-13 00:00:00"), mustZone(t, zone), "biweekly", started)
		if wall := got.In(mustZone(t, zone)); wall.Day() != 19 || wall.Month() != time.January {
			t.Errorf("%s: next biweekly %v", zone, wall)
		}
	}
}

func TestBeforeListsOlderSlots(t *testing.T) {
	s := mustSpec(t, "0 10 * * MON")
	got := s.Before(utc("2026-03-30 10:00:00"), utc("2026-03-01 00:00:00"), time.UTC, "weekly", time.Time{}, 10)
	want := []string{"2026-03-23 10:00:00", "2026-03-16 10:00:00", "2026-03-09 10:00:00", "2026-03-02 10:00:00"}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if !got[i].Equal(utc(want[i])) {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	if got := s.Before(utc("2026-03-30 10:00:00"), time.Time{}, time.UTC, "weekly", time.Time{}, 3); len(got) != 3 {
		t.Fatalf("max not applied: %v", got)
	}
}

func TestEveryIsAnchored(t *testing.T) {
	s := mustSpec(t, "@every 168h")
	got, _ := s.Latest(utc("2026-03-12 08:00:00"), time.UTC, "weekly", time.Time{})
	if !got.Equal(utc("2026-03-09 00:00:00")) {
		t.Fatalf("@every 168h latest %v, want Monday midnight", got)
	}
	paris := mustZone(t, "Europe/Paris")
	s = mustSpec(t, "@every 1h")
	got, _ = s.Latest(utc("2026-03-12 08:20:00"), paris, "weekly", time.Time{})
	if !got.Equal(utc("2026-03-12 08:00:00")) {
		t.Fatalf("@every 1h latest %v", got)
	}
}

// Latest and Next agree with each other everywhere: no slot lies between
// Latest(now) and now, and Next(now) is the slot after Latest(now).
func TestLatestAndNextAgree(t *testing.T) {
	specs := []string{"0 10 * * MON", "30 2 * * *", "30 1 * * *", "*/20 1-3 * * SUN", "15 30 9 1 * *", "@daily", "@every 7h"}
	zones := []string{"UTC", "America/New_York", "Europe/Paris", "Australia/Lord_Howe", "Asia/Kolkata", "America/Havana"}
	cadences := []string{"weekly", "biweekly", "monthly"}
	rng := rand.New(rand.NewPCG(1, 2))
	start := utc("2026-01-01 00:00:00")
	for i := 0; i < 3000; i++ {
		spec := mustSpec(t, specs[rng.IntN(len(specs))])
		loc := mustZone(t, zones[rng.IntN(len(zones))])
		cad := cadences[rng.IntN(len(cadences))]
		started := start.Add(time.Duration(rng.Int64N(int64(30 * 24 * time.Hour))))
		// Bias some times towards the American and Australian changes.
		now := start.Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour)))).Truncate(time.Second)
		if i%3 == 0 {
			base := []string{"2026-03-08 05:00:00", "2026-11-01 04:00:00", "2026-04-04 14:00:00", "2026-10-03 15:00:00"}[rng.IntN(4)]
			now = utc(base).Add(time.Duration(rng.Int64N(int64(5 * time.Hour)))).Truncate(time.Second)
		}
		l, ok := spec.Latest(now, loc, cad, started)
		if !ok {
			t.Fatalf("%s %s %s: no latest at %v", spec, loc, cad, now)
		}
		n, ok := spec.Next(now, loc, cad, started)
		if !ok {
			t.Fatalf("no next")
		}
		if l.After(now) || !n.After(now) {
			t.Fatalf("%s %s %s at %v: latest %v next %v", spec, loc, cad, now, l, n)
		}
		if n2, _ := spec.Next(l, loc, cad, started); !n2.Equal(n) {
			t.Fatalf("%s %s %s at %v: next after latest %v is %v, next after now %v", spec, loc, cad, now, l, n2, n)
		}
		if l2, _ := spec.Latest(n, loc, cad, started); !l2.Equal(n) {
			t.Fatalf("%s %s %s at %v: latest at next %v is %v", spec, loc, cad, now, n, l2)
		}
	}
}
