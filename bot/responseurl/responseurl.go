// Package responseurl posts a bot's replies to a payload's response_url,
// and only at the one origin the bot trusts: Slack's, or a Slack
// emulator's. A response_url comes from the payload, so anyone who can
// forge one could otherwise make the bot POST anywhere.
package responseurl

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"

	"github.com/slack-go/slack"
)

// SlackOrigin is where Slack's response_urls point.
const SlackOrigin = "https://hooks.slack.com"

// ErrForeign: a payload's response_url is not at the allowed origin, so
// nothing was posted.
var ErrForeign = errors.New("response_url is not at the allowed origin")

// OriginFor is the response_url origin to allow for a Web API base URL:
// Slack's own for slack.com (and its subdomains), otherwise exactly the
// API's scheme, host and port (a Slack emulator such as the fake Slack
// serves both from one address).
func OriginFor(apiURL string) (string, error) {
	u, err := url.Parse(apiURL)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", fmt.Errorf("API URL %q has no http(s) scheme and host", apiURL)
	}
	host := strings.ToLower(u.Hostname())
	if host == "slack.com" || strings.HasSuffix(host, ".slack.com") {
		return SlackOrigin, nil
	}
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host), nil
}

// Poster posts to response_urls at one origin.
type Poster struct {
	origin *url.URL // nil: no response_url is trusted
	log    *slog.Logger
}

// New returns a Poster for origin (scheme://host[:port]; "" is Slack's).
// An origin that is anything else trusts no response_url, and ok is false.
func New(origin string, log *slog.Logger) (p *Poster, ok bool) {
	p = &Poster{origin: parseOrigin(origin), log: log}
	return p, p.origin != nil
}

// parseOrigin reads scheme://host[:port] ("" is Slack's); nil when it is
// anything else.
func parseOrigin(s string) *url.URL {
	if s == "" {
		s = SlackOrigin
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil || (u.Scheme != "http" && u.Scheme != "https") ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return nil
	}
	return &url.URL{Scheme: strings.ToLower(u.Scheme), Host: strings.ToLower(u.Host)}
}

// Allowed reports whether raw is at the allowed origin. A refusal is
// logged with the host only: the path of a response_url is a secret.
func (p *Poster) Allowed(raw string) bool {
	u, err := url.Parse(raw)
	if err == nil && p.origin != nil && u.User == nil && u.Opaque == "" &&
		strings.EqualFold(u.Scheme, p.origin.Scheme) && strings.EqualFold(u.Host, p.origin.Host) {
		return true
	}
	host := ""
	if err == nil {
		host = truncate(u.Host, 100)
	}
	p.log.Warn("response_url dropped: not at the allowed origin", "host", host)
	return false
}

// Post POSTs msg to a payload's response_url, only at the allowed origin
// (ErrForeign otherwise).
func (p *Poster) Post(ctx context.Context, responseURL string, msg *slack.WebhookMessage) error {
	if !p.Allowed(responseURL) {
		return ErrForeign
	}
	err := slack.PostWebhookContext(ctx, responseURL, msg)
	var ue *url.Error
	if errors.As(err, &ue) {
		// url.Error quotes the whole URL, secret path included.
		return fmt.Errorf("post response to %s: %w", p.origin.Host, ue.Err)
	}
	return err
}

// truncate keeps a logged host short (as words.Truncate).
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
