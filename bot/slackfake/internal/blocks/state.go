package blocks

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Value is what a person entered in one input element of a modal. Set the
// field that fits the element; Type may be left empty (it is taken from the
// view, and checked when set). Options are named by their value; the fake
// sends the option object exactly as the view defines it.
type Value struct {
	Type string // element type, e.g. "plain_text_input", "static_select"

	Value string // plain_text_input, number_input, email_text_input, url_text_input

	SelectedOption  string   // static_select, external_select, radio_buttons: option value
	SelectedOptions []string // multi_static_select, checkboxes: option values

	SelectedUser          string // users_select
	SelectedUsers         []string
	SelectedConversation  string // conversations_select
	SelectedConversations []string
	SelectedChannel       string // channels_select
	SelectedChannels      []string

	SelectedDate string // datepicker, "2006-01-02"
	SelectedTime string // timepicker, "15:04"
}

// BuildState renders view.state ({"values":{block_id:{action_id:…}}})
// for a submission: every input block of the view, with what the test
// entered or else the element's initial value, shaped per element type as
// Slack sends it. Like Slack's client it refuses to submit a required input
// left empty, an option the element does not offer, or text outside the
// element's length or number bounds.
func BuildState(viewID string, blocks json.RawMessage, values map[string]map[string]Value) (json.RawMessage, error) {
	inputs := Inputs(blocks)
	for blockID, acts := range values {
		for actionID := range acts {
			found := false
			for _, in := range inputs {
				if in.BlockID == blockID && Str(in.Element, "action_id") == actionID {
					found = true
				}
			}
			if !found {
				return nil, fmt.Errorf("slackfake: view %s has no input block %q with action_id %q", viewID, blockID, actionID)
			}
		}
	}
	state := map[string]map[string]any{}
	for _, in := range inputs {
		typ, actionID := Str(in.Element, "type"), Str(in.Element, "action_id")
		val, given := values[in.BlockID][actionID]
		if given && val.Type != "" && val.Type != typ {
			return nil, fmt.Errorf("slackfake: input %s/%s is a %s, not a %s", in.BlockID, actionID, typ, val.Type)
		}
		entry, empty, err := stateEntry(typ, in.Element, val, given)
		if err != nil {
			return nil, fmt.Errorf("slackfake: input %s/%s: %w", in.BlockID, actionID, err)
		}
		if empty && !in.Optional {
			return nil, fmt.Errorf("slackfake: input %s/%s is required (Slack would not submit the modal)", in.BlockID, actionID)
		}
		state[in.BlockID] = map[string]any{actionID: entry}
	}
	return json.Marshal(map[string]any{"values": state})
}

// stateEntry renders one element's state and reports whether it is empty.
func stateEntry(typ string, el map[string]any, val Value, given bool) (map[string]any, bool, error) {
	entry := map[string]any{"type": typ}
	pick := func(entered, initialKey string) string {
		if given {
			return entered
		}
		return Str(el, initialKey)
	}
	pickList := func(entered []string, initialKey string) []string {
		if given {
			return entered
		}
		var out []string
		if list, ok := el[initialKey].([]any); ok {
			for _, x := range list {
				if s, ok := x.(string); ok {
					out = append(out, s)
				}
			}
		}
		return out
	}
	single := func(key, v string) (map[string]any, bool, error) {
		if v == "" {
			entry[key] = nil
			return entry, true, nil
		}
		entry[key] = v
		return entry, false, nil
	}
	list := func(key string, v []string) (map[string]any, bool, error) {
		if v == nil {
			v = []string{}
		}
		entry[key] = v
		return entry, len(v) == 0, nil
	}

	switch typ {
	case "plain_text_input", "email_text_input", "url_text_input", "number_input":
		text := pick(val.Value, "initial_value")
		if text == "" {
			entry["value"] = nil
			return entry, true, nil
		}
		if err := checkText(typ, el, text); err != nil {
			return nil, false, err
		}
		entry["value"] = text
		return entry, false, nil

	case "static_select", "external_select", "radio_buttons":
		optVal := val.SelectedOption
		if !given {
			if init, ok := el["initial_option"].(map[string]any); ok {
				optVal = Str(init, "value")
			}
		}
		if optVal == "" {
			entry["selected_option"] = nil
			return entry, true, nil
		}
		opt, err := findOption(typ, el, optVal)
		if err != nil {
			return nil, false, err
		}
		entry["selected_option"] = opt
		return entry, false, nil

	case "multi_static_select", "multi_external_select", "checkboxes":
		vals := val.SelectedOptions
		if !given {
			vals = nil
			if inits, ok := el["initial_options"].([]any); ok {
				for _, x := range inits {
					if o, ok := x.(map[string]any); ok {
						vals = append(vals, Str(o, "value"))
					}
				}
			}
		}
		opts := []any{}
		for _, ov := range vals {
			opt, err := findOption(typ, el, ov)
			if err != nil {
				return nil, false, err
			}
			opts = append(opts, opt)
		}
		entry["selected_options"] = opts
		return entry, len(opts) == 0, nil

	case "users_select":
		return single("selected_user", pick(val.SelectedUser, "initial_user"))
	case "multi_users_select":
		return list("selected_users", pickList(val.SelectedUsers, "initial_users"))
	case "conversations_select":
		return single("selected_conversation", pick(val.SelectedConversation, "initial_conversation"))
	case "multi_conversations_select":
		return list("selected_conversations", pickList(val.SelectedConversations, "initial_conversations"))
	case "channels_select":
		return single("selected_channel", pick(val.SelectedChannel, "initial_channel"))
	case "multi_channels_select":
		return list("selected_channels", pickList(val.SelectedChannels, "initial_channels"))

	case "datepicker":
		d := pick(val.SelectedDate, "initial_date")
		if d != "" {
			if _, err := time.Parse("2006-01-02", d); err != nil {
				return nil, false, fmt.Errorf("date %q is not YYYY-MM-DD", d)
			}
		}
		return single("selected_date", d)
	case "timepicker":
		t := pick(val.SelectedTime, "initial_time")
		if t != "" {
			if _, err := time.Parse("15:04", t); err != nil {
				return nil, false, fmt.Errorf("time %q is not HH:mm", t)
			}
		}
		return single("selected_time", t)
	}
	return nil, false, fmt.Errorf("element type %q is not supported by slackfake", typ)
}

// findOption returns the option object the element defines for value.
// external_select options come from the app at typing time, so any value
// is accepted and shown as its own text.
func findOption(typ string, el map[string]any, value string) (any, error) {
	var opts []any
	if list, ok := el["options"].([]any); ok {
		opts = append(opts, list...)
	}
	if groups, ok := el["option_groups"].([]any); ok {
		for _, g := range groups {
			if gm, ok := g.(map[string]any); ok {
				if list, ok := gm["options"].([]any); ok {
					opts = append(opts, list...)
				}
			}
		}
	}
	for _, o := range opts {
		if om, ok := o.(map[string]any); ok && Str(om, "value") == value {
			return om, nil
		}
	}
	if strings.HasPrefix(typ, "external") || strings.HasPrefix(typ, "multi_external") {
		return map[string]any{"text": map[string]any{"type": "plain_text", "text": value}, "value": value}, nil
	}
	return nil, fmt.Errorf("no option with value %q", value)
}

// checkText applies the bounds Slack's client enforces before it submits.
func checkText(typ string, el map[string]any, text string) error {
	n := utf8.RuneCountInString(text)
	if typ == "plain_text_input" {
		if hi, ok := num(el, "max_length"); ok && float64(n) > hi {
			return fmt.Errorf("%d characters, max_length is %v", n, hi)
		}
		if lo, ok := num(el, "min_length"); ok && float64(n) < lo {
			return fmt.Errorf("%d characters, min_length is %v", n, lo)
		}
	}
	if typ == "number_input" {
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return fmt.Errorf("%q is not a number", text)
		}
		if dec, _ := el["is_decimal_allowed"].(bool); !dec && strings.ContainsAny(text, ".eE") {
			return fmt.Errorf("%q is not a whole number", text)
		}
		if lo, ok := num(el, "min_value"); ok && f < lo {
			return fmt.Errorf("%v is below min_value %v", f, lo)
		}
		if hi, ok := num(el, "max_value"); ok && f > hi {
			return fmt.Errorf("%v is above max_value %v", f, hi)
		}
	}
	return nil
}

// num reads a number field, which Block Kit allows as a number or a string
// (number_input's min_value is a string).
func num(el map[string]any, key string) (float64, bool) {
	switch v := el[key].(type) {
	case json.Number:
		f, err := v.Float64()
		return f, err == nil
	case string:
		f, err := strconv.ParseFloat(v, 64)
		return f, err == nil
	}
	return 0, false
}
