package scheduler

import (
	"errors"
	"fmt"
	"time"
)

// Class says what a failed send means for its outbox row.
type Class int

const (
	// Unknown: the message may have gone out. The row is never resent
	// blindly (see the lease rules in docs/scheduler.md). Any error a
	// Sender does not classify is Unknown.
	Unknown Class = iota
	// Transient: the message certainly did not go out (connection refused,
	// HTTP 5xx); retry later with backoff, a bounded number of times.
	Transient
	// RateLimited: HTTP 429; retry after RetryAfter.
	RateLimited
	// Permanent: the recipient cannot be messaged (user_not_found,
	// cannot_dm_bot, ...). Final: the person is marked unreachable.
	Permanent
	// Rejected: Slack refused this message for a reason of ours
	// (invalid_blocks, msg_too_long, ...). Final for the row only.
	Rejected
	// Fatal: our token or app is broken (invalid_auth, token_revoked).
	// Dispatching stops; rows stay pending.
	Fatal
)

func (c Class) String() string {
	switch c {
	case Transient:
		return "transient"
	case RateLimited:
		return "rate-limited"
	case Permanent:
		return "permanent"
	case Rejected:
		return "rejected"
	case Fatal:
		return "fatal"
	}
	return "unknown"
}

// SendError is a classified failure of a Slack call.
type SendError struct {
	Class Class
	// Code is Slack's error code ("user_not_found") or an HTTP status
	// ("http 503").
	Code string
	// RetryAfter is Slack's Retry-After (RateLimited only).
	RetryAfter time.Duration
	Err        error
}

func (e *SendError) Error() string {
	msg := e.Class.String()
	if e.Code != "" {
		msg += " " + e.Code
	}
	if e.RetryAfter > 0 {
		msg += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *SendError) Unwrap() error { return e.Err }

// Classify wraps err with a class and code.
func Classify(class Class, code string, err error) error {
	return &SendError{Class: class, Code: code, Err: err}
}

// RateLimit wraps a 429 and its Retry-After.
func RateLimit(retryAfter time.Duration, err error) error {
	return &SendError{Class: RateLimited, Code: "ratelimited", RetryAfter: retryAfter, Err: err}
}

// ClassOf returns err's classification: the *SendError in its chain, or
// an Unknown one wrapping err. It returns nil for nil.
func ClassOf(err error) *SendError {
	if err == nil {
		return nil
	}
	var se *SendError
	if errors.As(err, &se) {
		return se
	}
	return &SendError{Class: Unknown, Err: err}
}

// SlackCodeClass classifies the "error" of a {"ok":false} answer of
// method. account_inactive means a deactivated user only when the method
// asks about a user (users.*); elsewhere Slack uses it for a bot token
// whose workspace or user is gone, which is our own fault.
func SlackCodeClass(method, code string) Class {
	switch code {
	case "user_not_found", "users_not_found", "user_disabled", "user_not_visible", "cannot_dm_bot",
		"channel_not_found", "is_archived", "not_in_channel":
		return Permanent
	case "account_inactive":
		if len(method) > 6 && method[:6] == "users." {
			return Permanent
		}
		return Fatal
	case "invalid_auth", "not_authed", "token_revoked", "token_expired", "missing_scope", "no_permission",
		"not_allowed_token_type", "team_access_not_granted", "ekm_access_denied", "org_login_required":
		return Fatal
	case "ratelimited", "rate_limited":
		return RateLimited
	case "service_unavailable", "request_timeout":
		// Slack did not take the request in.
		return Transient
	case "internal_error", "fatal_error":
		// Slack's docs: "some aspect of the operation may have succeeded".
		return Unknown
	}
	return Rejected
}
