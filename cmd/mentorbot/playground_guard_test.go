package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gorilla/websocket"

	"github.com/mentorbot/mentorbot/bot/playground"
)

func TestPlaygroundTokensAreRandomPerRun(t *testing.T) {
	bot1, app1 := playgroundTokens()
	bot2, app2 := playgroundTokens()
	if bot1 == bot2 || app1 == app2 || bot1 == "xoxb-playground" || app1 == "xapp-playground" {
		t.Fatalf("tokens %q %q then %q %q", bot1, app1, bot2, app2)
	}
	if !strings.HasPrefix(bot1, "xoxb-") || !strings.HasPrefix(app1, "xapp-") || len(bot1) < 30 {
		t.Fatalf("tokens %q %q", bot1, app1)
	}
}

var fakeAPIURL = regexp.MustCompile(`api=(http://127\.0\.0\.1:[0-9]+/api/)`)

// TestPlaygroundRefusesWhatAWebPageCouldSend runs `mentorbot playground`
// and sends its fake Slack and its web page what a page the user visits
// could: the old public token, a cross-origin form POST, a foreign Host
// (DNS rebinding), a WebSocket from another origin, a cross-site POST.
// Everything is refused; the page's own same-origin requests still work.
func TestPlaygroundRefusesWhatAWebPageCouldSend(t *testing.T) {
	p := startPlayground(t, nil, "--log-level", "info")
	m := fakeAPIURL.FindStringSubmatch(p.errOut.String())
	if m == nil {
		t.Fatalf("the fake Slack's address is not in the log:\n%s", p.errOut)
	}
	fakeAPI := m[1]
	fake, _ := url.Parse(fakeAPI)
	page, _ := url.Parse(p.url)

	send := func(method, target, body, host string, headers ...string) int {
		t.Helper()
		req, _ := http.NewRequestWithContext(p.ctx(), method, target, strings.NewReader(body))
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		if host != "" {
			req.Host = host
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	form := url.Values{"token": {"xoxb-playground"}, "channel": {"#general"}, "text": {"posted by a web page"}}.Encode()
	formCT := "application/x-www-form-urlencoded"

	// The old fixed token no longer works, even from slack-go's side.
	req, _ := http.NewRequestWithContext(p.ctx(), "POST", fakeAPI+"chat.postMessage", strings.NewReader(form))
	req.Header.Set("Content-Type", formCT)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var answer struct {
		OK    bool   `json:"ok"`
		Error string `json:"error"`
	}
	_ = json.NewDecoder(res.Body).Decode(&answer)
	res.Body.Close()
	if answer.OK || answer.Error != "invalid_auth" {
		t.Errorf("the old token: %+v", answer)
	}

	for _, tc := range []struct {
		name                 string
		method, target, body string
		host                 string
		headers              []string
		want                 int
	}{
		{"fake: cross-origin form POST", "POST", fakeAPI + "chat.postMessage", form, "", []string{"Content-Type", formCT, "Origin", "http://evil.example"}, http.StatusForbidden},
		{"fake: rebound Host", "POST", fakeAPI + "chat.postMessage", form, "evil.example:" + fake.Port(), []string{"Content-Type", formCT}, http.StatusMisdirectedRequest},
		{"fake: cross-site GET", "GET", fakeAPI + "chat.postMessage?" + form, "", "", []string{"Sec-Fetch-Site", "cross-site"}, http.StatusForbidden},
		{"page: cross-origin POST", "POST", p.url + "api/command", `{}`, "", []string{"Content-Type", "application/json", "Origin", "http://evil.example"}, http.StatusForbidden},
		{"page: cross-site POST", "POST", p.url + "api/command", `{}`, "", []string{"Content-Type", "application/json", "Sec-Fetch-Site", "cross-site"}, http.StatusForbidden},
		{"page: form POST", "POST", p.url + "api/command", "user=U1", "", []string{"Content-Type", formCT}, http.StatusUnsupportedMediaType},
		{"page: rebound Host", "GET", p.url + "api/state", "", "evil.example:" + page.Port(), nil, http.StatusMisdirectedRequest},
		{"page: another loopback port", "GET", p.url + "api/state", "", "127.0.0.1:1", nil, http.StatusMisdirectedRequest},
	} {
		if status := send(tc.method, tc.target, tc.body, tc.host, tc.headers...); status != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, status, tc.want)
		}
	}

	// A WebSocket from a page is refused before its ticket is even read.
	wsURL := "ws://" + fake.Host + "/link/?ticket=anything"
	if conn, res, err := websocket.DefaultDialer.DialContext(p.ctx(), wsURL, http.Header{"Origin": {"http://evil.example"}}); err == nil {
		conn.Close()
		t.Error("a WebSocket from another origin connected")
	} else if res == nil || res.StatusCode != http.StatusForbidden {
		t.Errorf("a WebSocket from another origin: %v", err)
	}

	// The page itself works: same origin, localhost too.
	for _, host := range []string{"", "localhost:" + page.Port()} {
		if status := send("GET", p.url+"api/state?user=U1", "", host); status != http.StatusOK {
			t.Errorf("GET state (Host %q): %d", host, status)
		}
	}
	origin := strings.TrimSuffix(p.url, "/")
	body := `{"user":"` + playground.AdminID + `"}`
	if status := send("POST", p.url+"api/home", body, "", "Content-Type", "application/json", "Origin", origin, "Sec-Fetch-Site", "same-origin"); status != http.StatusOK {
		t.Errorf("a same-origin POST: %d", status)
	}
}
