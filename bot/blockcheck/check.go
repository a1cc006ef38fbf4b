// Package blockcheck checks Block Kit JSON (messages, modals, Home tabs)
// against the limits and structural rules Slack enforces when it answers
// invalid_blocks or invalid_arguments, which slack-go does not check and no
// fake Slack notices. Tests of the bot run every payload it builds through
// CheckMessage / CheckView (usually via Record), and .ci/run additionally
// type-checks the recorded JSON with Slack's own @slack/types definitions.
//
// The rules follow /work/shared/slack-notes.md ("Block Kit limits"), Slack's
// Block Kit reference and the field lists of @slack/types 3.2.0.
package blockcheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"
)

// Problem is one rule a payload breaks, at a JSON path such as
// "$.blocks[2].accessory.text.text".
type Problem struct {
	Path    string
	Message string
}

func (p *Problem) Error() string { return p.Path + ": " + p.Message }

// CheckMessage checks a message payload: an object such as
// {"text": ..., "blocks": [...]} (chat.postMessage arguments, a slash command
// reply, a response_url body) or a bare JSON array of blocks.
// It returns every problem found, joined with errors.Join, or nil.
func CheckMessage(raw []byte) error {
	v, err := decode(raw)
	if err != nil {
		return err
	}
	c := newChecker(surfaceMessage)
	if blocks, ok := v.([]any); ok {
		c.blockList("$", blocks)
		return c.err()
	}
	m := c.object("$", v)
	if m == nil {
		return c.err()
	}
	text, hasText := c.optString("$", m, "text", maxMessageText)
	blocks, hasBlocks := m["blocks"]
	if hasBlocks && blocks == nil {
		hasBlocks = false // slack-go marshals empty Blocks as null; Slack treats it as absent
	}
	if !hasBlocks && (!hasText || text == "") {
		c.fail("$", "a message needs text or blocks")
	}
	if hasBlocks {
		list, ok := blocks.([]any)
		if !ok {
			c.fail("$.blocks", "must be an array of blocks")
		} else {
			c.blockList("$.blocks", list)
		}
	}
	return c.err()
}

// CheckView checks a view object as passed to views.open, views.update,
// views.push or views.publish. The kind (modal or home) is read from "type".
// It returns every problem found, joined with errors.Join, or nil.
func CheckView(raw []byte) error {
	v, err := decode(raw)
	if err != nil {
		return err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return &Problem{Path: "$", Message: "a view must be a JSON object"}
	}
	var c *checker
	switch m["type"] {
	case "modal":
		c = newChecker(surfaceModal)
		c.allowedKeys("$", m, "type", "title", "blocks", "close", "submit", "private_metadata",
			"callback_id", "clear_on_close", "notify_on_close", "external_id")
		c.reqText("$", m, "title", plainOnly, maxModalButton)
		c.optText("$", m, "close", plainOnly, maxModalButton)
		c.optText("$", m, "submit", plainOnly, maxModalButton)
		c.optBool("$", m, "clear_on_close")
		c.optBool("$", m, "notify_on_close")
	case "home":
		c = newChecker(surfaceHome)
		c.allowedKeys("$", m, "type", "blocks", "private_metadata", "callback_id", "external_id")
	default:
		return &Problem{Path: "$.type", Message: fmt.Sprintf("view type %v: want \"modal\" or \"home\"", jsonish(m["type"]))}
	}
	if len(raw) > maxViewBytes {
		c.fail("$", "view is %d bytes; Slack refuses views over %d", len(raw), maxViewBytes)
	}
	c.optString("$", m, "private_metadata", maxPrivateMetadata)
	c.optID("$", m, "callback_id")
	c.optID("$", m, "external_id")
	blocks, ok := m["blocks"].([]any)
	if !ok {
		c.fail("$.blocks", "a view needs a blocks array")
		return c.err()
	}
	c.blockList("$.blocks", blocks)
	if c.surface == surfaceModal && c.inputBlocks > 0 {
		if _, ok := m["submit"]; !ok {
			c.fail("$.submit", "a modal with input blocks needs a submit button")
		}
	}
	return c.err()
}

// decode parses JSON keeping numbers exact, and refuses trailing data.
func decode(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("blockcheck: invalid JSON: %w", err)
	}
	if dec.More() {
		return nil, errors.New("blockcheck: invalid JSON: data after the top-level value")
	}
	return v, nil
}

// surface is where blocks are shown; limits and allowed blocks differ.
type surface int

const (
	surfaceMessage surface = iota
	surfaceModal
	surfaceHome
)

func (s surface) String() string {
	switch s {
	case surfaceModal:
		return "modal"
	case surfaceHome:
		return "home"
	default:
		return "message"
	}
}

// checker walks one payload and collects problems.
type checker struct {
	surface       surface
	problems      []error
	blockIDs      map[string]string // block_id -> path where first seen
	inputBlocks   int
	markdownChars int // markdown blocks share one limit per payload
}

func newChecker(s surface) *checker {
	return &checker{surface: s, blockIDs: map[string]string{}}
}

func (c *checker) err() error { return errors.Join(c.problems...) }

func (c *checker) fail(path, format string, args ...any) {
	c.problems = append(c.problems, &Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

// object returns v as a JSON object, or records a problem and returns nil.
func (c *checker) object(path string, v any) map[string]any {
	m, ok := v.(map[string]any)
	if !ok {
		c.fail(path, "must be an object, got %s", jsonish(v))
		return nil
	}
	return m
}

// allowedKeys reports fields Slack does not know for this object; Slack
// answers those with invalid_blocks ("invalid additional property").
func (c *checker) allowedKeys(path string, m map[string]any, keys ...string) {
	for k := range m {
		known := false
		for _, want := range keys {
			if k == want {
				known = true
				break
			}
		}
		if !known {
			c.fail(path+"."+k, "unknown field")
		}
	}
}

// optString checks an optional string field of at most max characters
// (max 0: no limit) and reports whether it was present.
func (c *checker) optString(path string, m map[string]any, key string, max int) (string, bool) {
	v, ok := m[key]
	if !ok {
		return "", false
	}
	s, ok := v.(string)
	if !ok {
		c.fail(path+"."+key, "must be a string, got %s", jsonish(v))
		return "", false
	}
	if n := utf8.RuneCountInString(s); max > 0 && n > max {
		c.fail(path+"."+key, "%d characters; the limit is %d", n, max)
	}
	return s, true
}

// reqString checks a required, non-empty string field.
func (c *checker) reqString(path string, m map[string]any, key string, max int) string {
	s, ok := c.optString(path, m, key, max)
	if !ok {
		if _, present := m[key]; !present {
			c.fail(path+"."+key, "required")
		}
		return ""
	}
	if s == "" {
		c.fail(path+"."+key, "must not be empty")
	}
	return s
}

// optID checks block_id, action_id, callback_id and external_id fields.
func (c *checker) optID(path string, m map[string]any, key string) (string, bool) {
	s, ok := c.optString(path, m, key, maxID)
	if ok && s == "" {
		c.fail(path+"."+key, "must not be empty when present")
	}
	return s, ok
}

func (c *checker) optBool(path string, m map[string]any, key string) {
	if v, ok := m[key]; ok {
		if _, isBool := v.(bool); !isBool {
			c.fail(path+"."+key, "must be a boolean, got %s", jsonish(v))
		}
	}
}

// optInt checks an optional whole number in [min, max] and returns it.
func (c *checker) optInt(path string, m map[string]any, key string, min, max int64) (int64, bool) {
	v, ok := m[key]
	if !ok {
		return 0, false
	}
	n, isNum := v.(json.Number)
	if !isNum {
		c.fail(path+"."+key, "must be a number, got %s", jsonish(v))
		return 0, false
	}
	i, err := n.Int64()
	if err != nil {
		c.fail(path+"."+key, "must be a whole number, got %s", n)
		return 0, false
	}
	if i < min || i > max {
		c.fail(path+"."+key, "%d is outside %d..%d", i, min, max)
	}
	return i, true
}

// array returns m[key] as an array with min..max items (max 0: no limit),
// recording problems; required says whether a missing key is a problem.
func (c *checker) array(path string, m map[string]any, key string, required bool, min, max int) ([]any, bool) {
	v, ok := m[key]
	if !ok {
		if required {
			c.fail(path+"."+key, "required")
		}
		return nil, false
	}
	a, ok := v.([]any)
	if !ok {
		c.fail(path+"."+key, "must be an array, got %s", jsonish(v))
		return nil, false
	}
	if len(a) < min {
		c.fail(path+"."+key, "%d items; at least %d needed", len(a), min)
	}
	if max > 0 && len(a) > max {
		c.fail(path+"."+key, "%d items; the limit is %d", len(a), max)
	}
	return a, true
}

// jsonish names a decoded JSON value's kind for messages.
func jsonish(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("string %q", v)
	case bool:
		return "a boolean"
	case json.Number:
		return "number " + v.String()
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	default:
		return fmt.Sprintf("%T", v)
	}
}
