package main

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/slack-go/slack"
)

// authTestUnavailable tells an endpoint that does not serve auth.test at
// all from one that refuses the token.
func authTestUnavailable(err error) bool {
	var sc slack.StatusCodeError
	if errors.As(err, &sc) && sc.Code == http.StatusNotFound {
		return true
	}
	return slackError(err) == "unknown_method"
}

// authTestError explains a failed auth.test at start-up. Only Slack's
// token errors blame the token; a 5xx, a 429 or a network error says
// Slack could not be reached, so nobody rotates a good token for an
// outage.
func authTestError(err error) error {
	code := slackError(err)
	switch code {
	case "invalid_auth", "not_authed", "token_revoked", "account_inactive", "not_allowed_token_type", "token_expired":
		return fmt.Errorf("SLACK_BOT_TOKEN was refused by Slack (auth.test: %s)", code)
	}
	return fmt.Errorf("could not check SLACK_BOT_TOKEN with Slack at SLACK_API_URL (auth.test: %s); start again once Slack answers: %w", code, err)
}
