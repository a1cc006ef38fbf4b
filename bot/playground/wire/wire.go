// Package wire reads what Slack sends over the wire, as the playground's
// renderer, seed and simulation need it: Block Kit JSON through getters
// that never panic, Slack's escaped entities and message timestamps.
package wire

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Obj is a decoded JSON object with typed getters that never panic.
type Obj map[string]any

// AsObj is v as an object, or nil.
func AsObj(v any) Obj {
	if m, ok := v.(map[string]any); ok {
		return Obj(m)
	}
	return nil
}

// Str is k as a string (numbers and booleans spelled out), or "".
func (o Obj) Str(k string) string {
	switch v := o[k].(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}

// Obj is k as an object, or nil.
func (o Obj) Obj(k string) Obj { return AsObj(o[k]) }

// List is k's objects, skipping anything else.
func (o Obj) List(k string) []Obj {
	raw, _ := o[k].([]any)
	out := make([]Obj, 0, len(raw))
	for _, v := range raw {
		if m := AsObj(v); m != nil {
			out = append(out, m)
		}
	}
	return out
}

// Strs is k's strings, skipping anything else.
func (o Obj) Strs(k string) []string {
	raw, _ := o[k].([]any)
	var out []string
	for _, v := range raw {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// Flag is k as a boolean, or false.
func (o Obj) Flag(k string) bool { b, _ := o[k].(bool); return b }

// DecodeBlocks reads a JSON array of blocks.
func DecodeBlocks(raw json.RawMessage) ([]Obj, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var list []any
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, err
	}
	out := make([]Obj, 0, len(list))
	for _, v := range list {
		out = append(out, AsObj(v))
	}
	return out, nil
}

// slackEntities are the only entities Slack's mrkdwn knows.
var slackEntities = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// DecodeEntities turns Slack's &lt; &gt; &amp; back into characters.
func DecodeEntities(s string) string { return slackEntities.Replace(s) }

// TSTime reads a Slack ts ("1730541600.000100").
func TSTime(ts string) time.Time {
	sec, frac, _ := strings.Cut(ts, ".")
	s, _ := strconv.ParseInt(sec, 10, 64)
	us, _ := strconv.ParseInt((frac + "000000")[:6], 10, 64)
	return time.Unix(s, us*1000)
}

// TSLess orders two Slack ts.
func TSLess(a, b string) bool { return TSTime(a).Before(TSTime(b)) }
