package encoded

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/slack-go/slack"
)

// ephemeralAsMap is the answer as slack-go's own types in a map: the JSON
// a mirror must match, and what Ephemeral gives when it cannot.
func ephemeralAsMap(answer string, blocks []slack.Block) map[string]any {
	msg := map[string]any{"response_type": slack.ResponseTypeEphemeral, "text": answer}
	if len(blocks) > 0 {
		msg["blocks"] = blocks
	}
	return msg
}

// A mirror encodes to the same JSON value as slack-go's types; what it
// cannot say is left in slack-go's types, never said differently.
func TestEphemeralEncodesAsSlackGoDoes(t *testing.T) {
	no := false
	mrkdwn := slack.NewTextBlockObject(slack.MarkdownType, "<@U1> & *you* \"q\" é", false, false)
	verbatim := slack.NewTextBlockObject(slack.MarkdownType, "x", false, true)
	plain := slack.NewTextBlockObject(slack.PlainTextType, "a", true, false)
	plainNoEmoji := &slack.TextBlockObject{Type: slack.PlainTextType, Text: "b", Emoji: &no}
	emptyText := slack.NewTextBlockObject(slack.PlainTextType, "", false, false)
	button := slack.NewButtonBlockElement("a", "v", plain)
	image := slack.NewImageBlockElement("https://example.com/i.png", "i")
	level := slack.NewHeaderBlock(plain)
	level.Level = 2
	expand := slack.NewSectionBlock(mrkdwn, nil, nil)
	expand.Expand = true
	for _, tc := range []struct {
		name     string
		answer   string
		blocks   []slack.Block
		mirrored bool
	}{
		{"text only", "hi", nil, true},
		{"an empty answer", "", nil, true},
		{"help's and status's blocks", "status", []slack.Block{
			slack.NewHeaderBlock(plain),
			slack.NewSectionBlock(mrkdwn, nil, nil, slack.SectionBlockOptionBlockID("b1")),
			slack.NewDividerBlock(),
			slack.NewSectionBlock(nil, []*slack.TextBlockObject{mrkdwn, verbatim, plainNoEmoji, emptyText}, nil),
			slack.NewContextBlock("c1", mrkdwn, plain),
		}, true},
		{"a button", "t", []slack.Block{slack.NewSectionBlock(mrkdwn, nil, slack.NewAccessory(button))}, false},
		{"an image in a context", "t", []slack.Block{slack.NewContextBlock("", image)}, false},
		{"an empty context", "t", []slack.Block{slack.NewContextBlock("")}, false},
		{"a nil field", "t", []slack.Block{slack.NewSectionBlock(nil, []*slack.TextBlockObject{nil}, nil)}, false},
		{"a header level", "t", []slack.Block{level}, false},
		{"an expanded section", "t", []slack.Block{expand}, false},
		{"actions", "t", []slack.Block{slack.NewActionBlock("a", button)}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Ephemeral(tc.answer, tc.blocks)
			if _, ok := got.(*message); ok != tc.mirrored {
				t.Fatalf("mirrored %v, want %v", ok, tc.mirrored)
			}
			want := encode(t, ephemeralAsMap(tc.answer, tc.blocks))
			if enc := encode(t, got); !sameJSON(t, enc, want) {
				t.Errorf("encodes to\n%s\nwant the value of\n%s", enc, want)
			}
		})
	}
}

// sameJSON tells whether a and b hold the same JSON value.
func sameJSON(t *testing.T, a, b string) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal([]byte(a), &x); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(b), &y); err != nil {
		t.Fatal(err)
	}
	return reflect.DeepEqual(x, y)
}

// BenchmarkEncode encodes status's answer in an ack as slack-go's types in
// a map (bot.AckReply before mirrors) and as a mirror.
func BenchmarkEncode(b *testing.B) {
	field := func(s string) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
	}
	blocks := []slack.Block{
		slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, "Your mentorship status", false, false)),
		slack.NewSectionBlock(nil, []*slack.TextBlockObject{field("*Role*\nMentee"), field("*Status*\nActive"), field("*Cadence*\nWeekly"), field("*Last check-in*\nMon 30 Nov 2026, 10:00")}, nil),
		slack.NewSectionBlock(field("*Your mentor:* <@U0MENTOR>, since 1 Sep 2026\nNext check-in: Mon 7 Dec 2026, 10:00"), nil, nil),
	}
	mirror := Ephemeral("Your mentorship status", blocks)
	for _, kept := range []struct {
		name string
		v    any
	}{{"slack-go", ephemeralAsMap("Your mentorship status", blocks)}, {"mirror", mirror}} {
		b.Run(kept.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := json.Marshal(struct {
					EnvelopeID string `json:"envelope_id"`
					Payload    any    `json:"payload"`
				}{"e", kept.v}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
