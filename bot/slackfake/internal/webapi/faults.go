package webapi

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
func (a *API) FailNext(method string, n int, f Fault) {
	a.hub.Lock()
	defer a.hub.Unlock()
	for range n {
		a.faults[method] = append(a.faults[method], f)
	}
}

// SetRateLimit limits a Web API method. Calls over the limit get HTTP 429,
// Retry-After and {"ok":false,"error":"ratelimited"}, and do nothing.
// Windows run on the injected clock. A zero RateLimit removes the limit.
func (a *API) SetRateLimit(method string, l RateLimit) {
	a.hub.Lock()
	defer a.hub.Unlock()
	if l == (RateLimit{}) {
		delete(a.limits, method)
		return
	}
	a.limits[method] = l
}

// RateLimited is the number of 429s served because a SetRateLimit limit was
// exceeded (injected faults not included).
func (a *API) RateLimited() int {
	a.hub.Lock()
	defer a.hub.Unlock()
	return a.rateLimited
}

func (a *API) takeFaultLocked(method string) (Fault, bool) {
	q := a.faults[method]
	if len(q) == 0 {
		return Fault{}, false
	}
	a.faults[method] = q[1:]
	return q[0], true
}

// ServeFault applies the next injected fault for call.Method. It reports
// whether it answered the request itself (then the call is recorded).
func (a *API) ServeFault(w http.ResponseWriter, r *http.Request, call *Call) bool {
	a.hub.Lock()
	f, ok := a.takeFaultLocked(call.Method)
	if ok {
		a.hub.NotifyLocked()
	}
	a.hub.Unlock()
	if !ok {
		return false
	}
	if err := a.hub.Sleep(r.Context(), f.Delay); err != nil {
		a.hub.Lock()
		call.Status, call.Error = http.StatusServiceUnavailable, "request_timeout"
		a.RecordLocked(*call)
		a.hub.Unlock()
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
	a.hub.Lock()
	call.Status, call.Error = status, code
	a.RecordLocked(*call)
	a.hub.Unlock()
	WriteJSON(w, status, header, map[string]any{"ok": false, "error": code})
	return true
}

// checkRateLimitLocked reports whether a call of method must be refused and
// for how long; accepted calls are counted.
func (a *API) checkRateLimitLocked(method string, req *Request) (time.Duration, bool) {
	l, ok := a.limits[method]
	if !ok {
		return 0, false
	}
	now := a.cfg.Now()
	var wait time.Duration
	if l.PerMinute > 0 {
		log := pruneBefore(a.limitLog[method], now.Add(-time.Minute))
		a.limitLog[method] = log
		if len(log) >= l.PerMinute {
			wait = max(wait, log[len(log)-l.PerMinute].Add(time.Minute).Sub(now))
		}
	}
	var chKey string
	var window time.Duration
	if l.PerChannelPerSecond > 0 {
		var n int
		window, n = channelWindow(l.PerChannelPerSecond)
		chKey = method + "\x00" + a.cfg.RateChannelLocked(req.Get("channel"))
		log := pruneBefore(a.chanLog[chKey], now.Add(-window))
		a.chanLog[chKey] = log
		if len(log) >= n {
			wait = max(wait, log[len(log)-n].Add(window).Sub(now))
		}
	}
	if wait > 0 {
		return wait, true
	}
	if l.PerMinute > 0 {
		a.limitLog[method] = append(a.limitLog[method], now)
	}
	if chKey != "" {
		a.chanLog[chKey] = append(a.chanLog[chKey], now)
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

// pruneBefore drops times at or before cutoff (times are in order).
func pruneBefore(ts []time.Time, cutoff time.Time) []time.Time {
	i := 0
	for i < len(ts) && !ts[i].After(cutoff) {
		i++
	}
	return ts[i:]
}
