package blockcheck_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/bot/blockcheck"
)

// blocks wraps block JSON into a message payload.
func blocks(bs ...string) string {
	return `{"text":"fallback","blocks":[` + strings.Join(bs, ",") + `]}`
}

func modal(bs ...string) string {
	return `{"type":"modal","title":{"type":"plain_text","text":"Sign up"},"submit":{"type":"plain_text","text":"Save"},"blocks":[` +
		strings.Join(bs, ",") + `]}`
}

func home(bs ...string) string { return `{"type":"home","blocks":[` + strings.Join(bs, ",") + `]}` }

func pt(s string) string { return fmt.Sprintf(`{"type":"plain_text","text":%q}`, s) }
func md(s string) string { return fmt.Sprintf(`{"type":"mrkdwn","text":%q}`, s) }
func section(text string) string {
	return `{"type":"section","text":` + md(text) + `}`
}
func button(id, text string) string {
	return fmt.Sprintf(`{"type":"button","action_id":%q,"text":%s}`, id, pt(text))
}
func opt(value, text string) string { return fmt.Sprintf(`{"text":%s,"value":%q}`, pt(text), value) }
func repeat(s string, n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = s
	}
	return strings.Join(parts, ",")
}
func long(n int) string { return strings.Repeat("a", n) }

func input(element string) string {
	return `{"type":"input","label":` + pt("Goals") + `,"element":` + element + `}`
}

func TestCheckMessageValid(t *testing.T) {
	tests := map[string]string{
		"text only":      `{"text":"hello"}`,
		"bare array":     `[` + section("hi") + `,{"type":"divider"}]`,
		"50 blocks":      blocks(repeat(`{"type":"divider"}`, 50)),
		"text at 3000":   blocks(section(long(3000))),
		"header at 150":  blocks(`{"type":"header","text":` + pt(long(150)) + `}`),
		"10 fields":      blocks(`{"type":"section","fields":[` + repeat(md(long(2000)), 10) + `]}`),
		"25 actions":     blocks(`{"type":"actions","elements":[` + actionButtons(25) + `]}`),
		"10 context":     blocks(`{"type":"context","elements":[` + repeat(md("x"), 9) + `,{"type":"image","image_url":"https://example.com/a.png","alt_text":"a"}]}`),
		"button limits":  blocks(`{"type":"actions","elements":[{"type":"button","text":` + pt(long(75)) + `,"value":"` + long(2000) + `","url":"https://x.example/` + long(2980) + `","style":"primary"}]}`),
		"emoji and verb": blocks(`{"type":"section","text":{"type":"mrkdwn","text":"x","verbatim":true},"accessory":{"type":"button","text":{"type":"plain_text","text":"Go","emoji":true}}}`),
		"select groups": blocks(`{"type":"section","text":` + md("pick") + `,"accessory":{"type":"static_select","action_id":"s","placeholder":` + pt("Pick") +
			`,"option_groups":[{"label":` + pt("A") + `,"options":[` + opt("1", "one") + `]},{"label":` + pt("B") + `,"options":[` + opt("2", "two") + `]}],"initial_option":` + opt("2", "two") + `}}`),
		"100 options": blocks(`{"type":"actions","elements":[{"type":"static_select","options":[` + numberedOptions(100) + `]}]}`),
		"checkboxes": blocks(`{"type":"actions","elements":[{"type":"checkboxes","action_id":"c","options":[{"text":` + md("*a*") + `,"value":"a","description":` + pt("first") + `},` + opt("b", "b") +
			`],"initial_options":[{"text":` + md("*a*") + `,"value":"a","description":` + pt("first") + `}]}]}`),
		"pickers":  blocks(`{"type":"actions","elements":[{"type":"datepicker","initial_date":"2026-02-28"},{"type":"timepicker","initial_time":"09:30","timezone":"Europe/Paris"}]}`),
		"overflow": blocks(`{"type":"section","text":` + md("x") + `,"accessory":{"type":"overflow","options":[` + opt("a", "A") + `,{"text":` + pt("Docs") + `,"value":"d","url":"https://example.com"}]}}`),
		"rich text": blocks(`{"type":"rich_text","elements":[{"type":"rich_text_section","elements":[{"type":"text","text":"hi ","style":{"bold":true}},{"type":"user","user_id":"U1"}]},` +
			`{"type":"rich_text_list","style":"bullet","elements":[{"type":"rich_text_section","elements":[{"type":"link","url":"https://example.com"}]}]}]}`),
		"image block":        blocks(`{"type":"image","image_url":"https://example.com/a.png","alt_text":"chart","title":` + pt("Chart") + `}`),
		"markdown block":     blocks(`{"type":"markdown","text":"**hi**"}`),
		"blocks null (Msg)":  `{"text":"hi","blocks":null,"response_type":"ephemeral","replace_original":false}`,
		"ids at 255":         blocks(`{"type":"actions","block_id":"` + long(255) + `","elements":[` + button(long(255), "ok") + `]}`),
		"unicode at the max": blocks(`{"type":"header","text":` + pt(strings.Repeat("é", 150)) + `}`),
	}
	for name, raw := range tests {
		t.Run(name, func(t *testing.T) {
			if err := blockcheck.CheckMessage([]byte(raw)); err != nil {
				t.Fatalf("valid message refused:\n%v", err)
			}
		})
	}
}

func actionButtons(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = button(fmt.Sprintf("b%d", i), "ok")
	}
	return strings.Join(parts, ",")
}

func numberedOptions(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = opt(fmt.Sprint(i), fmt.Sprint("option ", i))
	}
	return strings.Join(parts, ",")
}

func TestCheckMessageInvalid(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want string // substring of the joined error: "<path>: <message>"
	}{
		{"not JSON", `{"text":`, "invalid JSON"},
		{"trailing data", `{"text":"a"} {}`, "data after the top-level value"},
		{"not an object", `"hello"`, "$: must be an object"},
		{"nothing to show", `{"text":""}`, "$: a message needs text or blocks"},
		{"blocks not array", `{"blocks":{}}`, "$.blocks: must be an array"},
		{"51 blocks", blocks(repeat(`{"type":"divider"}`, 51)), "$.blocks: 51 blocks; a message allows at most 50"},
		{"unknown block type", blocks(`{"type":"sectoin","text":` + md("x") + `}`), `$.blocks[0].type: unknown block type string "sectoin"`},
		{"missing block type", blocks(`{"text":` + md("x") + `}`), "$.blocks[0].type: unknown block type null"},
		{"unchecked known block", blocks(`{"type":"table","rows":[]}`), `block type "table" has no rules`},
		{"unknown field", blocks(`{"type":"divider","style":"thick"}`), "$.blocks[0].style: unknown field"},
		{"text over 3000", blocks(section(long(3001))), "$.blocks[0].text.text: 3001 characters; the limit is 3000"},
		{"empty text", blocks(section("")), "$.blocks[0].text.text: must not be empty"},
		{"text missing", blocks(`{"type":"section","text":{"type":"mrkdwn"}}`), "$.blocks[0].text.text: required"},
		{"text not string", blocks(`{"type":"section","text":{"type":"mrkdwn","text":5}}`), "$.blocks[0].text.text: must be a string, got number 5"},
		{"bad text type", blocks(`{"type":"section","text":{"type":"markdown","text":"x"}}`), `$.blocks[0].text.type: text object type string "markdown"`},
		{"emoji on mrkdwn", blocks(`{"type":"section","text":{"type":"mrkdwn","text":"x","emoji":true}}`), "$.blocks[0].text.emoji: unknown field"},
		{"section empty", blocks(`{"type":"section"}`), "$.blocks[0]: a section needs text or fields"},
		{"11 fields", blocks(`{"type":"section","fields":[` + repeat(md("x"), 11) + `]}`), "$.blocks[0].fields: 11 items; the limit is 10"},
		{"field over 2000", blocks(`{"type":"section","fields":[` + md(long(2001)) + `]}`), "$.blocks[0].fields[0].text: 2001 characters; the limit is 2000"},
		{"header over 150", blocks(`{"type":"header","text":` + pt(long(151)) + `}`), "$.blocks[0].text.text: 151 characters; the limit is 150"},
		{"header mrkdwn", blocks(`{"type":"header","text":` + md("x") + `}`), "$.blocks[0].text.type: must be plain_text here"},
		{"26 actions", blocks(`{"type":"actions","elements":[` + actionButtons(26) + `]}`), "$.blocks[0].elements: 26 items; the limit is 25"},
		{"empty actions", blocks(`{"type":"actions","elements":[]}`), "$.blocks[0].elements: 0 items; at least 1 needed"},
		{"button text over 75", blocks(`{"type":"actions","elements":[` + button("a", long(76)) + `]}`), "$.blocks[0].elements[0].text.text: 76 characters; the limit is 75"},
		{"button mrkdwn", blocks(`{"type":"actions","elements":[{"type":"button","text":` + md("x") + `}]}`), "$.blocks[0].elements[0].text.type: must be plain_text here, got mrkdwn"},
		{"button value over 2000", blocks(`{"type":"actions","elements":[{"type":"button","text":` + pt("x") + `,"value":"` + long(2001) + `"}]}`), "$.blocks[0].elements[0].value: 2001 characters; the limit is 2000"},
		{"button url over 3000", blocks(`{"type":"actions","elements":[{"type":"button","text":` + pt("x") + `,"url":"` + long(3001) + `"}]}`), "$.blocks[0].elements[0].url: 3001 characters; the limit is 3000"},
		{"button style", blocks(`{"type":"actions","elements":[{"type":"button","text":` + pt("x") + `,"style":"default"}]}`), `$.blocks[0].elements[0].style: "default": want primary or danger`},
		{"action_id over 255", blocks(`{"type":"actions","elements":[` + button(long(256), "x") + `]}`), "$.blocks[0].elements[0].action_id: 256 characters; the limit is 255"},
		{"block_id over 255", blocks(`{"type":"divider","block_id":"` + long(256) + `"}`), "$.blocks[0].block_id: 256 characters; the limit is 255"},
		{"duplicate block_id", blocks(`{"type":"divider","block_id":"d"}`, `{"type":"divider","block_id":"d"}`), `$.blocks[1].block_id: duplicate block_id "d" (first at $.blocks[0])`},
		{"duplicate action_id", blocks(`{"type":"actions","elements":[` + button("a", "x") + `,` + button("a", "y") + `]}`), `$.blocks[0].elements[1].action_id: duplicate action_id "a"`},
		{"empty block_id", blocks(`{"type":"divider","block_id":""}`), "$.blocks[0].block_id: must not be empty when present"},
		{"input in message", blocks(input(`{"type":"plain_text_input"}`)), "$.blocks[0].type: input blocks are only allowed in modals and Home tabs"},
		{"text input in actions", blocks(`{"type":"actions","elements":[{"type":"plain_text_input"}]}`), `$.blocks[0].elements[0].type: element type string "plain_text_input" is not allowed in an actions block`},
		{"image in actions", blocks(`{"type":"actions","elements":[{"type":"image","image_url":"https://e.x/a.png","alt_text":"a"}]}`), "is not allowed in an actions block"},
		{"11 context elements", blocks(`{"type":"context","elements":[` + repeat(md("x"), 11) + `]}`), "$.blocks[0].elements: 11 items; the limit is 10"},
		{"button in context", blocks(`{"type":"context","elements":[` + button("a", "x") + `]}`), `$.blocks[0].elements[0].type: text object type string "button"`},
		{"101 options", blocks(`{"type":"actions","elements":[{"type":"static_select","options":[` + numberedOptions(101) + `]}]}`), "$.blocks[0].elements[0].options: 101 items; the limit is 100"},
		{"option text over 75", blocks(`{"type":"actions","elements":[{"type":"static_select","options":[` + opt("v", long(76)) + `]}]}`), "$.blocks[0].elements[0].options[0].text.text: 76 characters; the limit is 75"},
		{"option value over 150", blocks(`{"type":"actions","elements":[{"type":"static_select","options":[` + opt(long(151), "x") + `]}]}`), "$.blocks[0].elements[0].options[0].value: 151 characters; the limit is 150"},
		{"option without value", blocks(`{"type":"actions","elements":[{"type":"static_select","options":[{"text":` + pt("x") + `}]}]}`), "$.blocks[0].elements[0].options[0].value: required"},
		{"mrkdwn select option", blocks(`{"type":"actions","elements":[{"type":"static_select","options":[{"text":` + md("x") + `,"value":"v"}]}]}`), "$.blocks[0].elements[0].options[0].text.type: must be plain_text here"},
		{"duplicate option value", blocks(`{"type":"actions","elements":[{"type":"static_select","options":[` + opt("v", "a") + `,` + opt("v", "b") + `]}]}`), `$.blocks[0].elements[0].options[1].value: duplicate option value "v"`},
		{"options and groups", blocks(`{"type":"actions","elements":[{"type":"static_select","options":[` + opt("v", "a") + `],"option_groups":[{"label":` + pt("g") + `,"options":[` + opt("w", "b") + `]}]}]}`), "needs exactly one of options and option_groups"},
		{"initial option unknown", blocks(`{"type":"actions","elements":[{"type":"static_select","options":[` + opt("v", "a") + `],"initial_option":` + opt("w", "a") + `}]}`), `initial option value "w" is not one of the options`},
		{"initial option text differs", blocks(`{"type":"actions","elements":[{"type":"static_select","options":[` + opt("v", "a") + `],"initial_option":` + opt("v", "b") + `}]}`), `initial option text "b" differs from the option's "a"`},
		{"placeholder over 150", blocks(`{"type":"actions","elements":[{"type":"users_select","placeholder":` + pt(long(151)) + `}]}`), "$.blocks[0].elements[0].placeholder.text: 151 characters; the limit is 150"},
		{"11 checkboxes", blocks(`{"type":"actions","elements":[{"type":"checkboxes","options":[` + numberedOptions(11) + `]}]}`), "$.blocks[0].elements[0].options: 11 items; the limit is 10"},
		{"6 overflow options", blocks(`{"type":"section","text":` + md("x") + `,"accessory":{"type":"overflow","options":[` + numberedOptions(6) + `]}}`), "$.blocks[0].accessory.options: 6 items; the limit is 5"},
		{"bad date", blocks(`{"type":"actions","elements":[{"type":"datepicker","initial_date":"28/02/2026"}]}`), `$.blocks[0].elements[0].initial_date: "28/02/2026" is not YYYY-MM-DD`},
		{"bad time", blocks(`{"type":"actions","elements":[{"type":"timepicker","initial_time":"9h30"}]}`), `"9h30" is not HH:mm`},
		{"confirm without deny", blocks(`{"type":"actions","elements":[{"type":"button","text":` + pt("x") + `,"confirm":{"title":` + pt("Sure?") + `,"text":` + pt("Really") + `,"confirm":` + pt("Yes") + `}}]}`), "$.blocks[0].elements[0].confirm.deny: required"},
		{"confirm title over 100", blocks(`{"type":"actions","elements":[{"type":"button","text":` + pt("x") + `,"confirm":{"title":` + pt(long(101)) + `,"text":` + pt("t") + `,"confirm":` + pt("Y") + `,"deny":` + pt("N") + `}}]}`), "$.blocks[0].elements[0].confirm.title.text: 101 characters; the limit is 100"},
		{"image without alt", blocks(`{"type":"image","image_url":"https://example.com/a.png"}`), "$.blocks[0].alt_text: required"},
		{"image without source", blocks(`{"type":"image","alt_text":"a"}`), "$.blocks[0]: an image needs image_url or slack_file"},
		{"rich text unknown leaf", blocks(`{"type":"rich_text","elements":[{"type":"rich_text_section","elements":[{"type":"bold","text":"x"}]}]}`), `$.blocks[0].elements[0].elements[0].type: unknown rich text leaf string "bold"`},
		{"message text over 40000", `{"text":"` + long(40001) + `"}`, "$.text: 40001 characters; the limit is 40000"},
		{"markdown total over 12000", blocks(`{"type":"markdown","text":"`+long(7000)+`"}`, `{"type":"markdown","text":"`+long(7000)+`"}`), "$.blocks[1].text: markdown blocks of one payload total 14000 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := blockcheck.CheckMessage([]byte(tt.raw))
			if err == nil {
				t.Fatal("no problem found")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("problems:\n%v\ndo not contain %q", err, tt.want)
			}
		})
	}
}

func TestCheckViewValid(t *testing.T) {
	tests := map[string]string{
		"modal with inputs": modal(
			input(`{"type":"plain_text_input","action_id":"goals","multiline":true,"min_length":1,"max_length":3000,"initial_value":"x"}`),
			`{"type":"input","block_id":"mgr","optional":true,"label":`+pt("Manager")+`,"hint":`+pt("never paired")+`,"element":{"type":"users_select","action_id":"m"}}`,
			`{"type":"input","block_id":"n","label":`+pt("Capacity")+`,"element":{"type":"number_input","is_decimal_allowed":false,"min_value":"1"}}`,
			`{"type":"input","block_id":"c","label":`+pt("Cadence")+`,"element":{"type":"radio_buttons","options":[`+opt("weekly", "Weekly")+`],"initial_option":`+opt("weekly", "Weekly")+`}}`,
		),
		"modal title at 24":      `{"type":"modal","title":` + pt(long(24)) + `,"close":` + pt(long(24)) + `,"blocks":[]}`,
		"modal without inputs":   `{"type":"modal","title":` + pt("Hi") + `,"blocks":[` + section("no submit needed") + `]}`,
		"modal 100 blocks":       modal(repeat(`{"type":"divider"}`, 100)),
		"modal metadata at 3000": `{"type":"modal","title":` + pt("Hi") + `,"private_metadata":"` + long(3000) + `","callback_id":"` + long(255) + `","notify_on_close":true,"blocks":[]}`,
		"home":                   home(`{"type":"header","text":`+pt("Mentoring")+`}`, `{"type":"actions","elements":[`+button("edit", "Edit profile")+`]}`),
		"home 100 blocks":        home(repeat(`{"type":"divider"}`, 100)),
		"home input":             home(input(`{"type":"static_select","options":[` + opt("a", "A") + `]}`)),
	}
	for name, raw := range tests {
		t.Run(name, func(t *testing.T) {
			if err := blockcheck.CheckView([]byte(raw)); err != nil {
				t.Fatalf("valid view refused:\n%v", err)
			}
		})
	}
}

func TestCheckViewInvalid(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want string
	}{
		{"not object", `[]`, "$: a view must be a JSON object"},
		{"no type", `{"blocks":[]}`, `$.type: view type null: want "modal" or "home"`},
		{"workflow_step", `{"type":"workflow_step","blocks":[]}`, `view type string "workflow_step"`},
		{"no blocks", `{"type":"home"}`, "$.blocks: a view needs a blocks array"},
		{"modal without title", `{"type":"modal","blocks":[]}`, "$.title: required"},
		{"modal title over 24", `{"type":"modal","title":` + pt(long(25)) + `,"blocks":[]}`, "$.title.text: 25 characters; the limit is 24"},
		{"modal submit over 24", `{"type":"modal","title":` + pt("x") + `,"submit":` + pt(long(25)) + `,"blocks":[]}`, "$.submit.text: 25 characters; the limit is 24"},
		{"modal close mrkdwn", `{"type":"modal","title":` + pt("x") + `,"close":` + md("x") + `,"blocks":[]}`, "$.close.type: must be plain_text here"},
		{"input without submit", `{"type":"modal","title":` + pt("x") + `,"blocks":[` + input(`{"type":"plain_text_input"}`) + `]}`, "$.submit: a modal with input blocks needs a submit button"},
		{"101 modal blocks", modal(repeat(`{"type":"divider"}`, 101)), "$.blocks: 101 blocks; a modal allows at most 100"},
		{"101 home blocks", home(repeat(`{"type":"divider"}`, 101)), "$.blocks: 101 blocks; a home allows at most 100"},
		{"metadata over 3000", `{"type":"home","private_metadata":"` + long(3001) + `","blocks":[]}`, "$.private_metadata: 3001 characters; the limit is 3000"},
		{"callback_id over 255", `{"type":"home","callback_id":"` + long(256) + `","blocks":[]}`, "$.callback_id: 256 characters; the limit is 255"},
		{"home with title", `{"type":"home","title":` + pt("x") + `,"blocks":[]}`, "$.title: unknown field"},
		{"view over 250 KB", home(repeat(section(long(2900)), 90)), "$: view is"},
		{"input without element", modal(`{"type":"input","label":` + pt("x") + `}`), "$.blocks[0].element: required"},
		{"input without label", modal(`{"type":"input","element":{"type":"plain_text_input"}}`), "$.blocks[0].label: required"},
		{"input label over 2000", modal(`{"type":"input","label":` + pt(long(2001)) + `,"element":{"type":"plain_text_input"}}`), "$.blocks[0].label.text: 2001 characters; the limit is 2000"},
		{"input label mrkdwn", modal(`{"type":"input","label":` + md("x") + `,"element":{"type":"plain_text_input"}}`), "$.blocks[0].label.type: must be plain_text here"},
		{"button in input", modal(input(button("a", "x"))), `$.blocks[0].element.type: element type string "button" is not allowed in an input block`},
		{"max_length over 3000", modal(input(`{"type":"plain_text_input","max_length":3001}`)), "$.blocks[0].element.max_length: 3001 is outside 1..3000"},
		{"min over max", modal(input(`{"type":"plain_text_input","min_length":10,"max_length":5}`)), "$.blocks[0].element.min_length: 10 is greater than max_length 5"},
		{"initial value over max", modal(input(`{"type":"plain_text_input","max_length":5,"initial_value":"123456"}`)), "$.blocks[0].element.initial_value: 6 characters; the limit is 5"},
		{"number input without decimal flag", modal(input(`{"type":"number_input"}`)), "$.blocks[0].element.is_decimal_allowed: required"},
		{"markdown in modal", modal(`{"type":"markdown","text":"x"}`), "$.blocks[0].type: markdown blocks are only allowed in messages, not in a modal"},
		{"file block in home", home(`{"type":"file","external_id":"x","source":"remote"}`), "$.blocks[0].type: file blocks are only allowed in messages"},
		{"file_input in home", home(input(`{"type":"file_input"}`)), "file_input works only in modals"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := blockcheck.CheckView([]byte(tt.raw))
			if err == nil {
				t.Fatal("no problem found")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("problems:\n%v\ndo not contain %q", err, tt.want)
			}
		})
	}
}

// TestAllProblemsReported checks that problems are not cut short at the first
// one and that each carries its JSON path.
func TestAllProblemsReported(t *testing.T) {
	raw := `{"type":"modal","title":` + pt(long(30)) + `,"blocks":[` +
		`{"type":"header","text":` + md("x") + `},` +
		`{"type":"actions","elements":[` + button("a", long(80)) + `]}]}`
	err := blockcheck.CheckView([]byte(raw))
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		t.Fatalf("want errors.Join result, got %T: %v", err, err)
	}
	var paths []string
	for _, e := range joined.Unwrap() {
		var p *blockcheck.Problem
		if !errors.As(e, &p) {
			t.Fatalf("%v is not a *Problem", e)
		}
		paths = append(paths, p.Path)
	}
	want := []string{"$.title.text", "$.blocks[0].text.type", "$.blocks[1].elements[0].text.text"}
	if strings.Join(paths, " ") != strings.Join(want, " ") {
		t.Fatalf("problem paths = %q, want %q", paths, want)
	}
}
