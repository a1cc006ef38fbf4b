package slackfake

import (
	"math"
	"net/http"
	"time"
)

// Fault is an injected failure for the next call(s) of a method.
type Fault struct {
	// Status is the HTTP status: 429, 500, or 200 for a Slack error in an
	// ok:false body. 0 means 200 when Error is set.
	Status int
	// Error is the Slack error code ("ratelimited", "user_not_found", ...).
	// Empty: "ratelimited" for 429, "internal_error" otherwise.
	Error string
	// RetryAfter is sent as Retry-After (whole seconds, rounded up, at least
	// 1) with a 429.
	RetryAfter time.Duration
	// Delay holds the answer back (real time). A Fault with only a Delay
	// slows the call down and then serves it normally.
	Delay time.Duration
}

// RateLimit is a per-method limit, like Slack's tiers.
type RateLimit struct {
	PerMinute           int     // workspace-wide calls per minute; 0 = none
	PerChannelPerSecond float64 // calls per second per channel parameter; 0 = none
}

// FailNext makes the next n calls of method (a Web API method name, or
// "response_url" / "file_upload") fail with f. Faults queue up in order.
func (s *Server) FailNext(method string, n int, f Fault) {
	s.hub.Lock()
	defer s.hub.Unlock()
	for range n {
		s.faults[method] = append(s.faults[method], f)
	}
}

// SetRateLimit limits a Web API method. Calls over the limit get HTTP 429,
// Retry-After and {"ok":false,"error":"ratelimited"}, and do nothing.
// Windows run on the injected clock. A zero RateLimit removes the limit.
func (s *Server) SetRateLimit(method string, l RateLimit) {
	s.hub.Lock()
	defer s.hub.Unlock()
	if l == (RateLimit{}) {
		delete(s.limits, method)
		return
	}
	s.limits[method] = l
}

// RateLimited is the number of 429s served because a SetRateLimit limit was
// exceeded (injected faults not included).
func (s *Server) RateLimited() int {
	s.hub.Lock()
	defer s.hub.Unlock()
	return s.rateLimited
}

func (s *Server) takeFaultLocked(method string) (Fault, bool) {
	q := s.faults[method]
	if len(q) == 0 {
		return Fault{}, false
	}
	s.faults[method] = q[1:]
	return q[0], true
}

// serveFault applies the next injected fault for call.Method. It reports
// whether it answered the request itself (then the call is recorded).
func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, call *Call) bool {
	s.hub.Lock()
	f, ok := s.takeFaultLocked(call.Method)
	if ok {
		s.hub.NotifyLocked()
	}
	s.hub.Unlock()
	if !ok {
		return false
	}
	if err := s.hub.Sleep(r.Context(), f.Delay); err != nil {
		s.hub.Lock()
		call.Status, call.Error = http.StatusServiceUnavailable, "request_timeout"
		s.recordLocked(*call)
		s.hub.Unlock()
		http.Error(w, "aborted", http.StatusServiceUnavailable)
		return true
	}
	if f.Status == 0 && f.Error == "" {
		return false
	}
	status := f.Status
	if status == 0 {
		status = http.StatusOK
	}
	code := f.Error
	if code == "" {
		code = "internal_error"
		if status == http.StatusTooManyRequests {
			code = "ratelimited"
		}
	}
	var header http.Header
	if status == http.StatusTooManyRequests {
		header = retryAfterHeader(f.RetryAfter)
	}
	s.hub.Lock()
	call.Status, call.Error = status, code
	s.recordLocked(*call)
	s.hub.Unlock()
	writeJSON(w, status, header, map[string]any{"ok": false, "error": code})
	return true
}

// checkRateLimitLocked reports whether a call of method must be refused and
// for how long; accepted calls are counted.
func (s *Server) checkRateLimitLocked(method string, req *apiRequest) (time.Duration, bool) {
	l, ok := s.limits[method]
	if !ok {
		return 0, false
	}
	now := s.opts.Now()
	var wait time.Duration
	if l.PerMinute > 0 {
		log := pruneBefore(s.limitLog[method], now.Add(-time.Minute))
		s.limitLog[method] = log
		if len(log) >= l.PerMinute {
			wait = max(wait, log[len(log)-l.PerMinute].Add(time.Minute).Sub(now))
		}
	}
	var chKey string
	var window time.Duration
	if l.PerChannelPerSecond > 0 {
		var n int
		window, n = channelWindow(l.PerChannelPerSecond)
		chKey = method + "\x00" + s.rateChannelLocked(req)
		log := pruneBefore(s.chanLog[chKey], now.Add(-window))
		s.chanLog[chKey] = log
		if len(log) >= n {
			wait = max(wait, log[len(log)-n].Add(window).Sub(now))
		}
	}
	if wait > 0 {
		return wait, true
	}
	if l.PerMinute > 0 {
		s.limitLog[method] = append(s.limitLog[method], now)
	}
	if chKey != "" {
		s.chanLog[chKey] = append(s.chanLog[chKey], now)
	}
	return 0, false
}

// channelWindow turns a per-second rate into a sliding window and the
// number of calls allowed in it: 1/s → 1 per 1 s, 2.5/s → 2 per 1 s,
// 0.5/s → 1 per 2 s.
func channelWindow(rate float64) (time.Duration, int) {
	if rate >= 1 {
		return time.Second, int(math.Floor(rate))
	}
	return time.Duration(float64(time.Second) / rate), 1
}

// rateChannelLocked is the conversation a call is counted against: its
// channel parameter, where a user ID and that user's DM count as one.
func (s *Server) rateChannelLocked(req *apiRequest) string {
	ch := req.get("channel")
	if c, ok := s.channels[ch]; ok && c.kind == kindIM {
		return "im:" + c.members[0]
	}
	if _, ok := s.users[ch]; ok {
		return "im:" + ch
	}
	return ch
}

// pruneBefore drops times at or before cutoff (times are in order).
func pruneBefore(ts []time.Time, cutoff time.Time) []time.Time {
	i := 0
	for i < len(ts) && !ts[i].After(cutoff) {
		i++
	}
	return ts[i:]
}
