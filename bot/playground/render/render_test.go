package render

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

func mustJSON(t *testing.T, v any) json.RawMessage {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

type m = map[string]any

func plainT(s string) m  { return m{"type": "plain_text", "text": s, "emoji": true} }
func mrkdwnT(s string) m { return m{"type": "mrkdwn", "text": s} }
func opt(v, label string) m {
	return m{"text": plainT(label), "value": v}
}

// TestRenderBlocks checks each block and element type the bot uses (and
// the rest of what Block Kit offers to messages and modals) renders with
// what the page needs: text, data attributes for clicks and form state,
// initial values.
func TestRenderBlocks(t *testing.T) {
	r := testRenderer()
	cases := []struct {
		name  string
		block m
		want  []string
	}{
		{"header", m{"type": "header", "block_id": "h", "text": plainT("Meet your match :tada:")},
			[]string{`<h3 class="bk-header" data-block-id="h">Meet your match 🎉</h3>`}},
		{"divider", m{"type": "divider"}, []string{`<hr class="bk-divider">`}},
		{"section text", m{"type": "section", "block_id": "s", "text": mrkdwnT("*Mentor:* <@U0ADA>")},
			[]string{`<b>Mentor:</b> <span class="md-mention">@Ada Lindqvist</span>`}},
		{"section plain text", m{"type": "section", "text": plainT("*not bold*")}, []string{`*not bold*`}},
		{"section fields", m{"type": "section", "fields": []m{mrkdwnT("*Role*\nmentor"), plainT("Weekly")}},
			[]string{`<div class="bk-fields"><div class="bk-field"><b>Role</b><br>mentor</div><div class="bk-field">Weekly</div></div>`}},
		{"section button accessory", m{"type": "section", "text": mrkdwnT("Ada"), "accessory": m{
			"type": "button", "action_id": "request", "value": "U0ADA", "style": "primary", "text": plainT("Request")}},
			[]string{`<div class="bk-accessory"><button type="button" class="bk-btn bk-primary" data-action-id="request" data-value="U0ADA">Request</button></div>`}},
		{"section image accessory", m{"type": "section", "text": mrkdwnT("x"), "accessory": m{
			"type": "image", "image_url": "https://example.com/a.png", "alt_text": "chart"}},
			[]string{`<a class="bk-accessory-image" href="https://example.com/a.png"`, `<span class="bk-tag">IMAGE</span> chart</a>`}},
		{"section overflow accessory", m{"type": "section", "text": mrkdwnT("x"), "accessory": m{
			"type": "overflow", "action_id": "o", "options": []m{opt("a", "Edit"), opt("b", "Delete")}}},
			[]string{`bk-static`, `Edit · Delete`}},
		{"context", m{"type": "context", "elements": []m{mrkdwnT("_confidential_"), plainT("plain"),
			{"type": "image", "image_url": "https://example.com/i.png", "alt_text": "icon"}}},
			[]string{`<div class="bk-context"`, `<i>confidential</i>`, `plain`, `<span class="bk-tag">IMAGE</span> icon`}},
		{"actions with buttons", m{"type": "actions", "block_id": "checkin", "elements": []m{
			{"type": "button", "action_id": "checkin_met", "value": "7", "style": "primary", "text": plainT("Met")},
			{"type": "button", "action_id": "checkin_not_yet", "value": "7", "text": plainT("Not yet")},
			{"type": "button", "action_id": "leave", "value": "x", "style": "danger", "text": plainT("Leave"),
				"confirm": m{"title": plainT("Sure?"), "text": mrkdwnT("*All* gone"), "confirm": plainT("Yes"), "deny": plainT("No")}},
			{"type": "button", "action_id": "docs", "url": "https://example.com/docs", "text": plainT("Docs")},
		}}, []string{
			`<div class="bk-actions" data-block-id="checkin">`,
			`class="bk-btn bk-primary" data-action-id="checkin_met" data-value="7">Met</button>`,
			`class="bk-btn" data-action-id="checkin_not_yet" data-value="7">Not yet</button>`,
			`class="bk-btn bk-danger" data-action-id="leave" data-value="x" data-confirm-title="Sure?" data-confirm-text="All gone">Leave</button>`,
			`data-action-id="docs" data-value="" data-url="https://example.com/docs">Docs</button>`,
		}},
		{"actions with a select", m{"type": "actions", "elements": []m{
			{"type": "static_select", "action_id": "p", "options": []m{opt("a", "A")}}}},
			[]string{`<span class="bk-static"`, `<select class="bk-control" disabled>`}},
		{"image block", m{"type": "image", "image_url": "https://example.com/c.png", "alt_text": "weekly chart", "title": plainT("Met rate")},
			[]string{`<div class="bk-image-title">Met rate</div>`, `href="https://example.com/c.png"`, `<span class="bk-tag">IMAGE</span> weekly chart`}},
		{"image with a javascript: url", m{"type": "image", "image_url": "javascript:alert(1)", "alt_text": "x"},
			[]string{`<span class="bk-image-link"><span class="bk-tag">IMAGE</span> x</span>`}},
		{"unknown block", m{"type": "rich_text", "elements": []m{}}, []string{`<div class="bk-unknown">`, `rich_text`}},
		{"block without type", m{"text": plainT("x")}, []string{`<div class="bk-unknown">`, `(no type)`}},
		{"unknown element", m{"type": "actions", "elements": []m{{"type": "workflow_button"}}}, []string{`bk-unknown`, `workflow_button`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := r.BlocksHTML(mustJSON(t, []m{c.block}))
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("missing %s\nin %s", w, out)
				}
			}
			assertInert(t, c.name, out)
		})
	}
}

// TestRenderInputs checks every input element of the bot's modals (and
// the other input types) becomes a form control the page can read back,
// with its initial value and the block's label, hint and optional mark.
func TestRenderInputs(t *testing.T) {
	input := func(blockID string, el m, optional bool) m {
		return m{"type": "input", "block_id": blockID, "optional": optional, "label": plainT("Label " + blockID),
			"hint": plainT("Hint " + blockID), "element": el}
	}
	opts := []m{opt("weekly", "Weekly"), opt("biweekly", "Every two weeks"), opt("monthly", "Monthly")}
	cases := []struct {
		name  string
		block m
		want  []string
		not   []string
	}{
		{"plain_text_input", input("teaches", m{"type": "plain_text_input", "action_id": "value", "max_length": 600,
			"placeholder": plainT("e.g. Go"), "initial_value": "Go, Rust"}, true), []string{
			`<div class="bk-input" data-block-id="teaches" data-action-id="value" data-type="plain_text_input" data-optional="true">`,
			`<div class="bk-label" id="bk-label-1">Label teaches <span class="bk-optional">(optional)</span></div>`,
			`<input class="bk-control" type="text" value="Go, Rust" maxlength="600" placeholder="e.g. Go" aria-labelledby="bk-label-1">`,
			`<div class="bk-hint">Hint teaches</div>`, `<div class="bk-error" role="alert" hidden></div>`,
		}, nil},
		{"multiline plain_text_input", input("goals", m{"type": "plain_text_input", "action_id": "value", "multiline": true,
			"initial_value": "Lead </textarea><b>x</b>"}, false), []string{
			`data-optional="false"`, `<textarea class="bk-control" rows="4" aria-labelledby="bk-label-1">Lead &lt;/textarea&gt;&lt;b&gt;x&lt;/b&gt;</textarea>`,
		}, []string{"(optional)"}},
		{"number_input", input("seniority", m{"type": "number_input", "action_id": "value", "is_decimal_allowed": false,
			"min_value": "0", "max_value": "60", "initial_value": "12"}, false), []string{
			`<input class="bk-control" type="number" inputmode="numeric" value="12" step="1" min="0" max="60" aria-labelledby="bk-label-1">`,
		}, nil},
		{"decimal number_input", input("n", m{"type": "number_input", "action_id": "v", "is_decimal_allowed": true}, false),
			[]string{`step="any"`}, nil},
		{"static_select", input("cadence", m{"type": "static_select", "action_id": "value", "placeholder": plainT("How often"),
			"options": opts, "initial_option": opts[1]}, false), []string{
			`<select class="bk-control" aria-labelledby="bk-label-1"><option value="">How often</option>`,
			`<option value="weekly">Weekly</option>`, `<option value="biweekly" selected>Every two weeks</option>`,
		}, nil},
		{"static_select with groups", input("g", m{"type": "static_select", "action_id": "v", "option_groups": []m{
			{"label": plainT("Often"), "options": opts[:1]}}}, false),
			[]string{`<optgroup label="Often"><option value="weekly">Weekly</option></optgroup>`}, nil},
		{"multi_static_select", input("programs", m{"type": "multi_static_select", "action_id": "value",
			"options": opts, "initial_options": []m{opts[0], opts[2]}}, true), []string{
			`<select class="bk-control" multiple size="5" aria-labelledby="bk-label-1">`, `<option value="weekly" selected>`, `<option value="monthly" selected>`,
			`<option value="biweekly">`,
		}, nil},
		{"radio_buttons", input("role", m{"type": "radio_buttons", "action_id": "value", "options": []m{
			opt("mentee", "Mentee"), {"text": mrkdwnT("*Mentor*"), "value": "mentor", "description": plainT("I can mentor")}},
			"initial_option": opt("mentor", "x")}, false), []string{
			`data-type="radio_buttons"`, `<div class="bk-choices" role="group" aria-labelledby="bk-label-1"><label class="bk-choice"><input type="radio" value="mentee" aria-labelledby="bk-label-1"> <span>Mentee</span></label>`,
			`<input type="radio" value="mentor" checked aria-labelledby="bk-label-1"> <span><b>Mentor</b><span class="bk-choice-desc">I can mentor</span>`,
		}, nil},
		{"checkboxes", input("agree", m{"type": "checkboxes", "action_id": "value", "options": []m{opt("a", "A"), opt("b", "B")},
			"initial_options": []m{opt("b", "B")}}, true), []string{
			`<input type="checkbox" value="a" aria-labelledby="bk-label-1">`, `<input type="checkbox" value="b" checked aria-labelledby="bk-label-1">`,
		}, nil},
		{"users_select", input("manager", m{"type": "users_select", "action_id": "value", "placeholder": plainT("Pick your manager"),
			"initial_user": "U0ADA"}, true), []string{
			`<select class="bk-control" aria-labelledby="bk-label-1"><option value="">Pick your manager</option>`,
			`<option value="U0ADA" selected>Ada Lindqvist (@ada)</option>`,
			`<option value="U0EVIL">&lt;script&gt;alert(&#34;name&#34;)&lt;/script&gt; (@evil)</option>`,
		}, []string{`value="UBOT"`, `value="U0GONE"`}},
		{"multi_users_select", input("people", m{"type": "multi_users_select", "action_id": "v", "initial_users": []string{"U0ADA"}}, true),
			[]string{`multiple`, `<option value="U0ADA" selected>`}, nil},
		{"datepicker", input("program_start", m{"type": "datepicker", "action_id": "value", "initial_date": "2026-01-05"}, false),
			[]string{`<input class="bk-control" type="date" value="2026-01-05" aria-labelledby="bk-label-1">`}, nil},
		{"timepicker", input("t", m{"type": "timepicker", "action_id": "v", "initial_time": "10:00"}, false),
			[]string{`<input class="bk-control" type="time" value="10:00" aria-labelledby="bk-label-1">`}, nil},
		{"channels_select", input("c", m{"type": "channels_select", "action_id": "v", "initial_channel": "C1"}, false),
			[]string{`<option value="C1" selected>#general</option>`}, nil},
		{"email and url inputs", input("e", m{"type": "email_text_input", "action_id": "v"}, false),
			[]string{`<input class="bk-control" type="email" value="" aria-labelledby="bk-label-1">`}, nil},
		{"unknown input element", input("f", m{"type": "file_input", "action_id": "v"}, false),
			[]string{`<div class="bk-unknown">`, `file_input`}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := testRenderer().BlocksHTML(mustJSON(t, []m{c.block}))
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("missing %s\nin %s", w, out)
				}
			}
			for _, n := range c.not {
				if strings.Contains(out, n) {
					t.Errorf("unexpected %s\nin %s", n, out)
				}
			}
			assertInert(t, c.name, out)
		})
	}
}

// everything builds one block of every kind with s in every string slot:
// texts, labels, hints, placeholders, values, IDs and URLs.
func everything(s string) []m {
	o := m{"text": plainT(s), "value": s, "description": mrkdwnT(s)}
	om := m{"text": mrkdwnT(s), "value": s + "2"}
	in := func(el m) m {
		el["action_id"] = s
		el["placeholder"] = plainT(s)
		return m{"type": "input", "block_id": s + el["type"].(string), "label": plainT(s), "hint": mrkdwnT(s), "element": el}
	}
	return []m{
		{"type": "header", "block_id": s + "h", "text": plainT(s)},
		{"type": "section", "block_id": s + "s", "text": mrkdwnT(s), "fields": []m{mrkdwnT(s), plainT(s)},
			"accessory": m{"type": "button", "action_id": s, "value": s, "url": s, "text": plainT(s),
				"confirm": m{"title": plainT(s), "text": mrkdwnT(s), "confirm": plainT(s), "deny": plainT(s)}}},
		{"type": "section", "text": plainT(s), "accessory": m{"type": "image", "image_url": s, "alt_text": s}},
		{"type": "section", "text": plainT(s), "accessory": m{"type": "overflow", "action_id": s, "options": []m{o}}},
		{"type": "context", "elements": []m{mrkdwnT(s), plainT(s), {"type": "image", "image_url": s, "alt_text": s}}},
		{"type": "divider", "block_id": s + "d"},
		{"type": "image", "image_url": s, "alt_text": s, "title": plainT(s)},
		{"type": "actions", "block_id": s + "a", "elements": []m{{"type": "button", "action_id": s, "value": s, "text": plainT(s)},
			{"type": "static_select", "action_id": s + "x", "options": []m{o}}}},
		in(m{"type": "plain_text_input", "initial_value": s}),
		in(m{"type": "plain_text_input", "multiline": true, "initial_value": s}),
		in(m{"type": "number_input", "initial_value": s, "min_value": s, "max_value": s}),
		in(m{"type": "static_select", "options": []m{o}, "initial_option": o}),
		in(m{"type": "multi_static_select", "options": []m{o, om}, "initial_options": []m{o}}),
		in(m{"type": "radio_buttons", "options": []m{o, om}, "initial_option": om}),
		in(m{"type": "checkboxes", "options": []m{o, om}, "initial_options": []m{o}}),
		in(m{"type": "users_select", "initial_user": s}),
		in(m{"type": "datepicker", "initial_date": s}),
		{"type": s, "block_id": s + "u"},
	}
}

// TestRenderIsInert puts hostile text in every string of every block and
// element: whatever a person types (a goal, a department, a program name)
// and whatever the bot echoes, the page shows it as text.
func TestRenderIsInert(t *testing.T) {
	r := testRenderer()
	for _, s := range hostile {
		raw := mustJSON(t, everything(s))
		out := r.BlocksHTML(raw)
		assertInert(t, "blocks with "+s, out)
		msg := r.MessageHTML(slackfake.Message{Blocks: raw}, []slackfake.File{{ID: `F1"x`, Name: s, Title: s, Content: []byte(s)}})
		assertInert(t, "message with "+s, msg)
		if txt := r.MessageHTML(slackfake.Message{Text: s}, nil); len(inertProblems(txt)) > 0 {
			t.Errorf("text-only message %q: %v", s, inertProblems(txt))
		}
	}
	// The classic case: a user whose goals are a script tag sees them as text.
	goal := "<script>alert(1)</script>"
	out := r.BlocksHTML(mustJSON(t, []m{{"type": "section", "text": mrkdwnT("*Goals:* " + strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(goal))},
		{"type": "input", "block_id": "goals", "label": plainT("Goals"), "element": m{"type": "plain_text_input", "action_id": "value", "multiline": true, "initial_value": goal}}}))
	if strings.Count(out, "&lt;script&gt;alert(1)&lt;/script&gt;") != 2 {
		t.Errorf("the goal is not shown as text twice:\n%s", out)
	}
}

func TestMessageHTML(t *testing.T) {
	r := testRenderer()
	// Without blocks, the text is the message.
	if out := r.MessageHTML(slackfake.Message{Text: "Thanks for signing up, *Ada*!"}, nil); out != `<div class="bk-text">Thanks for signing up, <b>Ada</b>!</div>` {
		t.Errorf("text message: %s", out)
	}
	// With blocks, the text is only the notification fallback.
	out := r.MessageHTML(slackfake.Message{Text: "fallback", Blocks: mustJSON(t, []m{{"type": "divider"}})}, nil)
	if strings.Contains(out, "fallback") || !strings.Contains(out, "bk-divider") {
		t.Errorf("blocks message: %s", out)
	}
	// Shared files become download links.
	out = r.MessageHTML(slackfake.Message{Text: "Your data"}, []slackfake.File{{ID: "F00000001", Name: "mentorbot-export.json", Content: []byte("{}")}})
	if !strings.Contains(out, `<a class="bk-file" href="/api/file?id=F00000001" download="mentorbot-export.json"><span class="bk-tag">FILE</span> mentorbot-export.json <span class="bk-file-size">(2 bytes)</span></a>`) {
		t.Errorf("file: %s", out)
	}
	// Broken JSON shows a placeholder, never a blank.
	if out := r.MessageHTML(slackfake.Message{Blocks: json.RawMessage(`[{`)}, nil); !strings.Contains(out, "bk-unknown") {
		t.Errorf("broken blocks: %s", out)
	}
}

func TestViewHTMLLabelIDs(t *testing.T) {
	r := testRenderer()
	raw := mustJSON(t, []m{{"type": "input", "block_id": "a", "label": plainT("A"), "element": m{"type": "plain_text_input", "action_id": "v"}}})
	out := r.ViewHTML(`V0001"><x`, raw)
	if !strings.Contains(out, `<div class="bk-label" id="bk-label-V0001x-1">A</div><input class="bk-control" type="text" value="" aria-labelledby="bk-label-V0001x-1">`) {
		t.Errorf("label IDs: %s", out)
	}
	assertInert(t, "view", out)
	if out := r.BlocksHTML(raw); !strings.Contains(out, `id="bk-label-2"`) {
		t.Errorf("the prefix stuck: %s", out)
	}
}
