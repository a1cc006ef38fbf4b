package playground

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeScheduler has slots every Monday 10:00 UTC (check-ins) and on the
// 1st at 14:00 (feedback) and records where RunDue ran.
type fakeScheduler struct {
	clock *Clock
	none  bool
	mu    sync.Mutex
	runs  []time.Time
	// U0ADA's check-ins come on Tuesdays at 12:00; nobody else has one of
	// their own.
	adaTuesday bool
	// running, when set, gets a message at every run, which then waits
	// for proceed.
	running chan struct{}
	proceed chan struct{}
}

func (f *fakeScheduler) NextSlot(_ context.Context, kind, user string, after time.Time) (time.Time, bool, error) {
	if f.none || user != "" && !(f.adaTuesday && user == "U0ADA") {
		return time.Time{}, false, nil
	}
	t := after.UTC().Truncate(time.Hour).Add(time.Hour)
	for {
		if user == "U0ADA" {
			if kind == SlotCheckin && t.Weekday() == time.Tuesday && t.Hour() == 12 {
				return t, true, nil
			}
		} else if kind == SlotCheckin && t.Weekday() == time.Monday && t.Hour() == 10 {
			return t, true, nil
		}
		if kind == SlotFeedback && t.Day() == 1 && t.Hour() == 14 {
			return t, true, nil
		}
		t = t.Add(time.Hour)
	}
}

func (f *fakeScheduler) RunDue(context.Context) error {
	f.mu.Lock()
	f.runs = append(f.runs, f.clock.Now())
	f.mu.Unlock()
	if f.running != nil {
		f.running <- struct{}{}
		<-f.proceed
	}
	return nil
}

// TestTravelToMySlot: "Next check-in slot" goes to the slot of the person
// the visitor is (and says so, with the time in their zone), stopping at
// everybody's slots on the way; without a pairing of their own, to
// anybody's.
func TestTravelToMySlot(t *testing.T) {
	var fs *fakeScheduler
	e := newEnv(t, func(c *Config) {
		fs = &fakeScheduler{clock: c.Clock, adaTuesday: true}
		c.Scheduler = fs
	})
	// Starts Mon 2 Nov 2026 09:00 UTC; Ada's slot is Tue 3 Nov 12:00 UTC,
	// 13:00 in Stockholm.
	code, res := e.post("/api/travel", map[string]string{"to": "checkin", "user": "U0ADA"})
	if code != 200 {
		t.Fatalf("travel: %d %v", code, res)
	}
	want := time.Date(2026, 11, 3, 12, 0, 0, 0, time.UTC)
	if !e.clock.Now().Equal(want) || res["to_label"] != "Tue 3 Nov 2026, 13:00 (Europe/Stockholm)" ||
		!strings.Contains(res["note"].(string), "next check-in slot of Ada Lindqvist (the person you are): Tue 3 Nov 2026, 13:00 (Europe/Stockholm)") {
		t.Fatalf("travel: now %v, %v", e.clock.Now(), res)
	}
	if st := e.state("U0ADA"); st.NowLabel != res["to_label"] {
		t.Errorf("the clock shows %q, the travel said %q", st.NowLabel, res["to_label"])
	}
	sawMonday := false
	for _, r := range fs.runs {
		sawMonday = sawMonday || r.Equal(time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC))
	}
	if !sawMonday {
		t.Errorf("did not stop at everybody's Monday slot on the way: %v", fs.runs)
	}
	code, res = e.post("/api/travel", map[string]string{"to": "checkin", "user": "U0TOMAS"})
	if code != 200 || !strings.Contains(res["note"].(string), "of anyone in the program (Tomás Silva has no active pairing)") ||
		!strings.HasSuffix(res["to_label"].(string), "(America/Sao_Paulo)") {
		t.Errorf("travel without a pairing of one's own: %d %v", code, res)
	}
}

// TestTravelShowsProgress: while a week goes by, the state says how far.
func TestTravelShowsProgress(t *testing.T) {
	var fs *fakeScheduler
	e := newEnv(t, func(c *Config) {
		fs = &fakeScheduler{clock: c.Clock, running: make(chan struct{}), proceed: make(chan struct{})}
		c.Scheduler = fs
	})
	done := make(chan int, 1)
	go func() {
		code, _ := e.post("/api/travel", map[string]string{"to": "week", "user": "U0ADA"})
		done <- code
	}()
	var last int
	for stop := 0; ; stop++ {
		select {
		case <-fs.running:
		case code := <-done:
			if code != 200 || last < 50 {
				t.Fatalf("travel answered %d after %d stops, last progress %d %%", code, stop, last)
			}
			if st := e.state("U0ADA"); st.Travel != nil {
				t.Errorf("progress after the travel: %+v", st.Travel)
			}
			return
		}
		if stop > 0 {
			st := e.state("U0ADA")
			if st.Travel == nil || st.Travel.Percent < last || !strings.Contains(st.Travel.Label, "Travelling in time: ") ||
				!strings.Contains(st.Travel.Label, "(Europe/Stockholm)") {
				t.Fatalf("progress at stop %d: %+v", stop, st.Travel)
			}
			last = st.Travel.Percent
		}
		fs.proceed <- struct{}{}
	}
}

func TestTimeTravel(t *testing.T) {
	var fs *fakeScheduler
	e := newEnv(t, func(c *Config) {
		fs = &fakeScheduler{clock: c.Clock}
		c.Scheduler = fs
	})
	// Starts Mon 2 Nov 2026 09:00 UTC.
	travel := func(to string) TravelResult {
		t.Helper()
		code, res := e.post("/api/travel", map[string]string{"to": to})
		if code != 200 {
			t.Fatalf("travel %s: %d %v", to, code, res)
		}
		raw, _ := json.Marshal(res)
		var tr TravelResult
		_ = json.Unmarshal(raw, &tr)
		return tr
	}
	tr := travel("checkin")
	if want := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC); !tr.To.Equal(want) || len(fs.runs) != 1 || !fs.runs[0].Equal(want) {
		t.Fatalf("checkin: to %v runs %v", tr.To, fs.runs)
	}
	tr = travel("feedback")
	if want := time.Date(2026, 12, 1, 14, 0, 0, 0, time.UTC); !tr.To.Equal(want) {
		t.Fatalf("feedback: to %v", tr.To)
	}
	fs.runs = nil
	tr = travel("week")
	want := time.Date(2026, 12, 8, 14, 0, 0, 0, time.UTC)
	if !tr.To.Equal(want) || !e.clock.Now().Equal(want) {
		t.Fatalf("week: to %v", tr.To)
	}
	// Stops every 12 hours at most, and exactly at Monday's check-in slot.
	sawSlot := false
	for i, r := range fs.runs {
		if r.Equal(time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)) {
			sawSlot = true
		}
		if i > 0 && r.Sub(fs.runs[i-1]) > travelStep {
			t.Errorf("gap of %v before %v", r.Sub(fs.runs[i-1]), r)
		}
	}
	if !sawSlot || len(fs.runs) != 15 || tr.Stops != len(fs.runs) {
		t.Errorf("week: %d stops (%d runs), saw the Monday slot: %v", tr.Stops, len(fs.runs), sawSlot)
	}
	if st := e.state("U0ADA"); !st.Features.TimeTravel || !st.Now.Equal(want) {
		t.Errorf("state after travel: %+v %v", st.Features, st.Now)
	}
	if code, _ := e.post("/api/travel", map[string]string{"to": "yesterday"}); code != http.StatusInternalServerError {
		t.Errorf("unknown travel: %d", code)
	}

	// With no active pairing, nothing moves and the note says why.
	fs.none = true
	before := e.clock.Now()
	if tr := travel("checkin"); !tr.To.Equal(before) || !strings.Contains(tr.Note, "pair people first") {
		t.Errorf("no pairing: %+v", tr)
	}
}

func TestTimeTravelAndReportAbsent(t *testing.T) {
	e := newEnv(t)
	if code, _ := e.post("/api/travel", map[string]string{"to": "week"}); code != http.StatusNotFound {
		t.Errorf("travel without a scheduler: %d", code)
	}
	res, err := http.Get(e.http.URL + "/report")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("report without a reporter: %d", res.StatusCode)
	}
}

func TestReport(t *testing.T) {
	fail := false
	e := newEnv(t, func(c *Config) {
		c.Report = func(_ context.Context, w io.Writer) error {
			if fail {
				return errors.New("database is gone")
			}
			_, err := io.WriteString(w, "<!doctype html><title>Report</title><style>b{}</style>")
			return err
		}
	})
	get := func(as string) (int, string, http.Header) {
		res, err := http.Get(e.http.URL + "/report?as=" + as)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b), res.Header
	}
	// Only the admin persona sees the link and gets the report.
	if !e.state(AdminID).Features.Report || e.state("U0ADA").Features.Report {
		t.Error("the report link is not for the admin only")
	}
	if code, body, _ := get("U0ADA"); code != http.StatusForbidden || !strings.Contains(body, "become the admin") {
		t.Errorf("a participant got the report: %d %q", code, body)
	}
	code, body, h := get(AdminID)
	if code != 200 || !strings.Contains(body, "<title>Report</title>") || h.Get("Content-Type") != "text/html; charset=utf-8" ||
		!strings.HasPrefix(h.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Fatalf("report: %d %q %v", code, body, h)
	}
	fail = true
	if code, body, _ := get(AdminID); code != http.StatusInternalServerError || !strings.Contains(body, "database is gone") {
		t.Errorf("failing report: %d %q", code, body)
	}
}

func TestClock(t *testing.T) {
	real := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := NewClock(func() time.Time { return real })
	if !c.Now().Equal(real) {
		t.Fatal("a new clock is not at real time")
	}
	c.Advance(time.Hour)
	c.Advance(-time.Hour) // ignored
	if c.Offset() != time.Hour {
		t.Fatalf("offset %v", c.Offset())
	}
	c.Set(real) // the past: ignored
	if !c.Now().Equal(real.Add(time.Hour)) {
		t.Fatalf("Set moved the clock back: %v", c.Now())
	}
	c.Set(real.Add(48 * time.Hour))
	real = real.Add(time.Minute) // real time goes on, and so does the clock
	if !c.Now().Equal(time.Date(2026, 1, 3, 0, 1, 0, 0, time.UTC)) {
		t.Fatalf("now %v", c.Now())
	}
}
