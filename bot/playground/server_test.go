package playground

import (
	"io"
	"net/http"
	"strings"
	"testing"
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
