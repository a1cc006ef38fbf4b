// Package blocks reads and shapes Block Kit JSON the way Slack does: it
// gives blocks their block_id and elements their action_id, finds buttons
// and input blocks, and builds view.state.values for a submission. It
// knows no workspace state.
package blocks

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/hub"
	"github.com/mentorbot/mentorbot/bot/slackfake/internal/webapi"
)

// Block limits Slack enforces.
const (
	MaxMessageBlocks = 50  // per message
	MaxViewBlocks    = 100 // per modal or Home tab
)

// decodeJSON decodes keeping numbers as json.Number, so re-encoding a
// payload does not change its numbers.
func decodeJSON(raw []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	return d.Decode(v)
}

// Normalize checks that raw is a block list Slack would store and,
// like Slack, gives a block_id to every block and an action_id to every
// interactive element lacking one. Deeper Block Kit rules are left to
// Options.CheckMessage / CheckView.
func Normalize(raw json.RawMessage, limit int) (json.RawMessage, error) {
	var blocks []any
	if err := decodeJSON(raw, &blocks); err != nil {
		return nil, webapi.Err("invalid_blocks_format")
	}
	if len(blocks) > limit {
		return nil, webapi.Err("invalid_blocks",
			fmt.Sprintf("[ERROR] must provide an array of no more than %d items [json-pointer:/blocks]", limit))
	}
	changed := false
	seen := map[string]bool{}
	for i, b := range blocks {
		m, ok := b.(map[string]any)
		if !ok || Str(m, "type") == "" {
			return nil, webapi.Err("invalid_blocks",
				fmt.Sprintf("[ERROR] missing required field: type [json-pointer:/blocks/%d]", i))
		}
		id := Str(m, "block_id")
		if id == "" {
			id = hub.RandHex(3)
			m["block_id"] = id
			changed = true
		}
		if seen[id] {
			return nil, webapi.Err("invalid_blocks",
				fmt.Sprintf("[ERROR] duplicate block_id %q [json-pointer:/blocks/%d/block_id]", id, i))
		}
		seen[id] = true
		for _, el := range interactiveElements(m) {
			if Str(el, "action_id") == "" {
				el["action_id"] = hub.RandHex(3)
				changed = true
			}
		}
	}
	if !changed {
		return raw, nil
	}
	out, err := json.Marshal(blocks)
	if err != nil {
		return nil, webapi.Err("invalid_blocks_format")
	}
	return out, nil
}

// Str returns m[key] if it is a string.
func Str(m map[string]any, key string) string {
	v, _ := m[key].(string)
	return v
}

// interactiveElements returns the elements of a block that carry an
// action_id: a section's accessory, an actions block's elements, an input
// block's element.
func interactiveElements(block map[string]any) []map[string]any {
	var out []map[string]any
	add := func(v any) {
		if el, ok := v.(map[string]any); ok {
			switch Str(el, "type") {
			case "", "image", "plain_text", "mrkdwn":
			default:
				out = append(out, el)
			}
		}
	}
	switch Str(block, "type") {
	case "section":
		add(block["accessory"])
	case "actions":
		if els, ok := block["elements"].([]any); ok {
			for _, el := range els {
				add(el)
			}
		}
	case "input":
		add(block["element"])
	}
	return out
}

// decodeBlocks decodes a stored (already normalized) block list.
func decodeBlocks(raw json.RawMessage) []map[string]any {
	var list []any
	if len(raw) == 0 || decodeJSON(raw, &list) != nil {
		return nil
	}
	var out []map[string]any
	for _, b := range list {
		if m, ok := b.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// FindButton finds a button by action_id (and value, when value is not
// empty) and returns it with its block's block_id.
func FindButton(raw json.RawMessage, actionID, value string) (string, map[string]any, bool) {
	for _, b := range decodeBlocks(raw) {
		for _, el := range interactiveElements(b) {
			if Str(el, "type") != "button" || Str(el, "action_id") != actionID {
				continue
			}
			if value != "" && Str(el, "value") != value {
				continue
			}
			return Str(b, "block_id"), el, true
		}
	}
	return "", nil, false
}

// Input is an input block of a view, whose element's value Slack
// reports in view.state.values on submission.
type Input struct {
	BlockID  string
	Optional bool
	Element  map[string]any
}

// Inputs returns the input blocks of a block list.
func Inputs(raw json.RawMessage) []Input {
	var out []Input
	for _, b := range decodeBlocks(raw) {
		if Str(b, "type") != "input" {
			continue
		}
		el, ok := b["element"].(map[string]any)
		if !ok {
			continue
		}
		opt, _ := b["optional"].(bool)
		out = append(out, Input{BlockID: Str(b, "block_id"), Optional: opt, Element: el})
	}
	return out
}
