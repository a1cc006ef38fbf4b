package blockcheck

import "fmt"

// Composition objects used inside elements: text objects, options, confirm
// dialogs, dispatch configuration and conversation filters.

// textKind says which text object types a field accepts.
type textKind int

const (
	anyText textKind = iota
	plainOnly
)

// textObject checks a plain_text or mrkdwn object with 1..max characters.
func (c *checker) textObject(path string, v any, kind textKind, max int) {
	m := c.object(path, v)
	if m == nil {
		return
	}
	switch m["type"] {
	case "plain_text":
		c.allowedKeys(path, m, "type", "text", "emoji")
		c.optBool(path, m, "emoji")
	case "mrkdwn":
		if kind == plainOnly {
			c.fail(path+".type", "must be plain_text here, got mrkdwn")
		}
		c.allowedKeys(path, m, "type", "text", "verbatim")
		c.optBool(path, m, "verbatim")
	default:
		c.fail(path+".type", "text object type %s: want plain_text or mrkdwn", jsonish(m["type"]))
		return
	}
	c.reqString(path, m, "text", max)
}

func (c *checker) reqText(path string, m map[string]any, key string, kind textKind, max int) {
	v, ok := m[key]
	if !ok {
		c.fail(path+"."+key, "required")
		return
	}
	c.textObject(path+"."+key, v, kind, max)
}

func (c *checker) optText(path string, m map[string]any, key string, kind textKind, max int) {
	if v, ok := m[key]; ok {
		c.textObject(path+"."+key, v, kind, max)
	}
}

// staticOptions checks options / option_groups of a static select, and that
// initial options are among them.
func (c *checker) staticOptions(path string, m map[string]any, multi bool) {
	_, hasOpts := m["options"]
	_, hasGroups := m["option_groups"]
	if hasOpts == hasGroups {
		c.fail(path, "a static select needs exactly one of options and option_groups")
	}
	known := map[string]string{}
	if hasOpts {
		opts, _ := c.array(path, m, "options", true, 1, maxSelectOptions)
		known = c.optionList(path+".options", opts, plainOnly, false)
	}
	if hasGroups {
		groups, _ := c.array(path, m, "option_groups", true, 1, maxSelectOptions)
		for i, g := range groups {
			gp := fmt.Sprintf("%s.option_groups[%d]", path, i)
			gm := c.object(gp, g)
			if gm == nil {
				continue
			}
			c.allowedKeys(gp, gm, "label", "options")
			c.reqText(gp, gm, "label", plainOnly, maxOptionGroupText)
			opts, _ := c.array(gp, gm, "options", true, 1, maxSelectOptions)
			for v, t := range c.optionList(gp+".options", opts, plainOnly, false) {
				if _, dup := known[v]; dup {
					c.fail(gp+".options", "option value %q appears in more than one group", v)
				}
				known[v] = t
			}
		}
	}
	key := "initial_option"
	if multi {
		key = "initial_options"
	}
	c.initialOptions(path, m, key, known)
}

// optionList checks options and returns their value -> text map.
func (c *checker) optionList(path string, opts []any, kind textKind, allowURL bool) map[string]string {
	known := map[string]string{}
	for i, o := range opts {
		p := fmt.Sprintf("%s[%d]", path, i)
		value, text, ok := c.option(p, o, kind, allowURL)
		if !ok {
			continue
		}
		if _, dup := known[value]; dup {
			c.fail(p+".value", "duplicate option value %q", value)
		}
		known[value] = text
	}
	return known
}

// option checks one option object and returns its value and text.
func (c *checker) option(path string, v any, kind textKind, allowURL bool) (value, text string, ok bool) {
	m := c.object(path, v)
	if m == nil {
		return "", "", false
	}
	keys := []string{"text", "value", "description"}
	if allowURL {
		keys = append(keys, "url")
		c.optString(path, m, "url", maxURL)
	}
	c.allowedKeys(path, m, keys...)
	c.reqText(path, m, "text", kind, maxOptionText)
	c.optText(path, m, "description", plainOnly, maxOptionText)
	value = c.reqString(path, m, "value", maxOptionValue)
	if tm, isObj := m["text"].(map[string]any); isObj {
		text, _ = tm["text"].(string)
	}
	return value, text, true
}

// initialOptions checks initial_option(s); when known is non-nil each must be
// one of the element's options (Slack refuses an initial option it cannot find).
func (c *checker) initialOptions(path string, m map[string]any, key string, known map[string]string) {
	v, ok := m[key]
	if !ok {
		return
	}
	var list []any
	if key == "initial_option" {
		list = []any{v}
	} else {
		arr, isArr := v.([]any)
		if !isArr {
			c.fail(path+"."+key, "must be an array, got %s", jsonish(v))
			return
		}
		list = arr
	}
	for i, o := range list {
		p := path + "." + key
		if key != "initial_option" {
			p = fmt.Sprintf("%s[%d]", p, i)
		}
		value, text, ok := c.option(p, o, anyText, false)
		if !ok || known == nil {
			continue
		}
		want, found := known[value]
		switch {
		case !found:
			c.fail(p, "initial option value %q is not one of the options", value)
		case want != text:
			c.fail(p+".text", "initial option text %q differs from the option's %q", text, want)
		}
	}
}

func (c *checker) confirm(path string, v any) {
	m := c.object(path, v)
	if m == nil {
		return
	}
	c.allowedKeys(path, m, "title", "text", "confirm", "deny", "style")
	c.reqText(path, m, "title", plainOnly, maxConfirmTitle)
	c.reqText(path, m, "text", anyText, maxConfirmText)
	c.reqText(path, m, "confirm", plainOnly, maxConfirmButton)
	c.reqText(path, m, "deny", plainOnly, maxConfirmButton)
	c.style(path, m)
}

func (c *checker) dispatchConfig(path string, v any) {
	m := c.object(path, v)
	if m == nil {
		return
	}
	c.allowedKeys(path, m, "trigger_actions_on")
	list, _ := c.array(path, m, "trigger_actions_on", false, 1, 2)
	for i, t := range list {
		if t != "on_enter_pressed" && t != "on_character_entered" {
			c.fail(fmt.Sprintf("%s.trigger_actions_on[%d]", path, i), "%s: want on_enter_pressed or on_character_entered", jsonish(t))
		}
	}
}

func (c *checker) conversationFilter(path string, m map[string]any) {
	v, ok := m["filter"]
	if !ok {
		return
	}
	p := path + ".filter"
	f := c.object(p, v)
	if f == nil {
		return
	}
	c.allowedKeys(p, f, "include", "exclude_external_shared_channels", "exclude_bot_users")
	if len(f) == 0 {
		c.fail(p, "a filter needs at least one field")
	}
	inc, _ := c.array(p, f, "include", false, 1, 4)
	for i, t := range inc {
		if t != "im" && t != "mpim" && t != "private" && t != "public" {
			c.fail(fmt.Sprintf("%s.include[%d]", p, i), "%s: want im, mpim, private or public", jsonish(t))
		}
	}
	c.optBool(p, f, "exclude_external_shared_channels")
	c.optBool(p, f, "exclude_bot_users")
}

func (c *checker) stringList(path string, m map[string]any, key string) {
	list, _ := c.array(path, m, key, false, 0, 0)
	for i, s := range list {
		if _, ok := s.(string); !ok {
			c.fail(fmt.Sprintf("%s.%s[%d]", path, key, i), "must be a string, got %s", jsonish(s))
		}
	}
}
