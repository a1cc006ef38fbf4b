package blockcheck

import (
	"fmt"
	"unicode/utf8"
)

// blockList checks a blocks array against the surface's block count limit and
// each block against its own rules.
func (c *checker) blockList(path string, blocks []any) {
	limit := maxViewBlocks
	if c.surface == surfaceMessage {
		limit = maxMessageBlocks
	}
	if len(blocks) > limit {
		c.fail(path, "%d blocks; a %s allows at most %d", len(blocks), c.surface, limit)
	}
	for i, b := range blocks {
		c.block(fmt.Sprintf("%s[%d]", path, i), b)
	}
}

func (c *checker) block(path string, v any) {
	m := c.object(path, v)
	if m == nil {
		return
	}
	if id, ok := c.optID(path, m, "block_id"); ok && id != "" {
		if first, dup := c.blockIDs[id]; dup {
			c.fail(path+".block_id", "duplicate block_id %q (first at %s); block_id must be unique in a message or view", id, first)
		} else {
			c.blockIDs[id] = path
		}
	}
	typ, _ := m["type"].(string)
	switch typ {
	case "section":
		c.section(path, m)
	case "header":
		c.allowedKeys(path, m, "type", "block_id", "text")
		c.reqText(path, m, "text", plainOnly, maxHeaderText)
	case "divider":
		c.allowedKeys(path, m, "type", "block_id")
	case "image":
		c.allowedKeys(path, m, "type", "block_id", "image_url", "slack_file", "alt_text", "title")
		c.imageSource(path, m)
		c.reqString(path, m, "alt_text", maxImageAltText)
		c.optText(path, m, "title", plainOnly, maxImageTitle)
	case "actions":
		c.actions(path, m)
	case "context":
		c.context(path, m)
	case "input":
		c.input(path, m)
	case "rich_text":
		c.allowedKeys(path, m, "type", "block_id", "elements")
		c.richText(path, m)
	case "markdown":
		c.markdown(path, m)
	case "file":
		c.allowedKeys(path, m, "type", "block_id", "external_id", "source")
		c.messageOnly(path, typ)
		c.reqString(path, m, "external_id", maxID)
		if src, _ := c.optString(path, m, "source", 0); src != "remote" {
			c.fail(path+".source", "must be \"remote\"")
		}
	case "video":
		c.video(path, m)
	case "alert", "card", "carousel", "container", "context_actions", "data_table", "table", "task_card", "plan":
		// Known to @slack/types but not used by mentorbot and not available on
		// every surface; add their rules here before using them.
		c.fail(path+".type", "block type %q has no rules in blockcheck yet; add them before using it", typ)
	default:
		c.fail(path+".type", "unknown block type %s", jsonish(m["type"]))
	}
}

func (c *checker) section(path string, m map[string]any) {
	c.allowedKeys(path, m, "type", "block_id", "text", "fields", "accessory", "expand")
	_, hasText := m["text"]
	c.optText(path, m, "text", anyText, maxText)
	fields, hasFields := c.array(path, m, "fields", false, 1, maxSectionFields)
	for i, f := range fields {
		c.textObject(fmt.Sprintf("%s.fields[%d]", path, i), f, anyText, maxSectionField)
	}
	if !hasText && !hasFields {
		c.fail(path, "a section needs text or fields")
	}
	if acc, ok := m["accessory"]; ok {
		c.element(path+".accessory", acc, inSectionAccessory, map[string]string{})
	}
	c.optBool(path, m, "expand")
}

func (c *checker) actions(path string, m map[string]any) {
	c.allowedKeys(path, m, "type", "block_id", "elements")
	elems, _ := c.array(path, m, "elements", true, 1, maxActionsElements)
	actionIDs := map[string]string{}
	for i, e := range elems {
		c.element(fmt.Sprintf("%s.elements[%d]", path, i), e, inActions, actionIDs)
	}
}

func (c *checker) context(path string, m map[string]any) {
	c.allowedKeys(path, m, "type", "block_id", "elements")
	elems, _ := c.array(path, m, "elements", true, 1, maxContextElements)
	for i, e := range elems {
		p := fmt.Sprintf("%s.elements[%d]", path, i)
		em := c.object(p, e)
		if em == nil {
			continue
		}
		switch em["type"] {
		case "image":
			c.element(p, em, inContext, map[string]string{})
		default:
			c.textObject(p, em, anyText, maxText)
		}
	}
}

func (c *checker) input(path string, m map[string]any) {
	c.allowedKeys(path, m, "type", "block_id", "label", "element", "hint", "optional", "dispatch_action")
	if c.surface == surfaceMessage {
		c.fail(path+".type", "input blocks are only allowed in modals and Home tabs")
	}
	c.inputBlocks++
	c.reqText(path, m, "label", plainOnly, maxInputLabel)
	c.optText(path, m, "hint", plainOnly, maxInputHint)
	c.optBool(path, m, "optional")
	c.optBool(path, m, "dispatch_action")
	el, ok := m["element"]
	if !ok {
		c.fail(path+".element", "required")
		return
	}
	c.element(path+".element", el, inInput, map[string]string{})
}

func (c *checker) markdown(path string, m map[string]any) {
	c.allowedKeys(path, m, "type", "block_id", "text")
	c.messageOnly(path, "markdown")
	text := c.reqString(path, m, "text", maxMarkdownText)
	c.markdownChars += utf8.RuneCountInString(text)
	if c.markdownChars > maxMarkdownText {
		c.fail(path+".text", "markdown blocks of one payload total %d characters; the limit is %d", c.markdownChars, maxMarkdownText)
	}
}

func (c *checker) video(path string, m map[string]any) {
	c.allowedKeys(path, m, "type", "block_id", "video_url", "thumbnail_url", "alt_text", "title",
		"title_url", "author_name", "provider_name", "provider_icon_url", "description")
	c.reqString(path, m, "video_url", maxURL)
	c.reqString(path, m, "thumbnail_url", maxURL)
	c.reqString(path, m, "alt_text", maxImageAltText)
	c.reqText(path, m, "title", plainOnly, maxVideoTitle)
	c.optText(path, m, "description", plainOnly, maxText)
	c.optString(path, m, "title_url", maxURL)
	c.optString(path, m, "author_name", 50)
	c.optString(path, m, "provider_name", 0)
	c.optString(path, m, "provider_icon_url", maxURL)
}

func (c *checker) messageOnly(path, typ string) {
	if c.surface != surfaceMessage {
		c.fail(path+".type", "%s blocks are only allowed in messages, not in a %s", typ, c.surface)
	}
}

// imageSource checks that exactly one of image_url and slack_file is given.
func (c *checker) imageSource(path string, m map[string]any) {
	_, hasURL := m["image_url"]
	sf, hasFile := m["slack_file"]
	switch {
	case hasURL && hasFile:
		c.fail(path, "give image_url or slack_file, not both")
	case hasURL:
		c.reqString(path, m, "image_url", maxURL)
	case hasFile:
		f := c.object(path+".slack_file", sf)
		if f == nil {
			return
		}
		c.allowedKeys(path+".slack_file", f, "url", "id")
		_, hasU := c.optString(path+".slack_file", f, "url", maxURL)
		_, hasID := c.optString(path+".slack_file", f, "id", 0)
		if hasU == hasID {
			c.fail(path+".slack_file", "needs exactly one of url and id")
		}
	default:
		c.fail(path, "an image needs image_url or slack_file")
	}
}

// richText checks the shape of a rich_text block (or rich_text_input value).
func (c *checker) richText(path string, m map[string]any) {
	elems, _ := c.array(path, m, "elements", true, 1, 0)
	for i, e := range elems {
		p := fmt.Sprintf("%s.elements[%d]", path, i)
		em := c.object(p, e)
		if em == nil {
			continue
		}
		switch em["type"] {
		case "rich_text_section":
			c.allowedKeys(p, em, "type", "elements")
			c.richTextLeaves(p, em, false)
		case "rich_text_quote", "rich_text_preformatted":
			c.allowedKeys(p, em, "type", "elements", "border")
			c.richTextLeaves(p, em, em["type"] == "rich_text_preformatted")
		case "rich_text_list":
			c.allowedKeys(p, em, "type", "elements", "style", "indent", "offset", "border")
			if s, _ := c.optString(p, em, "style", 0); s != "bullet" && s != "ordered" {
				c.fail(p+".style", "must be \"bullet\" or \"ordered\"")
			}
			c.optInt(p, em, "indent", 0, 8)
			sections, _ := c.array(p, em, "elements", true, 1, 0)
			for j, s := range sections {
				sp := fmt.Sprintf("%s.elements[%d]", p, j)
				if sm := c.object(sp, s); sm != nil {
					if sm["type"] != "rich_text_section" {
						c.fail(sp+".type", "list items must be rich_text_section")
					}
					c.allowedKeys(sp, sm, "type", "elements")
					c.richTextLeaves(sp, sm, false)
				}
			}
		default:
			c.fail(p+".type", "unknown rich text element %s", jsonish(em["type"]))
		}
	}
}

// richTextLeaves checks the inline elements (text, link, emoji, mentions).
func (c *checker) richTextLeaves(path string, m map[string]any, preformatted bool) {
	leaves, _ := c.array(path, m, "elements", true, 0, 0)
	for i, l := range leaves {
		p := fmt.Sprintf("%s.elements[%d]", path, i)
		lm := c.object(p, l)
		if lm == nil {
			continue
		}
		typ, _ := lm["type"].(string)
		if preformatted && typ != "text" && typ != "link" {
			c.fail(p+".type", "preformatted text holds only text and link elements")
			continue
		}
		switch typ {
		case "text":
			c.allowedKeys(p, lm, "type", "text", "style")
			c.reqString(p, lm, "text", 0)
		case "link":
			c.allowedKeys(p, lm, "type", "url", "text", "unsafe", "style")
			c.reqString(p, lm, "url", maxURL)
			c.optString(p, lm, "text", 0)
		case "emoji":
			c.allowedKeys(p, lm, "type", "name", "unicode", "url", "style")
			c.reqString(p, lm, "name", 0)
		case "user":
			c.allowedKeys(p, lm, "type", "user_id", "style")
			c.reqString(p, lm, "user_id", 0)
		case "channel":
			c.allowedKeys(p, lm, "type", "channel_id", "style")
			c.reqString(p, lm, "channel_id", 0)
		case "usergroup":
			c.allowedKeys(p, lm, "type", "usergroup_id", "style")
			c.reqString(p, lm, "usergroup_id", 0)
		case "team":
			c.allowedKeys(p, lm, "type", "team_id", "style")
			c.reqString(p, lm, "team_id", 0)
		case "broadcast":
			c.allowedKeys(p, lm, "type", "range", "style")
			if r, _ := lm["range"].(string); r != "here" && r != "channel" && r != "everyone" {
				c.fail(p+".range", "must be here, channel or everyone")
			}
		case "date":
			c.allowedKeys(p, lm, "type", "timestamp", "format", "url", "fallback", "style")
			c.optInt(p, lm, "timestamp", 0, 1<<53)
			c.reqString(p, lm, "format", 0)
		case "color":
			c.allowedKeys(p, lm, "type", "value", "style")
			c.reqString(p, lm, "value", 0)
		default:
			c.fail(p+".type", "unknown rich text leaf %s", jsonish(lm["type"]))
		}
	}
}
