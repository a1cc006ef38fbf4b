package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot/playground"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// notifyBuffer collects output and signals every write.
type notifyBuffer struct {
	mu    sync.Mutex
	b     strings.Builder
	wrote chan struct{}
}

func newNotifyBuffer() *notifyBuffer { return &notifyBuffer{wrote: make(chan struct{}, 1)} }

func (n *notifyBuffer) Write(p []byte) (int, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	select {
	case n.wrote <- struct{}{}:
	default:
	}
	return n.b.Write(p)
}

func (n *notifyBuffer) String() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.b.String()
}

// pgRun is `mentorbot playground` running in the test process.
type pgRun struct {
	t       testing.TB
	url     string
	db      string
	out     *notifyBuffer
	errOut  *notifyBuffer
	startup time.Duration
}

var playgroundURL = regexp.MustCompile(`open (http://127\.0\.0\.1:[0-9]+/) in your browser`)

// startPlayground runs the playground command on 127.0.0.1:0 and a
// database in t.TempDir() (plus extra flags), and waits until it prints
// its URL (which it does once the bot's Socket Mode connection is up).
func startPlayground(t testing.TB, env map[string]string, extra ...string) *pgRun {
	t.Helper()
	p := &pgRun{t: t, db: filepath.Join(t.TempDir(), "playground.db"), out: newNotifyBuffer(), errOut: newNotifyBuffer()}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	started := time.Now()
	go func() {
		args := append([]string{"playground", "--addr", "127.0.0.1:0", "--db", p.db}, extra...)
		done <- run(ctx, args, func(k string) string { return env[k] }, p.out, p.errOut)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("playground returned %v\nstderr:\n%s", err, p.errOut)
			}
		case <-time.After(30 * time.Second):
			t.Errorf("playground did not stop within 30s")
		}
		if strings.Contains(p.out.String()+p.errOut.String(), "xoxb-") {
			t.Errorf("a token was printed")
		}
	})
	timeout := time.After(30 * time.Second)
	for {
		if m := playgroundURL.FindStringSubmatch(p.out.String()); m != nil {
			p.url = m[1]
			p.startup = time.Since(started)
			t.Logf("playground ready in %v at %s", p.startup, p.url)
			return p
		}
		select {
		case <-p.out.wrote:
		case err := <-done:
			t.Fatalf("playground stopped before printing its URL: %v\nstdout:\n%s\nstderr:\n%s", err, p.out, p.errOut)
		case <-timeout:
			t.Fatalf("no URL within 30s\nstdout:\n%s\nstderr:\n%s", p.out, p.errOut)
		}
	}
}

func (p *pgRun) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	p.t.Cleanup(cancel)
	return ctx
}

func (p *pgRun) post(path string, body any) map[string]any {
	p.t.Helper()
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequestWithContext(p.ctx(), http.MethodPost, p.url+strings.TrimPrefix(path, "/"), bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	if res.StatusCode != http.StatusOK {
		p.t.Fatalf("POST %s %s: %d %v\nstderr:\n%s", path, raw, res.StatusCode, out, p.errOut)
	}
	return out
}

func (p *pgRun) getState(user, since string) playground.State {
	p.t.Helper()
	u := p.url + "api/state?user=" + user
	if since != "" {
		u += "&since=" + since
	}
	req, _ := http.NewRequestWithContext(p.ctx(), http.MethodGet, u, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer res.Body.Close()
	var st playground.State
	if err := json.NewDecoder(res.Body).Decode(&st); err != nil {
		p.t.Fatal(err)
	}
	return st
}

// waitState long-polls user's state until cond holds.
func (p *pgRun) waitState(user string, cond func(playground.State) bool) playground.State {
	p.t.Helper()
	st := p.getState(user, "")
	deadline := time.Now().Add(20 * time.Second)
	for !cond(st) {
		if time.Now().After(deadline) {
			raw, _ := json.MarshalIndent(st, "", " ")
			p.t.Fatalf("state of %s never matched; last:\n%s\nstderr:\n%s", user, raw, p.errOut)
		}
		st = p.getState(user, jsonUint(st.Rev))
	}
	return st
}

func jsonUint(n uint64) string { b, _ := json.Marshal(n); return string(b) }

// findMessage returns the conversation and message of a kind whose HTML
// contains text.
func findMessage(st playground.State, kind, text string) (playground.ConvState, playground.MsgState, bool) {
	for _, c := range st.Convs {
		if kind != "" && c.Kind != kind {
			continue
		}
		for _, m := range c.Messages {
			if strings.Contains(m.HTML, text) {
				return c, m, true
			}
		}
	}
	return playground.ConvState{}, playground.MsgState{}, false
}

func has(kind, text string) func(playground.State) bool {
	return func(st playground.State) bool { _, _, ok := findMessage(st, kind, text); return ok }
}

func TestPlaygroundFlags(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--addr", "0.0.0.0:8080"}, "not a loopback address"},
		{[]string{"--addr", "192.168.1.5:8080"}, "add --public"},
		{[]string{"--addr", "8080"}, "want host:port"},
		{[]string{"extra"}, "takes no arguments"},
		{[]string{"--log-level", "loud"}, "--log-level"},
	}
	for _, c := range cases {
		err := run(context.Background(), append([]string{"playground"}, c.args...), func(string) string { return "" }, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: err = %v, want %q", c.args, err, c.want)
		}
	}
	if err := checkPlaygroundAddr("0.0.0.0:8080", true); err != nil {
		t.Errorf("--public refused: %v", err)
	}
	for _, ok := range []string{"127.0.0.1:0", "localhost:8080", "[::1]:8080"} {
		if err := checkPlaygroundAddr(ok, false); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	var help bytes.Buffer
	if err := run(context.Background(), []string{"help"}, func(string) string { return "" }, &help, io.Discard); err != nil ||
		!strings.Contains(help.String(), "mentorbot playground") {
		t.Errorf("usage does not list the playground: %v\n%s", err, help.String())
	}
}

// TestPlaygroundStory plays the program through the page's API, as the
// page's script does: quick seed, a sign-up by hand through the bot's
// modal (with an error first), a manual pairing by @name, the
// introduction, a check-in slot, a Met click, a week later and the report.
func TestPlaygroundStory(t *testing.T) {
	p := startPlayground(t, map[string]string{"MENTORBOT_DB": "/nonexistent/ignored.db", "SLACK_BOT_TOKEN": "xoxb-real"})
	st := p.getState("", "")
	if st.User != "U0TOMAS" || len(st.People) != len(playground.People()) || !st.Features.TimeTravel || st.Features.Report || !st.Features.Seed {
		t.Fatalf("first state: user %s, %d people, %+v", st.User, len(st.People), st.Features)
	}

	// Quick seed: everyone but Hana, Tomás and Elif, through the real
	// sign-up form.
	seeded := len(playground.People()) - 3
	seed := p.post("/api/seed", map[string]any{})
	if n := len(seed["signed_up"].([]any)); n != seeded {
		t.Fatalf("quick seed signed up %d: %v", n, seed)
	}
	if seed["circle"] != "First-time leads" {
		t.Fatalf("quick seed made no mentoring circle: %v", seed)
	}
	// The bot stores a sign-up after acking the form; the people list
	// shows roles from the database once it has.
	p.waitState("U0LEO", func(s playground.State) bool {
		n := 0
		for _, person := range s.People {
			if person.Role != "" {
				n++
			}
		}
		return n == seeded
	})
	db := openDB(t, p.db)
	ps, err := db.Participants(context.Background(), "")
	if err != nil || len(ps) != seeded {
		t.Fatalf("participants after seed: %d, %v", len(ps), err)
	}
	st = p.getState("U0LEO", "")
	for _, person := range st.People {
		if person.ID == "U0LEO" && person.Role != "mentee" || person.ID == "U0ADA" && person.Role != "mentor" || person.ID == "U0TOMAS" && person.Role != "" {
			t.Errorf("role of %s = %q", person.ID, person.Role)
		}
	}
	p.waitState("U0LEO", has("im", "Thanks for signing up, Leo Fischer"))

	// Tomás signs up by hand through the rendered modal.
	p.post("/api/command", map[string]string{"user": "U0TOMAS", "text": "/mentor signup"})
	st = p.waitState("U0TOMAS", func(s playground.State) bool { return s.Modal != nil })
	m := st.Modal
	if m.CallbackID != "signup" || m.Title != "Join mentorship" || m.Submit != "Sign up" {
		t.Fatalf("modal = %+v", m)
	}
	for _, want := range []string{`data-block-id="role" data-action-id="value" data-type="radio_buttons"`, `data-type="plain_text_input"`,
		`<textarea`, `data-type="number_input"`, `data-type="users_select"`, `<option value="U0MARCUS">Marcus Reid (@marcus)</option>`,
		`data-type="static_select"`, `<option value="weekly" selected>Weekly</option>`} {
		if !strings.Contains(m.HTML, want) {
			t.Errorf("sign-up modal lacks %s", want)
		}
	}
	val := func(typ, key, v string) map[string]map[string]string {
		return map[string]map[string]string{"value": {"type": typ, key: v}}
	}
	form := map[string]any{
		"role":       val("radio_buttons", "selected_option", "mentee"),
		"learns":     val("plain_text_input", "value", ""),
		"goals":      val("plain_text_input", "value", "<script>alert(1)</script> & grow"),
		"department": val("plain_text_input", "value", "Web"),
		"seniority":  val("number_input", "value", "1"),
		"cadence":    val("static_select", "selected_option", "weekly"),
	}
	res := p.post("/api/submit", map[string]any{"user": "U0TOMAS", "view_id": m.ID, "values": form})
	if res["ok"] != false || !strings.Contains(res["errors"].(map[string]any)["learns"].(string), "at least one topic") {
		t.Fatalf("a mentee without topics: %v", res)
	}
	form["learns"] = val("plain_text_input", "value", "Go, system design")
	if res := p.post("/api/submit", map[string]any{"user": "U0TOMAS", "view_id": m.ID, "values": form}); res["ok"] != true {
		t.Fatalf("sign-up refused: %v", res)
	}
	p.waitState("U0TOMAS", func(s playground.State) bool { return s.Modal == nil && has("im", "Thanks for signing up")(s) })

	// The admin pairs Ada and Tomás, mentioning them by @name.
	p.post("/api/command", map[string]string{"user": playground.AdminID, "text": "/mentor pair @ada @tomas"})
	p.waitState(playground.AdminID, has("channel", "Paired"))
	st = p.waitState("U0ADA", has("mpim", "Meet your mentorship match"))
	_, intro, _ := findMessage(st, "mpim", "Meet your mentorship match")
	if !strings.Contains(intro.HTML, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; grow") || strings.Contains(intro.HTML, "<script") {
		t.Errorf("Tomás's goals are not shown as text in the introduction:\n%s", intro.HTML)
	}

	// Two seeded colleagues are paired too: Mia (mentee) will set goals,
	// and both will answer the fit pulse their first Met brings.
	p.post("/api/command", map[string]string{"user": playground.AdminID, "text": "/mentor pair @kenji @mia"})
	p.waitState("U0MIA", has("mpim", "Set our goals"))

	// Time travel to check-in slots until Tomás (São Paulo) gets his.
	for i := 0; i < 3 && !has("im", "checkin_met")(p.getState("U0TOMAS", "")); i++ {
		tr := p.post("/api/travel", map[string]string{"to": "checkin", "user": "U0TOMAS"})
		if !strings.Contains(tr["note"].(string), "check-in") {
			t.Fatalf("travel: %v", tr)
		}
	}
	st = p.waitState("U0TOMAS", has("im", `data-action-id="checkin_met"`))
	dm, checkin, _ := findMessage(st, "im", `data-action-id="checkin_met"`)
	if !strings.Contains(checkin.HTML, "Did you meet <b>Ada Lindqvist</b>") {
		t.Errorf("check-in: %s", checkin.HTML)
	}
	id := regexp.MustCompile(`data-action-id="checkin_met" data-value="([0-9]+)"`).FindStringSubmatch(checkin.HTML)[1]
	p.post("/api/click", map[string]string{"user": "U0TOMAS", "channel": dm.ID, "ts": checkin.TS, "action_id": "checkin_met", "value": id})
	p.waitState("U0TOMAS", has("im", "Great, thanks for letting me know"))
	var cid int64
	_ = json.Unmarshal([]byte(id), &cid)
	c, err := db.CheckinByID(context.Background(), cid)
	if err != nil || c.Answer != store.AnswerMet || c.ParticipantSlack != "U0TOMAS" {
		t.Fatalf("check-in %d: %+v, %v", cid, c, err)
	}

	// A week later, and the report of the playground's database.
	if tr := p.post("/api/travel", map[string]string{"to": "week", "user": "U0TOMAS"}); tr["stops"].(float64) < 14 {
		t.Errorf("week: %v", tr)
	}
	// Meanwhile Mia set her goals from the introduction, and she and Kenji
	// answered the fit pulse their first Met brought them.
	ctx := context.Background()
	mia, err := db.ActivePairings(ctx, "U0MIA")
	if err != nil || len(mia) != 1 {
		t.Fatalf("Mia's pairings: %v, %v", mia, err)
	}
	if goals, err := db.Goals(ctx, mia[0].ID); err != nil || len(goals) != 3 || goals[0].Text != "Write a proposal that gets accepted." {
		t.Errorf("Mia's goals: %+v, %v", goals, err)
	}
	for _, who := range []string{"U0MIA", "U0KENJI"} {
		if a, err := db.FitAnswer(ctx, mia[0].ID, who); err != nil || a == "" {
			t.Errorf("%s's fit answer: %q, %v", who, a, err)
		}
	}
	rep := p.get("/report?as=" + playground.AdminID)
	if !strings.Contains(strings.ToLower(rep), "<html") || !strings.Contains(rep, "Mentor") {
		t.Errorf("report: %.300s", rep)
	}

	// Everything the bot sent renders without a placeholder or a raw tag.
	for _, person := range playground.People() {
		p.post("/api/home", map[string]string{"user": person.ID})
		st := p.waitState(person.ID, func(s playground.State) bool { return s.Home != nil })
		var all []string
		for _, c := range st.Convs {
			for _, m := range c.Messages {
				all = append(all, m.HTML)
			}
		}
		all = append(all, st.Home.HTML)
		for _, h := range all {
			if strings.Contains(h, "bk-unknown") || strings.Contains(h, "<script") {
				t.Errorf("%s sees a message the playground cannot show:\n%s", person.Name, h)
			}
		}
	}
}

func (p *pgRun) get(path string) string {
	p.t.Helper()
	req, _ := http.NewRequestWithContext(p.ctx(), http.MethodGet, p.url+strings.TrimPrefix(path, "/"), nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		p.t.Fatalf("GET %s: %d %s", path, res.StatusCode, b)
	}
	return string(b)
}

// openDB opens the playground's database beside it (WAL allows a reader).
func openDB(t testing.TB, path string) *sqldb.DB {
	t.Helper()
	db, err := sqldb.Open(context.Background(), path, sqldb.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
