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

	"github.com/slack-go/slack"
)

func TestPageAndStaticAssets(t *testing.T) {
	e := newEnv(t)
	for path, want := range map[string]string{
		"/":               `<script src="/static/app.js" defer></script>`,
		"/static/app.js":  `"use strict"`,
		"/static/app.css": `.bk-btn`,
	} {
		res, err := http.Get(e.http.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !strings.Contains(string(body), want) {
			t.Errorf("GET %s: %d, body lacks %q", path, res.StatusCode, want)
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") {
			t.Errorf("GET %s: CSP %q", path, csp)
		}
	}
	// The page fetches nothing from elsewhere.
	for _, path := range []string{"/", "/static/app.js", "/static/app.css"} {
		res, _ := http.Get(e.http.URL + path)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if strings.Contains(string(body), "http://") || strings.Contains(string(body), "https://") {
			t.Errorf("%s refers to an external URL", path)
		}
	}
}

func TestRequestGuards(t *testing.T) {
	e := newEnv(t)
	do := func(method, path, host, ctype, origin, body string) int {
		req, _ := http.NewRequest(method, e.http.URL+path, strings.NewReader(body))
		if host != "" {
			req.Host = host
		}
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	body := `{"user":"U0ADA","text":"/mentor echo"}`
	cases := []struct {
		name, method, host, ctype, origin string
		want                              int
	}{
		{"a rebound DNS name", "GET", "evil.example:80", "", "", http.StatusMisdirectedRequest},
		{"localhost", "GET", "localhost:1234", "", "", http.StatusOK},
		{"IPv6 loopback", "GET", "[::1]:1234", "", "", http.StatusOK},
		{"a form post from another site", "POST", "", "text/plain", "", http.StatusUnsupportedMediaType},
		{"a JSON post from another origin", "POST", "", "application/json", "https://evil.example", http.StatusForbidden},
		{"a JSON post from the page", "POST", "", "application/json", e.http.URL, http.StatusOK},
	}
	for _, c := range cases {
		path := "/api/state?user=U0ADA"
		if c.method == "POST" {
			path = "/api/command"
		}
		if got := do(c.method, path, c.host, c.ctype, c.origin, body); got != c.want {
			t.Errorf("%s: status %d, want %d", c.name, got, c.want)
		}
	}
	// --public answers any host name.
	pub := newEnv(t, func(c *Config) { c.Public = true })
	req, _ := http.NewRequest("GET", pub.http.URL+"/", nil)
	req.Host = "mentorbot.example:8080"
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("public: status %d", res.StatusCode)
	}
}

func TestStateDefaultsAndPeople(t *testing.T) {
	e := newEnv(t)
	// A fresh page (or a stale ?as=) shows the first person left to sign
	// up by hand.
	for _, user := range []string{"", "U404"} {
		if st := e.state(user); st.User != "U0TOMAS" {
			t.Errorf("state(%q).User = %s, want U0TOMAS", user, st.User)
		}
	}
	st := e.state("U0ADA")
	if st.User != "U0ADA" || len(st.People) != 3 || !st.People[0].Admin || st.People[1].Admin {
		t.Fatalf("people = %+v", st.People)
	}
	if st.Features.TimeTravel || st.Features.Report || !st.Features.Seed {
		t.Errorf("features = %+v", st.Features)
	}
	if st.NowLabel != "Mon 2 Nov 2026, 10:00 (Europe/Stockholm)" {
		t.Errorf("now label = %q", st.NowLabel)
	}
	if c, ok := conv(st, "channel"); !ok || c.Name != "#general" || c.Messages == nil {
		t.Errorf("general = %+v", c)
	}
}

func TestLongPollWaitsForAChange(t *testing.T) {
	e := newEnv(t)
	st := e.state("U0ADA")
	got := make(chan State, 1)
	go func() {
		res, err := http.Get(e.http.URL + "/api/state?user=U0ADA&since=" + jsonNum(st.Rev))
		if err != nil {
			return
		}
		defer res.Body.Close()
		var s State
		_ = json.NewDecoder(res.Body).Decode(&s)
		got <- s
	}()
	if code, res := e.post("/api/command", map[string]string{"user": "U0ADA", "text": "/mentor echo hello"}); code != 200 || res["ok"] != true {
		t.Fatalf("command: %d %v", code, res)
	}
	select {
	case s := <-got:
		if s.Rev == st.Rev {
			t.Errorf("long poll answered with the same revision %d", s.Rev)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the long poll did not answer after a change")
	}
	e.waitState("U0ADA", func(s State) bool { return hasMessage(s, "channel", "got:") })
}

func TestCommandTextIsEscapedLikeSlack(t *testing.T) {
	e := newEnv(t)
	cases := []struct{ typed, want string }{
		{"/mentor echo pair @ada @tomas", "pair &lt;@U0ADA|ada&gt; &lt;@U0TOMAS|tomas&gt;"},
		{"/mentor echo pair @Ada, @nobody", "pair &lt;@U0ADA|ada&gt;, @nobody"},
		{"/mentor echo announce #general", "announce &lt;#C00000001|general&gt;"},
		{"/mentor echo <!channel> & <@U0ADA>", "&amp;lt;!channel&amp;gt; &amp;amp; &amp;lt;@U0ADA&amp;gt;"},
		{"/mentor echo mail@ada.example", "mail@ada.example"},
	}
	for _, c := range cases {
		code, res := e.post("/api/command", map[string]string{"user": "U0ADA", "text": c.typed})
		if code != 200 {
			t.Fatalf("%s: %d %v", c.typed, code, res)
		}
		// The bot's reply escapes the text it got, which shows it verbatim.
		e.waitState("U0ADA", func(s State) bool { return hasMessage(s, "channel", c.want) })
	}
	for _, c := range []struct {
		body map[string]string
		want string
	}{
		{map[string]string{"user": "U0ADA", "text": "hello"}, "Only slash commands"},
		{map[string]string{"user": "U0ADA", "text": "/giphy cats"}, "not a command"},
		{map[string]string{"user": "U0ADA", "text": "/mentor help", "channel": "G404"}, "not in that conversation"},
		{map[string]string{"user": "U0NOBODY", "text": "/mentor help"}, "unknown user"},
	} {
		code, res := e.post("/api/command", c.body)
		if code != http.StatusBadRequest || !strings.Contains(res["error"].(string), c.want) {
			t.Errorf("%v: %d %v", c.body, code, res)
		}
	}
}

func TestModalSubmitErrorsAndClose(t *testing.T) {
	e := newEnv(t)
	e.post("/api/command", map[string]string{"user": "U0ADA", "text": "/mentor form"})
	st := e.waitState("U0ADA", func(s State) bool { return s.Modal != nil })
	m := st.Modal
	if m.Title != "A form" || m.Submit != "Save" || m.Close != "Cancel" || m.CallbackID != "form" || m.Depth != 1 {
		t.Fatalf("modal = %+v", m)
	}
	for _, want := range []string{`data-block-id="name"`, `data-type="static_select"`, `<option value="U0TOMAS">Tomás Silva (@tomas)</option>`} {
		if !strings.Contains(m.HTML, want) {
			t.Errorf("modal HTML lacks %s", want)
		}
	}
	values := func(name string) map[string]map[string]map[string]any {
		return map[string]map[string]map[string]any{
			"name":  {"value": {"type": "plain_text_input", "value": name}},
			"level": {"value": {"type": "static_select", "selected_option": "senior"}},
			"buddy": {"value": {"type": "users_select", "selected_user": "U0TOMAS"}},
		}
	}
	// response_action errors come back by block, and the modal stays.
	code, res := e.post("/api/submit", map[string]any{"user": "U0ADA", "view_id": m.ID, "values": values("bad")})
	if code != 200 || res["ok"] != false || res["errors"].(map[string]any)["name"] != "Not that name" {
		t.Fatalf("bad submit: %d %v", code, res)
	}
	if st := e.state("U0ADA"); st.Modal == nil || st.Modal.ID != m.ID {
		t.Fatal("the modal closed after an error")
	}
	// What Slack's client would refuse never reaches the bot.
	wizard := values("Ada")
	wizard["level"]["value"]["selected_option"] = "wizard"
	code, res = e.post("/api/submit", map[string]any{"user": "U0ADA", "view_id": m.ID, "values": wizard})
	if code != http.StatusBadRequest || !strings.Contains(res["error"].(string), "wizard") {
		t.Fatalf("bad option: %d %v", code, res)
	}
	// A good submission closes it and the bot carries on.
	code, res = e.post("/api/submit", map[string]any{"user": "U0ADA", "view_id": m.ID, "values": values("Ada")})
	if code != 200 || res["ok"] != true {
		t.Fatalf("submit: %d %v", code, res)
	}
	st = e.waitState("U0ADA", func(s State) bool { return s.Modal == nil && hasMessage(s, "im", "Saved Ada (senior, buddy U0TOMAS)") })

	// Cancel closes a modal too.
	e.post("/api/command", map[string]string{"user": "U0ADA", "text": "/mentor form"})
	st = e.waitState("U0ADA", func(s State) bool { return s.Modal != nil })
	if code, res := e.post("/api/close", map[string]string{"user": "U0ADA", "view_id": st.Modal.ID}); code != 200 || res["ok"] != true {
		t.Fatalf("close: %d %v", code, res)
	}
	if st := e.state("U0ADA"); st.Modal != nil {
		t.Fatal("modal still open after close")
	}
}

func TestClickHomeAndFiles(t *testing.T) {
	e := newEnv(t)
	// Opening the Home tab sends app_home_opened; the bot publishes.
	if code, res := e.post("/api/home", map[string]string{"user": "U0TOMAS"}); code != 200 || res["ok"] != true {
		t.Fatalf("home: %d %v", code, res)
	}
	st := e.waitState("U0TOMAS", func(s State) bool { return s.Home != nil })
	if !strings.Contains(st.Home.HTML, "Home of U0TOMAS") {
		t.Fatalf("home = %s", st.Home.HTML)
	}
	// A button in the Home tab, then one in a message.
	if code, res := e.post("/api/click", map[string]string{"user": "U0TOMAS", "view_id": st.Home.ID, "action_id": "ping", "value": "home"}); code != 200 {
		t.Fatalf("click home: %d %v", code, res)
	}
	st = e.waitState("U0TOMAS", func(s State) bool { return hasMessage(s, "im", "pong home") })
	dm, _ := conv(st, "im")
	_, ts, err := e.api.PostMessageContext(e.ctx(), "U0TOMAS", slack.MsgOptionBlocks(slack.NewActionBlock("a",
		slack.NewButtonBlockElement("ping", "msg", slack.NewTextBlockObject("plain_text", "Ping", false, false)))))
	if err != nil {
		t.Fatal(err)
	}
	if code, res := e.post("/api/click", map[string]string{"user": "U0TOMAS", "channel": dm.ID, "ts": ts, "action_id": "ping", "value": "msg"}); code != 200 {
		t.Fatalf("click message: %d %v", code, res)
	}
	e.waitState("U0TOMAS", func(s State) bool { return hasMessage(s, "im", "pong msg") })
	// Someone else cannot click Tomás's message; a missing button is an error.
	if code, _ := e.post("/api/click", map[string]string{"user": "U0ADA", "channel": dm.ID, "ts": ts, "action_id": "ping"}); code != http.StatusBadRequest {
		t.Errorf("foreign click: %d", code)
	}
	if code, _ := e.post("/api/click", map[string]string{"user": "U0TOMAS", "channel": dm.ID, "ts": ts, "action_id": "nope"}); code != http.StatusBadRequest {
		t.Errorf("missing button: %d", code)
	}

	// Files the bot shares are links that download them.
	f, err := e.api.UploadFileContext(e.ctx(), slack.UploadFileParameters{Filename: "export.json", FileSize: 9, Content: `{"a":"<"}`, Channel: dm.ID})
	if err != nil {
		t.Fatal(err)
	}
	e.waitState("U0TOMAS", func(s State) bool { return hasMessage(s, "im", `href="/api/file?id=`+f.ID+`"`) })
	res, err := http.Get(e.http.URL + "/api/file?id=" + f.ID)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if string(body) != `{"a":"<"}` || res.Header.Get("Content-Disposition") != `attachment; filename="export.json"` ||
		res.Header.Get("Content-Type") != "application/octet-stream" {
		t.Errorf("file: %q %v", body, res.Header)
	}
}

// fakeScheduler has slots every Monday 10:00 UTC (check-ins) and on the
// 1st at 14:00 (feedback) and records where RunDue ran.
type fakeScheduler struct {
	clock *Clock
	none  bool
	mu    sync.Mutex
	runs  []time.Time
}

func (f *fakeScheduler) NextSlot(_ context.Context, kind string, after time.Time) (time.Time, bool, error) {
	if f.none {
		return time.Time{}, false, nil
	}
	t := after.UTC().Truncate(time.Hour).Add(time.Hour)
	for {
		if kind == SlotCheckin && t.Weekday() == time.Monday && t.Hour() == 10 {
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
	defer f.mu.Unlock()
	f.runs = append(f.runs, f.clock.Now())
	return nil
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
	// Stops every 6 hours at most, and exactly at Monday's check-in slot.
	sawSlot := false
	for i, r := range fs.runs {
		if r.Equal(time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)) {
			sawSlot = true
		}
		if i > 0 && r.Sub(fs.runs[i-1]) > travelStep {
			t.Errorf("gap of %v before %v", r.Sub(fs.runs[i-1]), r)
		}
	}
	if !sawSlot || len(fs.runs) != 29 || tr.Stops != len(fs.runs) {
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
	get := func() (int, string, http.Header) {
		res, err := http.Get(e.http.URL + "/report")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b), res.Header
	}
	code, body, h := get()
	if code != 200 || !strings.Contains(body, "<title>Report</title>") || h.Get("Content-Type") != "text/html; charset=utf-8" ||
		!strings.HasPrefix(h.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Fatalf("report: %d %q %v", code, body, h)
	}
	fail = true
	if code, body, _ := get(); code != http.StatusInternalServerError || !strings.Contains(body, "database is gone") {
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
