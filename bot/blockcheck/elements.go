package blockcheck

import (
	"slices"
	"time"
)

// position is where an element sits; each allows its own element types.
type position int

const (
	inActions position = iota
	inSectionAccessory
	inInput
	inContext
)

func (p position) String() string {
	switch p {
	case inSectionAccessory:
		return "a section accessory"
	case inInput:
		return "an input block"
	case inContext:
		return "a context block"
	default:
		return "an actions block"
	}
}

// allowedIn follows the element lists of Slack's Block Kit reference
// (ActionsBlockElement, SectionBlockAccessory, InputBlockElement in @slack/types).
func allowedIn(p position, typ string) bool {
	switch typ {
	case "static_select", "external_select", "users_select", "conversations_select", "channels_select",
		"multi_static_select", "multi_external_select", "multi_users_select",
		"multi_conversations_select", "multi_channels_select",
		"checkboxes", "radio_buttons", "datepicker", "timepicker":
		return p != inContext
	case "button", "overflow", "workflow_button":
		return p == inActions || p == inSectionAccessory
	case "datetimepicker", "rich_text_input":
		return p == inActions || p == inInput
	case "plain_text_input", "email_text_input", "url_text_input", "number_input", "file_input":
		return p == inInput
	case "image":
		return p == inSectionAccessory || p == inContext
	}
	return false
}

// element checks one block element; actionIDs collects the action_ids of the
// containing block, which must be unique there.
func (c *checker) element(path string, v any, pos position, actionIDs map[string]string) {
	m := c.object(path, v)
	if m == nil {
		return
	}
	typ, _ := m["type"].(string)
	if !allowedIn(pos, typ) {
		c.fail(path+".type", "element type %s is not allowed in %s", jsonish(m["type"]), pos)
		return
	}
	if typ != "image" {
		if id, ok := c.optID(path, m, "action_id"); ok && id != "" {
			if first, dup := actionIDs[id]; dup {
				c.fail(path+".action_id", "duplicate action_id %q in one block (first at %s)", id, first)
			} else {
				actionIDs[id] = path
			}
		}
	}
	c.optBool(path, m, "focus_on_load")
	c.optText(path, m, "placeholder", plainOnly, maxPlaceholder)
	if conf, ok := m["confirm"]; ok {
		c.confirm(path+".confirm", conf)
	}
	if d, ok := m["dispatch_action_config"]; ok {
		c.dispatchConfig(path+".dispatch_action_config", d)
	}
	// Field lists per element family, as in @slack/types (Actionable,
	// Confirmable, Focusable, Placeholdable, Dispatchable, MaxItemsSelectable).
	confirmable := []string{"type", "action_id", "confirm"}
	selectKeys := slices.Concat(confirmable, []string{"focus_on_load", "placeholder"})
	multiKeys := slices.Concat(selectKeys, []string{"max_selected_items"})
	inputKeys := []string{"type", "action_id", "dispatch_action_config", "focus_on_load", "placeholder", "initial_value"}
	with := func(base []string, more ...string) []string { return slices.Concat(base, more) }

	switch typ {
	case "button":
		c.allowedKeys(path, m, with(confirmable, "text", "value", "url", "style", "accessibility_label")...)
		c.reqText(path, m, "text", plainOnly, maxButtonText)
		c.optString(path, m, "value", maxButtonValue)
		if u, ok := c.optString(path, m, "url", maxURL); ok && u == "" {
			c.fail(path+".url", "must not be empty when present")
		}
		c.style(path, m)
		c.optString(path, m, "accessibility_label", maxA11yLabel)
	case "static_select":
		c.allowedKeys(path, m, with(selectKeys, "options", "option_groups", "initial_option")...)
		c.staticOptions(path, m, false)
	case "multi_static_select":
		c.allowedKeys(path, m, with(multiKeys, "options", "option_groups", "initial_options")...)
		c.staticOptions(path, m, true)
		c.optInt(path, m, "max_selected_items", 1, maxSelectOptions)
	case "external_select":
		c.allowedKeys(path, m, with(selectKeys, "initial_option", "min_query_length")...)
		c.initialOptions(path, m, "initial_option", nil)
		c.optInt(path, m, "min_query_length", 0, 1<<31)
	case "multi_external_select":
		c.allowedKeys(path, m, with(multiKeys, "initial_options", "min_query_length")...)
		c.initialOptions(path, m, "initial_options", nil)
		c.optInt(path, m, "min_query_length", 0, 1<<31)
		c.optInt(path, m, "max_selected_items", 1, maxSelectOptions)
	case "users_select":
		c.allowedKeys(path, m, with(selectKeys, "initial_user")...)
		c.optString(path, m, "initial_user", 0)
	case "multi_users_select":
		c.allowedKeys(path, m, with(multiKeys, "initial_users")...)
		c.stringList(path, m, "initial_users")
		c.optInt(path, m, "max_selected_items", 1, maxSelectOptions)
	case "conversations_select":
		c.allowedKeys(path, m, with(selectKeys, "initial_conversation", "default_to_current_conversation", "filter", "response_url_enabled")...)
		c.optString(path, m, "initial_conversation", 0)
		c.optBool(path, m, "default_to_current_conversation")
		c.optBool(path, m, "response_url_enabled")
		c.conversationFilter(path, m)
	case "multi_conversations_select":
		c.allowedKeys(path, m, with(multiKeys, "initial_conversations", "default_to_current_conversation", "filter")...)
		c.stringList(path, m, "initial_conversations")
		c.optBool(path, m, "default_to_current_conversation")
		c.conversationFilter(path, m)
		c.optInt(path, m, "max_selected_items", 1, maxSelectOptions)
	case "channels_select":
		c.allowedKeys(path, m, with(selectKeys, "initial_channel", "response_url_enabled")...)
		c.optString(path, m, "initial_channel", 0)
		c.optBool(path, m, "response_url_enabled")
	case "multi_channels_select":
		c.allowedKeys(path, m, with(multiKeys, "initial_channels")...)
		c.stringList(path, m, "initial_channels")
		c.optInt(path, m, "max_selected_items", 1, maxSelectOptions)
	case "overflow":
		c.allowedKeys(path, m, with(confirmable, "options")...)
		opts, _ := c.array(path, m, "options", true, 1, maxOverflowOptions)
		c.optionList(path+".options", opts, plainOnly, true)
	case "checkboxes":
		c.allowedKeys(path, m, with(confirmable, "options", "initial_options", "focus_on_load")...)
		opts, _ := c.array(path, m, "options", true, 1, maxChoiceOptions)
		known := c.optionList(path+".options", opts, anyText, false)
		c.initialOptions(path, m, "initial_options", known)
	case "radio_buttons":
		c.allowedKeys(path, m, with(confirmable, "options", "initial_option", "focus_on_load")...)
		opts, _ := c.array(path, m, "options", true, 1, maxChoiceOptions)
		known := c.optionList(path+".options", opts, anyText, false)
		c.initialOptions(path, m, "initial_option", known)
	case "datepicker":
		c.allowedKeys(path, m, with(selectKeys, "initial_date")...)
		if s, ok := c.optString(path, m, "initial_date", 0); ok {
			if _, err := time.Parse(time.DateOnly, s); err != nil {
				c.fail(path+".initial_date", "%q is not YYYY-MM-DD", s)
			}
		}
	case "timepicker":
		c.allowedKeys(path, m, with(selectKeys, "initial_time", "timezone")...)
		if s, ok := c.optString(path, m, "initial_time", 0); ok {
			if _, err := time.Parse("15:04", s); err != nil {
				c.fail(path+".initial_time", "%q is not HH:mm", s)
			}
		}
		if tz, ok := c.optString(path, m, "timezone", 0); ok {
			if _, err := time.LoadLocation(tz); err != nil || tz == "" {
				c.fail(path+".timezone", "%q is not an IANA time zone", tz)
			}
		}
	case "datetimepicker":
		c.allowedKeys(path, m, with(confirmable, "initial_date_time", "focus_on_load")...)
		c.optInt(path, m, "initial_date_time", 0, 1<<53)
	case "plain_text_input":
		c.allowedKeys(path, m, with(inputKeys, "multiline", "min_length", "max_length")...)
		c.plainTextInput(path, m)
	case "email_text_input", "url_text_input":
		c.allowedKeys(path, m, inputKeys...)
		c.optString(path, m, "initial_value", maxText)
	case "number_input":
		c.allowedKeys(path, m, with(inputKeys, "is_decimal_allowed", "min_value", "max_value")...)
		if _, ok := m["is_decimal_allowed"]; !ok {
			c.fail(path+".is_decimal_allowed", "required")
		}
		c.optBool(path, m, "is_decimal_allowed")
		c.optString(path, m, "initial_value", 0)
		c.optString(path, m, "min_value", 0)
		c.optString(path, m, "max_value", 0)
	case "rich_text_input":
		c.allowedKeys(path, m, inputKeys...)
		if iv, ok := m["initial_value"]; ok {
			if ivm := c.object(path+".initial_value", iv); ivm != nil {
				if ivm["type"] != "rich_text" {
					c.fail(path+".initial_value.type", "must be rich_text")
				}
				c.allowedKeys(path+".initial_value", ivm, "type", "block_id", "elements")
				c.richText(path+".initial_value", ivm)
			}
		}
	case "file_input":
		c.allowedKeys(path, m, "type", "action_id", "filetypes", "max_files")
		c.stringList(path, m, "filetypes")
		c.optInt(path, m, "max_files", 1, 10)
		if c.surface != surfaceModal {
			c.fail(path+".type", "file_input works only in modals")
		}
	case "image":
		c.allowedKeys(path, m, "type", "image_url", "slack_file", "alt_text")
		c.imageSource(path, m)
		c.reqString(path, m, "alt_text", maxImageAltText)
	case "workflow_button":
		c.fail(path+".type", "workflow_button has no rules in blockcheck yet; add them before using it")
	}
}

func (c *checker) style(path string, m map[string]any) {
	if s, ok := c.optString(path, m, "style", 0); ok && s != "primary" && s != "danger" {
		c.fail(path+".style", "%q: want primary or danger (omit for the default)", s)
	}
}

func (c *checker) plainTextInput(path string, m map[string]any) {
	c.optBool(path, m, "multiline")
	minLen, hasMin := c.optInt(path, m, "min_length", 0, maxInputLength)
	maxLen, hasMax := c.optInt(path, m, "max_length", 1, maxInputLength)
	if hasMin && hasMax && minLen > maxLen {
		c.fail(path+".min_length", "%d is greater than max_length %d", minLen, maxLen)
	}
	limit := maxInputLength
	if hasMax {
		limit = int(maxLen)
	}
	c.optString(path, m, "initial_value", limit)
}
