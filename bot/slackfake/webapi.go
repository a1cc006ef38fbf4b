package slackfake

import (
	"github.com/mentorbot/mentorbot/bot/slackfake/internal/webapi"
)

// Call is one recorded request to the fake: a Web API method, a
// response_url post ("response_url") or an upload-URL post ("file_upload").
type Call = webapi.Call

// Fault is an injected failure for the next call(s) of a method.
type Fault = webapi.Fault

// RateLimit is a per-method limit, like Slack's tiers.
type RateLimit = webapi.RateLimit

// methods is the Web API the fake serves, with the token type each needs.
func (s *Server) methods() map[string]webapi.Method {
	m := s.ws.Methods()
	m["apps.connections.open"] = webapi.Method{Serve: s.appsConnectionsOpen, Token: webapi.AppToken}
	return m
}

// Calls returns the recorded calls of one method, or of all methods when
// method is "", oldest first.
func (s *Server) Calls(method string) []Call { return s.api.Calls(method) }

// FailNext makes the next n calls of method (a Web API method name, or
// "response_url" / "file_upload") fail with f. Faults queue up in order.
func (s *Server) FailNext(method string, n int, f Fault) { s.api.FailNext(method, n, f) }

// SetRateLimit limits a Web API method. Calls over the limit get HTTP 429,
// Retry-After and {"ok":false,"error":"ratelimited"}, and do nothing.
// Windows run on the injected clock. A zero RateLimit removes the limit.
func (s *Server) SetRateLimit(method string, l RateLimit) { s.api.SetRateLimit(method, l) }

// RateLimited is the number of 429s served because a SetRateLimit limit was
// exceeded (injected faults not included).
func (s *Server) RateLimited() int { return s.api.RateLimited() }
