package slackfake

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Call is one recorded request to the fake: a Web API method, a
// response_url post ("response_url") or an upload-URL post ("file_upload").
type Call struct {
	Method string
	Form   url.Values      // form-encoded parameters, token removed; nil for JSON bodies
	JSON   json.RawMessage // JSON body; nil for form bodies
	At     time.Time       // on the injected clock
	Status int             // HTTP status served
	Error  string          // Slack error code served ("" when ok)
}

// Param returns a parameter of the call whether it came as a form field or
// as a top-level JSON field (JSON strings unquoted, other values raw).
func (c Call) Param(name string) string {
	if c.Form != nil {
		return c.Form.Get(name)
	}
	return jsonField(c.JSON, name)
}

// Calls returns the recorded calls of one method, or of all methods when
// method is "", oldest first.
func (s *Server) Calls(method string) []Call {
	s.hub.Lock()
	defer s.hub.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			c.Form = maps.Clone(c.Form)
			c.JSON = slices.Clone(c.JSON)
			out = append(out, c)
		}
	}
	return out
}

// apiErr is a Slack error answer: {"ok":false,"error":code}.
type apiErr struct {
	code     string
	messages []string // response_metadata.messages, as Slack adds for invalid_arguments
}

func (e *apiErr) Error() string { return e.code }

func apiError(code string, messages ...string) error { return &apiErr{code: code, messages: messages} }

// apiRequest is a parsed Web API request. Slack accepts form bodies and
// JSON bodies; slack-go uses both.
type apiRequest struct {
	form  url.Values                 // form body and query (nil for JSON)
	json  map[string]json.RawMessage // JSON body fields (nil for forms)
	raw   []byte                     // JSON body as sent
	token string
}

func parseAPIRequest(r *http.Request) (*apiRequest, error) {
	req := &apiRequest{}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "application/json" {
		body, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
		if err != nil {
			return nil, err
		}
		req.raw = body
		req.json = map[string]json.RawMessage{}
		if len(bytes.TrimSpace(body)) > 0 {
			if err := json.Unmarshal(body, &req.json); err != nil {
				return nil, apiError("invalid_json")
			}
		}
	} else {
		if err := r.ParseForm(); err != nil {
			return nil, apiError("invalid_form_data")
		}
		req.form = r.Form
	}
	// A Bearer header wins over a token field, as on Slack.
	if auth := r.Header.Get("Authorization"); strings.HasPrefix(auth, "Bearer ") {
		req.token = strings.TrimPrefix(auth, "Bearer ")
	} else if req.form != nil {
		req.token = req.form.Get("token")
	} else {
		req.token = jsonField(req.raw, "token")
	}
	return req, nil
}

// get returns a parameter as a string (JSON strings unquoted, other JSON
// values as raw text).
func (r *apiRequest) get(name string) string {
	if r.form != nil {
		return r.form.Get(name)
	}
	v, ok := r.json[name]
	if !ok {
		return ""
	}
	var str string
	if json.Unmarshal(v, &str) == nil {
		return str
	}
	return string(v)
}

// has reports whether the parameter was sent (JSON null counts as absent:
// slack-go marshals empty blocks as null).
func (r *apiRequest) has(name string) bool {
	if r.form != nil {
		_, ok := r.form[name]
		return ok
	}
	v, ok := r.json[name]
	return ok && string(v) != "null"
}

// getJSON returns a JSON-valued parameter: a JSON-encoded string in a form
// (or in a JSON string field), or a JSON value in a JSON body.
func (r *apiRequest) getJSON(name string) json.RawMessage {
	if r.form != nil {
		v := r.form.Get(name)
		if v == "" {
			return nil
		}
		return json.RawMessage(v)
	}
	v, ok := r.json[name]
	if !ok || string(v) == "null" {
		return nil
	}
	var str string
	if json.Unmarshal(v, &str) == nil {
		return json.RawMessage(str)
	}
	return v
}

func (r *apiRequest) bool(name string) bool {
	b, _ := strconv.ParseBool(r.get(name))
	return b
}

// jsonField returns a top-level field of a JSON object as a string.
func jsonField(raw []byte, name string) string {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return ""
	}
	v, ok := m[name]
	if !ok {
		return ""
	}
	var str string
	if json.Unmarshal(v, &str) == nil {
		return str
	}
	return string(v)
}

type tokenKind int

const (
	botToken tokenKind = iota
	appToken
)

type apiHandler func(*apiRequest) (map[string]any, error)

// route maps a Web API method to its handler and the token type it needs.
func (s *Server) route(method string) (apiHandler, tokenKind, bool) {
	switch method {
	case "auth.test":
		return s.authTest, botToken, true
	case "apps.connections.open":
		return s.appsConnectionsOpen, appToken, true
	case "users.info":
		return s.usersInfo, botToken, true
	case "conversations.open":
		return s.conversationsOpen, botToken, true
	case "chat.postMessage":
		return s.chatPostMessage, botToken, true
	case "chat.postEphemeral":
		return s.chatPostEphemeral, botToken, true
	case "chat.update":
		return s.chatUpdate, botToken, true
	case "chat.delete":
		return s.chatDelete, botToken, true
	case "views.open":
		return s.viewsOpen, botToken, true
	case "views.push":
		return s.viewsPush, botToken, true
	case "views.update":
		return s.viewsUpdate, botToken, true
	case "views.publish":
		return s.viewsPublish, botToken, true
	case "files.getUploadURLExternal":
		return s.filesGetUploadURLExternal, botToken, true
	case "files.completeUploadExternal":
		return s.filesCompleteUploadExternal, botToken, true
	}
	return nil, 0, false
}

// handleAPI serves /api/{method}: injected faults first, then auth, rate
// limits and the method itself. Every call is recorded.
func (s *Server) handleAPI(w http.ResponseWriter, r *http.Request) {
	method := r.PathValue("method")
	req, perr := parseAPIRequest(r)
	if perr != nil {
		req = &apiRequest{form: url.Values{}}
	}
	call := Call{Method: method}
	if req.form != nil {
		call.Form = maps.Clone(req.form)
		call.Form.Del("token")
	} else {
		call.JSON = req.raw
	}

	if done := s.serveFault(w, r, &call); done {
		return
	}

	s.hub.Lock()
	call.At = s.opts.Now()
	status, body, header := s.serveAPILocked(method, req, perr)
	call.Status = status
	if e, ok := body["error"].(string); ok {
		call.Error = e
	}
	s.calls = append(s.calls, call)
	s.hub.NotifyLocked()
	s.hub.Unlock()

	if call.Error != "" {
		s.log.Debug("web api error", "method", method, "error", call.Error)
	}
	writeJSON(w, status, header, body)
}

func (s *Server) serveAPILocked(method string, req *apiRequest, perr error) (int, map[string]any, http.Header) {
	if s.hub.ClosedLocked() {
		return http.StatusServiceUnavailable, errBody(apiError("service_unavailable")), nil
	}
	h, kind, ok := s.route(method)
	if !ok {
		return http.StatusOK, map[string]any{"ok": false, "error": "unknown_method", "req_method": method}, nil
	}
	if perr != nil {
		return http.StatusOK, errBody(perr), nil
	}
	if err := s.checkToken(req.token, kind); err != nil {
		return http.StatusOK, errBody(err), nil
	}
	if wait, limited := s.checkRateLimitLocked(method, req); limited {
		s.rateLimited++
		return http.StatusTooManyRequests, errBody(apiError("ratelimited")), retryAfterHeader(wait)
	}
	res, err := h(req)
	if err != nil {
		return http.StatusOK, errBody(err), nil
	}
	if res == nil {
		res = map[string]any{}
	}
	res["ok"] = true
	return http.StatusOK, res, nil
}

// checkToken answers like Slack: not_authed without a token, invalid_auth
// for an unknown one, not_allowed_token_type for the other known token.
func (s *Server) checkToken(token string, kind tokenKind) error {
	want, other := s.opts.BotToken, s.opts.AppToken
	if kind == appToken {
		want, other = other, want
	}
	switch {
	case token == "":
		return apiError("not_authed")
	case sameToken(token, want):
		return nil
	case sameToken(token, other):
		return apiError("not_allowed_token_type")
	}
	return apiError("invalid_auth")
}

func errBody(err error) map[string]any {
	var ae *apiErr
	if !errors.As(err, &ae) {
		ae = &apiErr{code: "internal_error"}
	}
	body := map[string]any{"ok": false, "error": ae.code}
	if len(ae.messages) > 0 {
		body["response_metadata"] = map[string]any{"messages": ae.messages}
	}
	return body
}

func retryAfterHeader(d time.Duration) http.Header {
	secs := int((d + time.Second - 1) / time.Second) // rounded up
	if secs < 1 {
		secs = 1
	}
	return http.Header{"Retry-After": {strconv.Itoa(secs)}}
}

func writeJSON(w http.ResponseWriter, status int, header http.Header, body any) {
	for k, v := range header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// recordLocked appends a call that did not go through handleAPI.
func (s *Server) recordLocked(c Call) {
	c.At = s.opts.Now()
	s.calls = append(s.calls, c)
	s.hub.NotifyLocked()
}

// authTest serves auth.test.
func (s *Server) authTest(*apiRequest) (map[string]any, error) {
	return map[string]any{
		"url":                   "https://fake.slack.com/",
		"team":                  "Fake Workspace",
		"user":                  s.users[s.botUserID].Name,
		"team_id":               s.opts.TeamID,
		"user_id":               s.botUserID,
		"bot_id":                s.botID,
		"is_enterprise_install": false,
	}, nil
}
