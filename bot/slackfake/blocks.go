package slackfake

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/hub"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/webapi"
)

const (
	maxMessageBlocks = 50  // per message
	maxViewBlocks    = 100 // per modal or Home tab
)

// decodeJSON decodes keeping numbers as json.Number, so re-encoding a
// payload does not change its numbers.
func decodeJSON(raw []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	return d.Decode(v)
}

// normalizeBlocks checks that raw is a block list Slack would store and,
// like Slack, gives a block_id to every block and an action_id to every
// interactive element lacking one. Deeper Block Kit rules are left to
// Options.CheckMessage / CheckView.
func (s *Server) normalizeBlocks(raw json.RawMessage, limit int) (json.RawMessage, error) {
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
		if !ok || str(m, "type") == "" {
			return nil, webapi.Err("invalid_blocks",
				fmt.Sprintf("[ERROR] missing required field: type [json-pointer:/blocks/%d]", i))
		}
		id := str(m, "block_id")
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
			if str(el, "action_id") == "" {
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

// str returns m[key] if it is a string.
func str(m map[string]any, key string) string {
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
			switch str(el, "type") {
			case "", "image", "plain_text", "mrkdwn":
			default:
				out = append(out, el)
			}
		}
	}
	switch str(block, "type") {
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

// findButton finds a button by action_id (and value, when value is not
// empty) and returns it with its block's block_id.
func findButton(raw json.RawMessage, actionID, value string) (string, map[string]any, bool) {
	for _, b := range decodeBlocks(raw) {
		for _, el := range interactiveElements(b) {
			if str(el, "type") != "button" || str(el, "action_id") != actionID {
				continue
			}
			if value != "" && str(el, "value") != value {
				continue
			}
			return str(b, "block_id"), el, true
		}
	}
	return "", nil, false
}

// inputBlock is an input block of a view, whose element's value Slack
// reports in view.state.values on submission.
type inputBlock struct {
	blockID  string
	optional bool
	element  map[string]any
}

func inputBlocks(raw json.RawMessage) []inputBlock {
	var out []inputBlock
	for _, b := range decodeBlocks(raw) {
		if str(b, "type") != "input" {
			continue
		}
		el, ok := b["element"].(map[string]any)
		if !ok {
			continue
		}
		opt, _ := b["optional"].(bool)
		out = append(out, inputBlock{blockID: str(b, "block_id"), optional: opt, element: el})
	}
	return out
}
