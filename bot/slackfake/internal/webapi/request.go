// Package webapi is the fake Slack's Web API surface as HTTP: request
// parsing (form and JSON bodies, token field or Bearer header), Slack's
// error answers, token checks, rate limits, injected faults and the record
// of every call. What each method does is the workspace's business; the
// facade registers the methods (Methods) and the state behind them.
package webapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
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

// Error is a Slack error answer: {"ok":false,"error":code}.
type Error struct {
	Code     string
	Messages []string // response_metadata.messages, as Slack adds for invalid_arguments
}

func (e *Error) Error() string { return e.Code }

// Err returns a Slack error answer.
func Err(code string, messages ...string) error { return &Error{Code: code, Messages: messages} }

// ErrBody renders err as Slack's error body; an error that is not an
// *Error is an internal_error.
func ErrBody(err error) map[string]any {
	var ae *Error
	if !errors.As(err, &ae) {
		ae = &Error{Code: "internal_error"}
	}
	body := map[string]any{"ok": false, "error": ae.Code}
	if len(ae.Messages) > 0 {
		body["response_metadata"] = map[string]any{"messages": ae.Messages}
	}
	return body
}

// ErrText is err as one line: the code and any messages.
func ErrText(err error) string {
	var ae *Error
	if errors.As(err, &ae) {
		if len(ae.Messages) > 0 {
			return fmt.Sprintf("%s %v", ae.Code, ae.Messages)
		}
		return ae.Code
	}
	return err.Error()
}

// Request is a parsed Web API request. Slack accepts form bodies and
// JSON bodies; slack-go uses both.
type Request struct {
	form  url.Values                 // form body and query (nil for JSON)
	json  map[string]json.RawMessage // JSON body fields (nil for forms)
	raw   []byte                     // JSON body as sent
	token string
}

// JSONRequest reads a JSON object body (a response_url post, a slash
// command's ack payload) as a Request.
func JSONRequest(body []byte) (*Request, error) {
	req := &Request{json: map[string]json.RawMessage{}, raw: body}
	if err := json.Unmarshal(body, &req.json); err != nil {
		return nil, err
	}
	return req, nil
}

func parseRequest(r *http.Request) (*Request, error) {
	req := &Request{}
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
				return nil, Err("invalid_json")
			}
		}
	} else {
		if err := r.ParseForm(); err != nil {
			return nil, Err("invalid_form_data")
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

// Get returns a parameter as a string (JSON strings unquoted, other JSON
// values as raw text).
func (r *Request) Get(name string) string {
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

// Has reports whether the parameter was sent (JSON null counts as absent:
// slack-go marshals empty blocks as null).
func (r *Request) Has(name string) bool {
	if r.form != nil {
		_, ok := r.form[name]
		return ok
	}
	v, ok := r.json[name]
	return ok && string(v) != "null"
}

// GetJSON returns a JSON-valued parameter: a JSON-encoded string in a form
// (or in a JSON string field), or a JSON value in a JSON body.
func (r *Request) GetJSON(name string) json.RawMessage {
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

// Bool returns a boolean parameter ("true", "1", ...).
func (r *Request) Bool(name string) bool {
	b, _ := strconv.ParseBool(r.Get(name))
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
