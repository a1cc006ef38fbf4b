package responseurl

import (
	"io"
	"log/slog"
	"strings"
	"testing"
)

func TestOriginFor(t *testing.T) {
	cases := []struct{ api, want string }{
		{"https://slack.com/api/", SlackOrigin},
		{"https://acme.enterprise.slack.com/api/", SlackOrigin},
		{"http://127.0.0.1:8123/api/", "http://127.0.0.1:8123"},
		{"https://Emulator.Example:8443/api/", "https://emulator.example:8443"},
		{"https://slack.com.evil.example/api/", "https://slack.com.evil.example"},
	}
	for _, c := range cases {
		if got, err := OriginFor(c.api); err != nil || got != c.want {
			t.Errorf("%s: %q %v, want %q", c.api, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "slack.com/api/", "ftp://x/"} {
		if _, err := OriginFor(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestAllowed: only the configured origin, exactly.
func TestAllowed(t *testing.T) {
	var logs strings.Builder
	slackBot, _ := New("", testLogger(&logs))
	fakeBot, _ := New("http://127.0.0.1:8123", testLogger(&logs))
	cases := []struct {
		b    *Poster
		url  string
		want bool
	}{
		{slackBot, "https://hooks.slack.com/actions/T1/123/abc", true},
		{slackBot, "https://HOOKS.slack.com/commands/T1/123/abc", true},
		{slackBot, "http://hooks.slack.com/actions/T1/123/abc", false},
		{slackBot, "https://hooks.slack.com:8443/actions/T1", false},
		{slackBot, "https://hooks.slack.com.evil.example/actions/T1", false},
		{slackBot, "https://evil@hooks.slack.com/actions/T1", false},
		{slackBot, "https://10.0.0.5/internal", false},
		{slackBot, "http://127.0.0.1:8123/response/1", false},
		{slackBot, "not a url\x7f", false},
		{fakeBot, "http://127.0.0.1:8123/response/1", true},
		{fakeBot, "http://127.0.0.1:8124/response/1", false},
		{fakeBot, "https://127.0.0.1:8123/response/1", false},
		{fakeBot, "https://hooks.slack.com/actions/T1", false},
	}
	for _, c := range cases {
		if got := c.b.Allowed(c.url); got != c.want {
			t.Errorf("%q: %v, want %v", c.url, got, c.want)
		}
	}
	if strings.Contains(logs.String(), "/internal") || strings.Contains(logs.String(), "/actions/") {
		t.Errorf("a response_url's path was logged:\n%s", logs.String())
	}
	if bad, _ := New("http://x/path", testLogger(&logs)); bad.Allowed("http://x/path/1") {
		t.Error("an origin with a path is accepted")
	}
}

func testLogger(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }
