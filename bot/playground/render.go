package playground

import (
	"encoding/json"
	"html"
	"strconv"
	"strings"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

// Directory is what the renderer looks names up in: mentions show people's
// names and users_select offers the workspace's people.
type Directory struct {
	Users    []slackfake.User  // every member, in workspace order
	Channels map[string]string // channel ID -> name
	byID     map[string]slackfake.User
}

// NewDirectory indexes a workspace's members and channels.
func NewDirectory(users []slackfake.User, channels map[string]string) Directory {
	d := Directory{Users: users, Channels: channels, byID: map[string]slackfake.User{}}
	for _, u := range users {
		d.byID[u.ID] = u
	}
	return d
}

// Renderer turns Block Kit JSON into HTML. Every string from the JSON is
// escaped (plain_text) or parsed as mrkdwn (Mrkdwn), so a payload cannot
// inject markup or script. Block and element types it does not know show
// as a visible placeholder (class "bk-unknown").
type Renderer struct {
	dir Directory
	seq int // numbers the label IDs of one rendering
	// idPrefix keeps label IDs unique across the views on one page (a
	// modal and the Home tab may come from different renderings).
	idPrefix string
}

// NewRenderer returns a renderer resolving names in dir.
func NewRenderer(dir Directory) *Renderer { return &Renderer{dir: dir} }

func (r *Renderer) userName(id string) string {
	if u, ok := r.dir.byID[id]; ok {
		if u.RealName != "" {
			return u.RealName
		}
		return u.Name
	}
	return ""
}

// obj is a decoded JSON object with typed getters that never panic.
type obj map[string]any

func asObj(v any) obj {
	if m, ok := v.(map[string]any); ok {
		return obj(m)
	}
	return nil
}

func (o obj) str(k string) string {
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

func (o obj) obj(k string) obj { return asObj(o[k]) }

func (o obj) list(k string) []obj {
	raw, _ := o[k].([]any)
	out := make([]obj, 0, len(raw))
	for _, v := range raw {
		if m := asObj(v); m != nil {
			out = append(out, m)
		}
	}
	return out
}

func (o obj) strs(k string) []string {
	raw, _ := o[k].([]any)
	var out []string
	for _, v := range raw {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func (o obj) flag(k string) bool { b, _ := o[k].(bool); return b }

// decodeBlocks reads a JSON array of blocks.
func decodeBlocks(raw json.RawMessage) ([]obj, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var list []any
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, err
	}
	out := make([]obj, 0, len(list))
	for _, v := range list {
		out = append(out, asObj(v))
	}
	return out, nil
}

// text renders a text object: mrkdwn parsed, plain_text escaped.
func (r *Renderer) text(t obj) string {
	if t == nil {
		return ""
	}
	if t.str("type") == "mrkdwn" {
		return r.Mrkdwn(t.str("text"))
	}
	return r.plainText(t.str("text"), true)
}

// attr escapes a value for a double-quoted HTML attribute.
func attr(s string) string { return html.EscapeString(s) }

func unknown(kind, typ string) string {
	if typ == "" {
		typ = "(no type)"
	}
	return `<div class="bk-unknown">Unsupported ` + kind + ` type “` + html.EscapeString(typ) + `”: the playground cannot show it.</div>`
}

// MessageHTML renders a message: its blocks, or its text when it has
// none, and any files shared with it.
func (r *Renderer) MessageHTML(m slackfake.Message, files []slackfake.File) string {
	var b strings.Builder
	blocks, err := decodeBlocks(m.Blocks)
	switch {
	case err != nil:
		b.WriteString(unknown("block list", "unreadable JSON"))
	case len(blocks) > 0:
		r.blocks(&b, blocks, false)
	default:
		b.WriteString(`<div class="bk-text">` + r.Mrkdwn(m.Text) + `</div>`)
	}
	for _, f := range files {
		name := f.Title
		if name == "" {
			name = f.Name
		}
		b.WriteString(`<a class="bk-file" href="/api/file?id=` + attr(f.ID) + `" download="` + attr(f.Name) + `"><span class="bk-tag">FILE</span> ` +
			html.EscapeString(name) + ` <span class="bk-file-size">(` + strconv.Itoa(len(f.Content)) + ` bytes)</span></a>`)
	}
	return b.String()
}

// ViewHTML renders the blocks of a view (modal or Home tab); its input
// blocks become form controls whose label IDs carry the view's ID.
func (r *Renderer) ViewHTML(viewID string, raw json.RawMessage) string {
	r.idPrefix = strings.Map(func(c rune) rune {
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			return c
		}
		return -1
	}, viewID) + "-"
	defer func() { r.idPrefix = "" }()
	return r.BlocksHTML(raw)
}

// BlocksHTML renders a list of blocks. Input blocks become form controls.
func (r *Renderer) BlocksHTML(raw json.RawMessage) string {
	blocks, err := decodeBlocks(raw)
	if err != nil {
		return unknown("block list", "unreadable JSON")
	}
	var b strings.Builder
	r.blocks(&b, blocks, true)
	return b.String()
}

func (r *Renderer) blocks(b *strings.Builder, blocks []obj, inView bool) {
	for _, bl := range blocks {
		r.block(b, bl, inView)
	}
}

func (r *Renderer) block(b *strings.Builder, bl obj, inView bool) {
	if bl == nil {
		b.WriteString(unknown("block", ""))
		return
	}
	id := ` data-block-id="` + attr(bl.str("block_id")) + `"`
	switch typ := bl.str("type"); typ {
	case "header":
		b.WriteString(`<h3 class="bk-header"` + id + `>` + r.text(bl.obj("text")) + `</h3>`)
	case "divider":
		b.WriteString(`<hr class="bk-divider">`)
	case "section":
		b.WriteString(`<div class="bk-section"` + id + `><div class="bk-section-body">`)
		if t := bl.obj("text"); t != nil {
			b.WriteString(`<div class="bk-text">` + r.text(t) + `</div>`)
		}
		if fields := bl.list("fields"); len(fields) > 0 {
			b.WriteString(`<div class="bk-fields">`)
			for _, f := range fields {
				b.WriteString(`<div class="bk-field">` + r.text(f) + `</div>`)
			}
			b.WriteString(`</div>`)
		}
		b.WriteString(`</div>`)
		if acc := bl.obj("accessory"); acc != nil {
			b.WriteString(`<div class="bk-accessory">`)
			r.element(b, acc, "")
			b.WriteString(`</div>`)
		}
		b.WriteString(`</div>`)
	case "context":
		b.WriteString(`<div class="bk-context"` + id + `>`)
		for _, el := range bl.list("elements") {
			switch el.str("type") {
			case "image":
				b.WriteString(imageLink(el.str("image_url"), el.str("alt_text"), "bk-context-image"))
			case "mrkdwn", "plain_text":
				b.WriteString(`<span class="bk-context-text">` + r.text(el) + `</span>`)
			default:
				b.WriteString(unknown("context element", el.str("type")))
			}
		}
		b.WriteString(`</div>`)
	case "actions":
		b.WriteString(`<div class="bk-actions"` + id + `>`)
		for _, el := range bl.list("elements") {
			r.element(b, el, "")
		}
		b.WriteString(`</div>`)
	case "image":
		b.WriteString(`<div class="bk-image"` + id + `>`)
		if t := bl.obj("title"); t != nil {
			b.WriteString(`<div class="bk-image-title">` + r.text(t) + `</div>`)
		}
		b.WriteString(imageLink(bl.str("image_url"), bl.str("alt_text"), "bk-image-link"))
		b.WriteString(`</div>`)
	case "input":
		r.input(b, bl, inView)
	default:
		b.WriteString(unknown("block", typ))
	}
}

// imageLink shows an image as a link: the page never fetches anything
// from the network by itself.
func imageLink(src, alt, class string) string {
	if alt == "" {
		alt = "image"
	}
	label := `<span class="bk-tag">IMAGE</span> ` + html.EscapeString(alt)
	if href := safeURL(src); href != "" {
		return `<a class="` + class + `" href="` + attr(href) + `" target="_blank" rel="noopener noreferrer" title="open the image">` + label + `</a>`
	}
	return `<span class="` + class + `">` + label + `</span>`
}

// element renders an interactive element outside an input block (in an
// actions block or as a section accessory). Buttons carry what the page
// needs to click them through the fake Slack; other elements are shown but
// cannot be used (the fake sends block_actions for buttons only).
func (r *Renderer) element(b *strings.Builder, el obj, _ string) {
	switch typ := el.str("type"); typ {
	case "button":
		class := "bk-btn"
		switch el.str("style") {
		case "primary":
			class += " bk-primary"
		case "danger":
			class += " bk-danger"
		}
		a := ` data-action-id="` + attr(el.str("action_id")) + `" data-value="` + attr(el.str("value")) + `"`
		if c := el.obj("confirm"); c != nil {
			a += ` data-confirm-title="` + attr(tagText(r.text(c.obj("title")))) + `" data-confirm-text="` + attr(tagText(r.text(c.obj("text")))) + `"`
		}
		if href := safeURL(el.str("url")); href != "" {
			a += ` data-url="` + attr(href) + `"`
		}
		b.WriteString(`<button type="button" class="` + class + `"` + a + `>` + r.text(el.obj("text")) + `</button>`)
	case "image":
		b.WriteString(imageLink(el.str("image_url"), el.str("alt_text"), "bk-accessory-image"))
	case "overflow":
		b.WriteString(`<span class="bk-static" title="menus are not clickable in the playground">⋯ `)
		for i, o := range el.list("options") {
			if i > 0 {
				b.WriteString(" · ")
			}
			b.WriteString(r.text(o.obj("text")))
		}
		b.WriteString(`</span>`)
	case "static_select", "multi_static_select", "users_select", "multi_users_select", "datepicker",
		"timepicker", "checkboxes", "radio_buttons", "conversations_select", "channels_select":
		b.WriteString(`<span class="bk-static" title="only buttons are clickable outside forms in the playground">`)
		r.control(b, el, true, "")
		b.WriteString(`</span>`)
	default:
		b.WriteString(unknown("element", typ))
	}
}
