package bot

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/slack-go/slack"
)

// SlackResponseOrigin is where Slack's response_urls point.
const SlackResponseOrigin = "https://hooks.slack.com"

// errForeignResponseURL: a payload's response_url is not at the allowed
// origin, so nothing was posted.
var errForeignResponseURL = errors.New("response_url is not at the allowed origin")

// ResponseOriginFor is the response_url origin to allow for a Web API base
// URL: Slack's own for slack.com (and its subdomains), otherwise exactly
// the API's scheme, host and port (a Slack emulator such as the fake Slack
// serves both from one address).
func ResponseOriginFor(apiURL string) (string, error) {
	u, err := url.Parse(apiURL)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", fmt.Errorf("API URL %q has no http(s) scheme and host", apiURL)
	}
	host := strings.ToLower(u.Hostname())
	if host == "slack.com" || strings.HasSuffix(host, ".slack.com") {
		return SlackResponseOrigin, nil
	}
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host), nil
}

// parseOrigin reads scheme://host[:port] ("" is Slack's); nil when it is
// anything else.
func parseOrigin(s string) *url.URL {
	if s == "" {
		s = SlackResponseOrigin
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil || (u.Scheme != "http" && u.Scheme != "https") ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return nil
	}
	return &url.URL{Scheme: strings.ToLower(u.Scheme), Host: strings.ToLower(u.Host)}
}

// responseURLAllowed reports whether raw is at the allowed origin. A
// refusal is logged with the host only: the path of a response_url is a
// secret.
func (b *Bot) responseURLAllowed(raw string) bool {
	u, err := url.Parse(raw)
	if err == nil && b.responseOrigin != nil && u.User == nil && u.Opaque == "" &&
		strings.EqualFold(u.Scheme, b.responseOrigin.Scheme) && strings.EqualFold(u.Host, b.responseOrigin.Host) {
		return true
	}
	host := ""
	if err == nil {
		host = Truncate(u.Host, 100)
	}
	b.log.Warn("response_url dropped: not at the allowed origin", "host", host)
	return false
}

// postResponse POSTs msg to a payload's response_url, only at the allowed
// origin.
func (b *Bot) postResponse(ctx context.Context, responseURL string, msg *slack.WebhookMessage) error {
	if !b.responseURLAllowed(responseURL) {
		return errForeignResponseURL
	}
	err := slack.PostWebhookContext(ctx, responseURL, msg)
	var ue *url.Error
	if errors.As(err, &ue) {
		// url.Error quotes the whole URL, secret path included.
		return fmt.Errorf("post response to %s: %w", b.responseOrigin.Host, ue.Err)
	}
	return err
}
