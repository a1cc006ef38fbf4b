package slackfake_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gorilla/websocket"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// forged is a request a web page in the user's browser could make (or a
// DNS-rebinding page could route to the fake): the fake's own URL with
// the given headers.
type forged struct {
	name    string
	method  string
	path    string
	body    string
	headers map[string]string
	host    string // Host header; "" for the fake's own
}

// TestGuardRefusesWhatAWebPageCouldSend posts as the bot (with the right
// token) the ways a page could: a cross-origin form POST, a POST with a
// foreign Host (DNS rebinding), a GET a browser marks cross-site (an
// <img>), a response_url post from another origin. Each is refused and
// posts nothing; the same request as slack-go sends it (no Origin, the
// fake's own Host) works, so the refusals are the guard's.
func TestGuardRefusesWhatAWebPageCouldSend(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	base := strings.TrimSuffix(s.URL(), "/api/")
	u, _ := url.Parse(base)
	port := u.Port()
	form := url.Values{"token": {"xoxb-test"}, "channel": {"U1"}, "text": {"posted by a web page"}}.Encode()
	formCT := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
	with := func(h map[string]string, k, v string) map[string]string {
		out := map[string]string{k: v}
		for a, b := range h {
			out[a] = b
		}
		return out
	}
	cases := []forged{
		{name: "cross-origin form POST", method: "POST", path: "/api/chat.postMessage", body: form, headers: with(formCT, "Origin", "http://evil.example")},
		{name: "opaque origin", method: "POST", path: "/api/chat.postMessage", body: form, headers: with(formCT, "Origin", "null")},
		{name: "rebound Host", method: "POST", path: "/api/chat.postMessage", body: form, headers: formCT, host: "evil.example:" + port},
		{name: "rebound Host, same origin", method: "POST", path: "/api/chat.postMessage", body: form, headers: with(formCT, "Origin", "http://evil.example"), host: "evil.example"},
		{name: "cross-site GET", method: "GET", path: "/api/chat.postMessage?" + form, headers: map[string]string{"Sec-Fetch-Site": "cross-site"}},
		{name: "same-site GET", method: "GET", path: "/api/chat.postMessage?" + form, headers: map[string]string{"Sec-Fetch-Site": "same-site"}},
		{name: "slack-go's origin outside Socket Mode", method: "POST", path: "/api/chat.postMessage", body: form, headers: with(formCT, "Origin", "https://api.slack.com")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequestWithContext(testCtx(t), tc.method, base+tc.path, strings.NewReader(tc.body))
			for k, v := range tc.headers {
				req.Header.Set(k, v)
			}
			if tc.host != "" {
				req.Host = tc.host
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusMisdirectedRequest {
				t.Errorf("answered %d", res.StatusCode)
			}
		})
	}
	if got := s.Messages(s.DMChannel("U1")); len(got) != 0 {
		t.Fatalf("a forged request posted: %+v", got)
	}
	// The same post, as slack-go sends it, goes through.
	req, _ := http.NewRequestWithContext(testCtx(t), "POST", base+"/api/chat.postMessage", strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got := s.Messages(s.DMChannel("U1")); len(got) != 1 {
		t.Fatalf("the control post did not go through: %d %+v", res.StatusCode, got)
	}
}

// TestGuardRefusesAWebSocketFromAPage: a page can open a WebSocket to any
// origin, but its browser sends the page's Origin; only slack-go's (or
// none) may connect, even with a valid ticket.
func TestGuardRefusesAWebSocketFromAPage(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{})
	for _, origin := range []string{"http://evil.example", "null", "http://localhost:1"} {
		_, wsURL, err := newAPI(s).StartSocketModeContext(testCtx(t))
		if err != nil {
			t.Fatal(err)
		}
		conn, res, err := websocket.DefaultDialer.DialContext(testCtx(t), wsURL, http.Header{"Origin": {origin}})
		if err == nil {
			conn.Close()
			t.Fatalf("Origin %s: connected", origin)
		}
		if res == nil || res.StatusCode != http.StatusForbidden {
			t.Fatalf("Origin %s: %v %+v", origin, err, res)
		}
	}
	_, wsURL, err := newAPI(s).StartSocketModeContext(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	conn, _, err := websocket.DefaultDialer.DialContext(testCtx(t), wsURL, http.Header{"Origin": {"https://api.slack.com"}})
	if err != nil {
		t.Fatalf("slack-go's origin refused: %v", err)
	}
	conn.Close()
}

// TestGuardCanBeTurnedOff: AllowForeignOrigins serves what the guard
// would refuse (for tests that need it; the playground never sets it).
func TestGuardCanBeTurnedOff(t *testing.T) {
	s, _ := newServer(t, slackfake.Options{AllowForeignOrigins: true})
	form := url.Values{"token": {"xoxb-test"}, "channel": {"U1"}, "text": {"hi"}}.Encode()
	req, _ := http.NewRequestWithContext(testCtx(t), "POST", s.URL()+"chat.postMessage", strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://evil.example")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if len(s.Messages(s.DMChannel("U1"))) != 1 {
		t.Fatalf("not served: %d", res.StatusCode)
	}
}
