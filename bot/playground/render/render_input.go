package render

import (
	"html"
	"sort"
	"strconv"
	"strings"

	"github.com/mentorbot/mentorbot/bot/playground/wire"
)

// input renders an input block as a labelled form control. The wrapper
// carries block_id, action_id and the element type, which the page reads
// back to build view.state values for SubmitView; the empty error line
// below it receives response_action errors for this block.
func (r *Renderer) input(b *strings.Builder, bl wire.Obj, _ bool) {
	el := bl.Obj("element")
	if el == nil {
		b.WriteString(unknown("input element", ""))
		return
	}
	blockID := bl.Str("block_id")
	optional := bl.Flag("optional")
	b.WriteString(`<div class="bk-input" data-block-id="` + attr(blockID) + `" data-action-id="` + attr(el.Str("action_id")) +
		`" data-type="` + attr(el.Str("type")) + `" data-optional="` + strconv.FormatBool(optional) + `">`)
	r.seq++
	labelID := "bk-label-" + r.idPrefix + strconv.Itoa(r.seq)
	b.WriteString(`<div class="bk-label" id="` + labelID + `">` + r.text(bl.Obj("label")))
	if optional {
		b.WriteString(` <span class="bk-optional">(optional)</span>`)
	}
	b.WriteString(`</div>`)
	r.control(b, el, false, labelID)
	if h := bl.Obj("hint"); h != nil {
		b.WriteString(`<div class="bk-hint">` + r.text(h) + `</div>`)
	}
	b.WriteString(`<div class="bk-error" role="alert" hidden></div></div>`)
}

// control renders the form control of an input element (disabled outside
// input blocks, where the playground cannot send its changes).
func (r *Renderer) control(b *strings.Builder, el wire.Obj, disabled bool, labelID string) {
	dis := ""
	if disabled {
		dis = " disabled"
	}
	if labelID != "" { // the label names the control for screen readers
		dis += ` aria-labelledby="` + labelID + `"`
	}
	ph := ""
	if p := el.Obj("placeholder"); p != nil {
		ph = ` placeholder="` + attr(p.Str("text")) + `"`
	}
	typ := el.Str("type")
	switch typ {
	case "plain_text_input", "email_text_input", "url_text_input":
		limits := ""
		if n := el.Str("max_length"); n != "" {
			limits += ` maxlength="` + attr(n) + `"`
		}
		if n := el.Str("min_length"); n != "" {
			limits += ` minlength="` + attr(n) + `"`
		}
		if el.Flag("multiline") {
			b.WriteString(`<textarea class="bk-control" rows="4"` + limits + ph + dis + `>` + html.EscapeString(el.Str("initial_value")) + `</textarea>`)
			return
		}
		kind := map[string]string{"plain_text_input": "text", "email_text_input": "email", "url_text_input": "url"}[typ]
		b.WriteString(`<input class="bk-control" type="` + kind + `" value="` + attr(el.Str("initial_value")) + `"` + limits + ph + dis + `>`)
	case "number_input":
		a := ` step="1"`
		if el.Flag("is_decimal_allowed") {
			a = ` step="any"`
		}
		if n := el.Str("min_value"); n != "" {
			a += ` min="` + attr(n) + `"`
		}
		if n := el.Str("max_value"); n != "" {
			a += ` max="` + attr(n) + `"`
		}
		b.WriteString(`<input class="bk-control" type="number" inputmode="numeric" value="` + attr(el.Str("initial_value")) + `"` + a + ph + dis + `>`)
	case "static_select", "multi_static_select":
		multi := typ == "multi_static_select"
		selected := selectedValues(el, multi)
		b.WriteString(r.selectOpen(el, multi, dis))
		for _, o := range el.List("options") {
			b.WriteString(r.option(o, selected))
		}
		for _, g := range el.List("option_groups") {
			b.WriteString(`<optgroup label="` + attr(tagText(r.text(g.Obj("label")))) + `">`)
			for _, o := range g.List("options") {
				b.WriteString(r.option(o, selected))
			}
			b.WriteString(`</optgroup>`)
		}
		b.WriteString(`</select>`)
	case "users_select", "multi_users_select":
		multi := typ == "multi_users_select"
		selected := map[string]bool{el.Str("initial_user"): true}
		for _, u := range el.Strs("initial_users") {
			selected[u] = true
		}
		b.WriteString(r.selectOpen(el, multi, dis))
		for _, u := range r.dir.Users {
			if u.IsBot || u.Deleted {
				continue
			}
			label := u.RealName
			if label == "" {
				label = u.Name
			}
			label += " (@" + u.Name + ")"
			b.WriteString(`<option value="` + attr(u.ID) + `"` + sel(selected[u.ID]) + `>` + html.EscapeString(label) + `</option>`)
		}
		b.WriteString(`</select>`)
	case "conversations_select", "channels_select", "multi_conversations_select", "multi_channels_select":
		multi := strings.HasPrefix(typ, "multi_")
		selected := map[string]bool{el.Str("initial_conversation"): true, el.Str("initial_channel"): true}
		for _, k := range []string{"initial_conversations", "initial_channels"} {
			for _, c := range el.Strs(k) {
				selected[c] = true
			}
		}
		b.WriteString(r.selectOpen(el, multi, dis))
		ids := make([]string, 0, len(r.dir.Channels))
		for id := range r.dir.Channels {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			b.WriteString(`<option value="` + attr(id) + `"` + sel(selected[id]) + `>#` + html.EscapeString(r.dir.Channels[id]) + `</option>`)
		}
		b.WriteString(`</select>`)
	case "radio_buttons", "checkboxes":
		multi := typ == "checkboxes"
		selected := selectedValues(el, multi)
		kind := "radio"
		if multi {
			kind = "checkbox"
		}
		b.WriteString(`<div class="bk-choices" role="group"` + dis + `>`)
		for _, o := range el.List("options") {
			v := o.Str("value")
			b.WriteString(`<label class="bk-choice"><input type="` + kind + `" value="` + attr(v) + `"` + checked(selected[v]) + dis + `> <span>` + r.text(o.Obj("text")))
			if d := o.Obj("description"); d != nil {
				b.WriteString(`<span class="bk-choice-desc">` + r.text(d) + `</span>`)
			}
			b.WriteString(`</span></label>`)
		}
		b.WriteString(`</div>`)
	case "datepicker":
		b.WriteString(`<input class="bk-control" type="date" value="` + attr(el.Str("initial_date")) + `"` + dis + `>`)
	case "timepicker":
		b.WriteString(`<input class="bk-control" type="time" value="` + attr(el.Str("initial_time")) + `"` + dis + `>`)
	default:
		b.WriteString(unknown("input element", typ))
	}
}

func (r *Renderer) selectOpen(el wire.Obj, multi bool, dis string) string {
	if multi {
		return `<select class="bk-control" multiple size="5"` + dis + `>`
	}
	ph := "Select an item"
	if p := el.Obj("placeholder"); p != nil && p.Str("text") != "" {
		ph = p.Str("text")
	}
	return `<select class="bk-control"` + dis + `><option value="">` + html.EscapeString(ph) + `</option>`
}

func (r *Renderer) option(o wire.Obj, selected map[string]bool) string {
	v := o.Str("value")
	return `<option value="` + attr(v) + `"` + sel(selected[v]) + `>` + html.EscapeString(tagText(r.text(o.Obj("text")))) + `</option>`
}

// selectedValues are the option values an element starts with.
func selectedValues(el wire.Obj, multi bool) map[string]bool {
	out := map[string]bool{}
	if multi {
		for _, o := range el.List("initial_options") {
			out[o.Str("value")] = true
		}
		return out
	}
	if o := el.Obj("initial_option"); o != nil {
		out[o.Str("value")] = true
	}
	return out
}

func sel(b bool) string {
	if b {
		return " selected"
	}
	return ""
}

func checked(b bool) string {
	if b {
		return " checked"
	}
	return ""
}
