package webapi

import (
	"crypto/subtle"
	"encoding/json"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/hub"
)

// TokenKind is the token type a method needs.
type TokenKind int

// The token types Slack tells apart.
const (
	BotToken TokenKind = iota // xoxb-
	AppToken                  // xapp-
)

// Handler serves one Web API method with the hub's lock held. It returns
// the answer's fields ("ok" is added) or a Slack error (Err).
type Handler func(*Request) (map[string]any, error)

// Method is a served Web API method.
type Method struct {
	Serve Handler
	Token TokenKind
}

// Config is what the API needs from the facade.
type Config struct {
	BotToken, AppToken string
	Now                func() time.Time
	Logger             *slog.Logger
	Methods            map[string]Method
	// RateChannelLocked names the conversation a call with this channel
	// parameter is counted against for per-channel rate limits.
	RateChannelLocked func(channel string) string
}

// API serves /api/{method} and keeps the call record, the fault queues and
// the rate limits.
type API struct {
	cfg Config
	hub *hub.Hub

	// guarded by hub
	calls       []Call
	faults      map[string][]Fault
	limits      map[string]RateLimit
	limitLog    map[string][]time.Time // method -> accepted call times
	chanLog     map[string][]time.Time // method+"\x00"+channel -> accepted call times
	rateLimited int
}

// New returns an API sharing h's lock.
func New(h *hub.Hub, cfg Config) *API {
	return &API{
		cfg: cfg, hub: h,
		faults:   map[string][]Fault{},
		limits:   map[string]RateLimit{},
		limitLog: map[string][]time.Time{},
		chanLog:  map[string][]time.Time{},
	}
}

// Calls returns the recorded calls of one method, or of all methods when
// method is "", oldest first.
func (a *API) Calls(method string) []Call {
	a.hub.Lock()
	defer a.hub.Unlock()
	var out []Call
	for _, c := range a.calls {
		if method == "" || c.Method == method {
			c.Form = maps.Clone(c.Form)
			c.JSON = slices.Clone(c.JSON)
			out = append(out, c)
		}
	}
	return out
}

// ServeHTTP serves /api/{method}: injected faults first, then auth, rate
// limits and the method itself. Every call is recorded.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	method := r.PathValue("method")
	req, perr := parseRequest(r)
	if perr != nil {
		req = &Request{form: url.Values{}}
	}
	call := Call{Method: method}
	if req.form != nil {
		call.Form = maps.Clone(req.form)
		call.Form.Del("token")
	} else {
		call.JSON = req.raw
	}

	if done := a.ServeFault(w, r, &call); done {
		return
	}

	a.hub.Lock()
	call.At = a.cfg.Now()
	status, body, header := a.serveLocked(method, req, perr)
	call.Status = status
	if e, ok := body["error"].(string); ok {
		call.Error = e
	}
	a.calls = append(a.calls, call)
	a.hub.NotifyLocked()
	a.hub.Unlock()

	if call.Error != "" {
		a.cfg.Logger.Debug("web api error", "method", method, "error", call.Error)
	}
	WriteJSON(w, status, header, body)
}

func (a *API) serveLocked(method string, req *Request, perr error) (int, map[string]any, http.Header) {
	if a.hub.ClosedLocked() {
		return http.StatusServiceUnavailable, ErrBody(Err("service_unavailable")), nil
	}
	m, ok := a.cfg.Methods[method]
	if !ok {
		return http.StatusOK, map[string]any{"ok": false, "error": "unknown_method", "req_method": method}, nil
	}
	if perr != nil {
		return http.StatusOK, ErrBody(perr), nil
	}
	if err := a.checkToken(req.token, m.Token); err != nil {
		return http.StatusOK, ErrBody(err), nil
	}
	if wait, limited := a.checkRateLimitLocked(method, req); limited {
		a.rateLimited++
		return http.StatusTooManyRequests, ErrBody(Err("ratelimited")), retryAfterHeader(wait)
	}
	res, err := m.Serve(req)
	if err != nil {
		return http.StatusOK, ErrBody(err), nil
	}
	if res == nil {
		res = map[string]any{}
	}
	res["ok"] = true
	return http.StatusOK, res, nil
}

// checkToken answers like Slack: not_authed without a token, invalid_auth
// for an unknown one, not_allowed_token_type for the other known token.
func (a *API) checkToken(token string, kind TokenKind) error {
	want, other := a.cfg.BotToken, a.cfg.AppToken
	if kind == AppToken {
		want, other = other, want
	}
	switch {
	case token == "":
		return Err("not_authed")
	case sameToken(token, want):
		return nil
	case sameToken(token, other):
		return Err("not_allowed_token_type")
	}
	return Err("invalid_auth")
}

// sameToken compares tokens in constant time: a token is a secret.
func sameToken(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

func retryAfterHeader(d time.Duration) http.Header {
	secs := int((d + time.Second - 1) / time.Second) // rounded up
	if secs < 1 {
		secs = 1
	}
	return http.Header{"Retry-After": {strconv.Itoa(secs)}}
}

// WriteJSON writes a JSON answer.
func WriteJSON(w http.ResponseWriter, status int, header http.Header, body any) {
	for k, v := range header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// RecordLocked appends a call that did not go through ServeHTTP.
func (a *API) RecordLocked(c Call) {
	c.At = a.cfg.Now()
	a.calls = append(a.calls, c)
	a.hub.NotifyLocked()
}
