package render

import (
	"encoding/json"
	"html"
	"strconv"
	"strings"

	"github.com/mentorbot/mentorbot/bot/playground/wire"
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

// text renders a text object: mrkdwn parsed, plain_text escaped.
func (r *Renderer) text(t wire.Obj) string {
	if t == nil {
		return ""
	}
	if t.Str("type") == "mrkdwn" {
		return r.Mrkdwn(t.Str("text"))
	}
	return r.plainText(t.Str("text"), true)
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
	blocks, err := wire.DecodeBlocks(m.Blocks)
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
	blocks, err := wire.DecodeBlocks(raw)
	if err != nil {
		return unknown("block list", "unreadable JSON")
	}
	var b strings.Builder
	r.blocks(&b, blocks, true)
	return b.String()
}

func (r *Renderer) blocks(b *strings.Builder, blocks []wire.Obj, inView bool) {
	for _, bl := range blocks {
		r.block(b, bl, inView)
	}
}

func (r *Renderer) block(b *strings.Builder, bl wire.Obj, inView bool) {
	if bl == nil {
		b.WriteString(unknown("block", ""))
		return
	}
	id := ` data-block-id="` + attr(bl.Str("block_id")) + `"`
	switch typ := bl.Str("type"); typ {
	case "header":
		b.WriteString(`<h3 class="bk-header"` + id + `>` + r.text(bl.Obj("text")) + `</h3>`)
	case "divider":
		b.WriteString(`<hr class="bk-divider">`)
	case "section":
		b.WriteString(`<div class="bk-section"` + id + `><div class="bk-section-body">`)
		if t := bl.Obj("text"); t != nil {
			b.WriteString(`<div class="bk-text">` + r.text(t) + `</div>`)
		}
		if fields := bl.List("fields"); len(fields) > 0 {
			b.WriteString(`<div class="bk-fields">`)
			for _, f := range fields {
				b.WriteString(`<div class="bk-field">` + r.text(f) + `</div>`)
			}
			b.WriteString(`</div>`)
		}
		b.WriteString(`</div>`)
		if acc := bl.Obj("accessory"); acc != nil {
			b.WriteString(`<div class="bk-accessory">`)
			r.element(b, acc, "")
			b.WriteString(`</div>`)
		}
		b.WriteString(`</div>`)
	case "context":
		b.WriteString(`<div class="bk-context"` + id + `>`)
		for _, el := range bl.List("elements") {
			switch el.Str("type") {
			case "image":
				b.WriteString(imageLink(el.Str("image_url"), el.Str("alt_text"), "bk-context-image"))
			case "mrkdwn", "plain_text":
				b.WriteString(`<span class="bk-context-text">` + r.text(el) + `</span>`)
			default:
				b.WriteString(unknown("context element", el.Str("type")))
			}
		}
		b.WriteString(`</div>`)
	case "actions":
		b.WriteString(`<div class="bk-actions"` + id + `>`)
		for _, el := range bl.List("elements") {
			r.element(b, el, "")
		}
		b.WriteString(`</div>`)
	case "image":
		b.WriteString(`<div class="bk-image"` + id + `>`)
		if t := bl.Obj("title"); t != nil {
			b.WriteString(`<div class="bk-image-title">` + r.text(t) + `</div>`)
		}
		b.WriteString(imageLink(bl.Str("image_url"), bl.Str("alt_text"), "bk-image-link"))
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
func (r *Renderer) element(b *strings.Builder, el wire.Obj, _ string) {
	switch typ := el.Str("type"); typ {
	case "button":
		class := "bk-btn"
		switch el.Str("style") {
		case "primary":
			class += " bk-primary"
		case "danger":
			class += " bk-danger"
		}
		a := ` data-action-id="` + attr(el.Str("action_id")) + `" data-value="` + attr(el.Str("value")) + `"`
		if c := el.Obj("confirm"); c != nil {
			a += ` data-confirm-title="` + attr(tagText(r.text(c.Obj("title")))) + `" data-confirm-text="` + attr(tagText(r.text(c.Obj("text")))) + `"`
		}
		if href := safeURL(el.Str("url")); href != "" {
			a += ` data-url="` + attr(href) + `"`
		}
		b.WriteString(`<button type="button" class="` + class + `"` + a + `>` + r.text(el.Obj("text")) + `</button>`)
	case "image":
		b.WriteString(imageLink(el.Str("image_url"), el.Str("alt_text"), "bk-accessory-image"))
	case "overflow":
		b.WriteString(`<span class="bk-static" title="menus are not clickable in the playground">⋯ `)
		for i, o := range el.List("options") {
			if i > 0 {
				b.WriteString(" · ")
			}
			b.WriteString(r.text(o.Obj("text")))
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
