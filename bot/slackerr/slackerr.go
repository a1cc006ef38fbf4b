// Package slackerr reads slack-go's errors: Slack's error code, and the
// class the outbox and the retrying helpers act on (retry, wait, give up).
package slackerr

import (
	"errors"
	"net"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/scheduler"
)

// Classify turns a slack-go error into a scheduler.SendError.
func Classify(method string, err error) error {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return scheduler.RateLimit(rl.RetryAfter, err)
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) {
		code := "http " + strconv.Itoa(sc.Code)
		if sc.Code == 429 { // a 429 without Retry-After
			return scheduler.RateLimit(time.Second, err)
		}
		if sc.Code >= 500 {
			// Slack's edge answers 5xx before the message is taken in;
			// see docs/scheduler.md for the remaining risk.
			return scheduler.Classify(scheduler.Transient, code, err)
		}
		return scheduler.Classify(scheduler.Rejected, code, err)
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return scheduler.Classify(scheduler.SlackCodeClass(method, se.Err), se.Err, err)
	}
	if notSent(err) {
		return scheduler.Classify(scheduler.Transient, "connect", err)
	}
	// Timeouts, resets after the request went out, cancellations: the
	// message may exist.
	return err
}

// notSent reports errors that happen before a request reaches Slack: the
// connection could not be made.
func notSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// Code extracts Slack's error string ("user_not_found", ...).
func Code(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	if err == nil {
		return ""
	}
	return err.Error()
}
