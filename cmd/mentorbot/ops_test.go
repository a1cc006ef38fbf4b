package main

import (
	"bufio"
	"context"
	"database/sql"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/bot/slackfake"
	"github.com/mentorbot/mentorbot/store/sqldb"
)

// opsAddrOf waits for the ops server's bound address.
func opsAddrOf(t *testing.T, a *app) string {
	t.Helper()
	select {
	case addr := <-a.opsAddr:
		return addr
	case <-time.After(10 * time.Second):
		t.Fatal("the ops server never reported its address")
		return ""
	}
}

// get fetches an ops path and returns the status code and body.
func get(t *testing.T, addr, path string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+path, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// metricValue reads one sample ("name{labels}") from Prometheus text
// output; ok is false when the series is absent.
func metricValue(text, series string) (float64, bool) {
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, series+" ") {
			v, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimPrefix(line, series)), 64)
			return v, err == nil
		}
	}
	return 0, false
}

func TestOpsEndpointsThroughServe(t *testing.T) {
	r, a := startApp(t, func(c *config) { c.HTTPAddr = "127.0.0.1:0" })
	addr := opsAddrOf(t, a)

	if code, body := get(t, addr, "/healthz"); code != 200 || strings.TrimSpace(body) != "ok" {
		t.Fatalf("/healthz = %d %q", code, body)
	}
	// An acked command means the loop has seen Connected (events are ordered).
	r.slash("UBOB", "help")
	if code, body := get(t, addr, "/readyz"); code != 200 || strings.TrimSpace(body) != "ready" {
		t.Fatalf("/readyz while connected = %d %q", code, body)
	}

	// Web API results: one 429 on users.info and one Slack error on
	// views.publish during a sign-up, the rest ok.
	r.fake.FailNext("users.info", 1, slackfake.Fault{Status: 429, RetryAfter: time.Second})
	r.fake.FailNext("views.publish", 1, slackfake.Fault{Error: "internal_error"})
	r.signUp("UANN", mentorForm("Go"))
	// The bot counts a call once its answer is read, just after the fake
	// recorded it.
	var text string
	eventually(10*time.Second, func() bool {
		_, text = get(t, addr, "/metrics")
		_, ok := metricValue(text, `mentorbot_slack_api_calls_total{method="views.publish",result="error"}`)
		return ok
	})
	want := map[string]func(float64) bool{
		`mentorbot_envelopes_total{type="slash_commands"}`:                            func(v float64) bool { return v == 2 },
		`mentorbot_envelopes_total{type="interactive"}`:                               func(v float64) bool { return v == 1 },
		`mentorbot_ack_latency_seconds_count{type="slash_commands"}`:                  func(v float64) bool { return v == 2 },
		`mentorbot_ack_latency_seconds_bucket{type="slash_commands",le="3"}`:          func(v float64) bool { return v == 2 },
		`mentorbot_slack_api_calls_total{method="auth.test",result="ok"}`:             func(v float64) bool { return v == 1 },
		`mentorbot_slack_api_calls_total{method="apps.connections.open",result="ok"}`: func(v float64) bool { return v == 1 },
		`mentorbot_slack_api_calls_total{method="users.info",result="ratelimited"}`:   func(v float64) bool { return v == 1 },
		`mentorbot_slack_api_calls_total{method="views.publish",result="error"}`:      func(v float64) bool { return v == 1 },
		`mentorbot_slack_api_calls_total{method="views.open",result="ok"}`:            func(v float64) bool { return v == 1 },
		`mentorbot_socketmode_connected`:                                              func(v float64) bool { return v == 1 },
		`mentorbot_socketmode_connects_total`:                                         func(v float64) bool { return v == 1 },
		`mentorbot_socketmode_reconnects_total`:                                       func(v float64) bool { return v == 0 },
		`mentorbot_scheduler_backlog_seconds`:                                         func(v float64) bool { return v == 0 },
		`mentorbot_outbox_scrape_error`:                                               func(v float64) bool { return v == 0 },
	}
	for series, ok := range want {
		v, found := metricValue(text, series)
		if !found || !ok(v) {
			t.Errorf("%s = %v (found %v)", series, v, found)
		}
	}
	if t.Failed() {
		t.Fatalf("metrics:\n%s", text)
	}

	// Scheduled messages show up by kind and state, with their lag.
	db, _ := seedPairing(t, r)
	_ = db
	r.at(a, "2026-11-09 15:00") // Monday 10:00 in New York: Ann's check-in
	_, text = get(t, addr, "/metrics")
	if v, _ := metricValue(text, `mentorbot_deliveries{kind="checkin",state="sent"}`); v < 1 {
		t.Errorf("no sent check-in in the metrics:\n%s", grepLines(text, "mentorbot_deliveries"))
	}
	if v, _ := metricValue(text, `mentorbot_scheduler_send_lag_seconds_count{kind="checkin"}`); v < 1 {
		t.Errorf("no send lag observed:\n%s", grepLines(text, "send_lag"))
	}

	// A dropped connection: /readyz says so while Slack refuses new
	// connections, and a reconnect is counted once it is back.
	r.fake.FailNext("apps.connections.open", 2, slackfake.Fault{Status: 500})
	before := r.fake.ConnectCount()
	r.fake.DropConnections()
	var code int
	var body string
	if err := r.fake.Wait(r.ctx(), func() bool {
		code, body = get(t, addr, "/readyz")
		return code == http.StatusServiceUnavailable
	}); err != nil {
		t.Fatalf("/readyz never reported the lost connection: %d %q", code, body)
	}
	if !strings.Contains(body, "socket mode: not connected") {
		t.Errorf("/readyz body %q does not name Socket Mode", body)
	}
	if err := r.fake.Wait(r.ctx(), func() bool { return r.fake.ConnectCount() > before }); err != nil {
		t.Fatal("no reconnect")
	}
	r.slash("UBOB", "help")
	_, text = get(t, addr, "/metrics")
	for series, want := range map[string]float64{
		`mentorbot_socketmode_reconnects_total`:                                          1,
		`mentorbot_socketmode_connected`:                                                 1,
		`mentorbot_slack_api_calls_total{method="apps.connections.open",result="error"}`: 2,
	} {
		if v, _ := metricValue(text, series); v != want {
			t.Errorf("%s = %v, want %v", series, v, want)
		}
	}

	// The healthcheck subcommand the container uses.
	var out strings.Builder
	if err := run(context.Background(), []string{"healthcheck", "--addr", addr}, func(string) string { return "" }, &out, io.Discard); err != nil {
		t.Fatalf("healthcheck: %v", err)
	}
	if err := run(context.Background(), []string{"healthcheck", "--ready"}, func(k string) string {
		if k == "MENTORBOT_HTTP_ADDR" {
			return addr
		}
		return ""
	}, &out, io.Discard); err != nil {
		t.Fatalf("healthcheck --ready: %v", err)
	}

	// Graceful shutdown closes the listener.
	r.shutdown()
	if err := run(context.Background(), []string{"healthcheck", "--addr", addr, "--timeout", "2s"}, func(string) string { return "" }, io.Discard, io.Discard); err == nil {
		t.Fatal("healthcheck passed after serve stopped")
	}
}

func TestReadyzFailsWhenDatabaseLocked(t *testing.T) {
	r, a := startApp(t, func(c *config) { c.HTTPAddr = "127.0.0.1:0" })
	addr := opsAddrOf(t, a)
	r.slash("UBOB", "help")
	// Another connection holds the write lock (the DSN's _txlock=immediate
	// takes it at BEGIN) longer than /readyz waits.
	other, err := sql.Open("sqlite3", sqldb.DSN(r.cfg.DB, false))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	code, body := get(t, addr, "/readyz")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "database: not writable") {
		tx.Rollback()
		t.Fatalf("/readyz with the database locked = %d %q", code, body)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	// Ready again once the lock is gone (the stuck check finishes first).
	if !eventually(15*time.Second, func() bool {
		code, body = get(t, addr, "/readyz")
		return code == 200
	}) {
		t.Fatalf("/readyz after the lock = %d %q", code, body)
	}
}

func TestHealthcheckRefusesWithoutAddress(t *testing.T) {
	err := run(context.Background(), []string{"healthcheck"}, func(string) string { return "" }, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "MENTORBOT_HTTP_ADDR") {
		t.Fatalf("healthcheck without an address: %v", err)
	}
}

// eventually polls cond (for state the fake does not signal, like the
// bot's own counters) until it holds or the timeout passes.
func eventually(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		<-tick.C
	}
	return true
}

func grepLines(text, sub string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func TestCountingTransportKeepsBodies(t *testing.T) {
	big := strings.Repeat("x", maxPeek+10)
	cases := []struct {
		name, body, want string
		status           int
	}{
		{"ok", `{"ok":true,"channel":"D1"}`, "ok", 200},
		{"slack error", `{"ok":false,"error":"channel_not_found"}`, "error", 200},
		{"ratelimited body", `{"ok":false,"error":"ratelimited"}`, "ratelimited", 200},
		{"429", `{"ok":false,"error":"ratelimited"}`, "ratelimited", 429},
		{"500", `oops`, "error", 500},
		{"longer than the peek", `{"ok":true,"pad":"` + big + `"}`, "ok", 200},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := newMetrics(nil, time.Now)
			tr := &countingTransport{m: m, next: roundTripFunc(func(*http.Request) (*http.Response, error) {
				return &http.Response{StatusCode: c.status, Body: io.NopCloser(strings.NewReader(c.body))}, nil
			})}
			req, _ := http.NewRequest(http.MethodPost, "https://slack.com/api/chat.postMessage", nil)
			resp, err := tr.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if string(got) != c.body {
				t.Fatalf("body changed: %d bytes, want %d", len(got), len(c.body))
			}
			if v := testutilCount(t, m, "chat.postMessage", c.want); v != 1 {
				t.Fatalf("result %s counted %v times", c.want, v)
			}
		})
	}
	if apiMethod(&http.Request{URL: mustURL("http://127.0.0.1:1/upload/v1/abc")}) != "file_upload" {
		t.Fatal("upload URL not named file_upload")
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func testutilCount(t *testing.T, m *metrics, method, result string) float64 {
	t.Helper()
	fams, err := m.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fams {
		if f.GetName() != "mentorbot_slack_api_calls_total" {
			continue
		}
		for _, s := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range s.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["method"] == method && labels["result"] == result {
				return s.GetCounter().GetValue()
			}
		}
	}
	return 0
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
