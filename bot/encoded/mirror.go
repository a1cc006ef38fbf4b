package encoded

import "github.com/slack-go/slack"

// message mirrors, in plain Go values, the JSON slack-go writes for a
// private answer made of headers, sections, dividers and contexts of
// texts (help's and status's). The ack's encoder (slack-go's
// socketmode.Client.Ack, through encoding/json) writes these structs
// several times faster than the same answer as a map of slack.Block
// interfaces, and a json.RawMessage it would validate and compact byte by
// byte (BenchmarkEncode).
type message struct {
	Blocks       []block `json:"blocks,omitempty"`
	ResponseType string  `json:"response_type"`
	Text         string  `json:"text"`
}

// block is a header, section, divider or context (Elements) block.
type block struct {
	Type     string `json:"type"`
	BlockID  string `json:"block_id,omitempty"`
	Text     *text  `json:"text,omitempty"`
	Fields   []text `json:"fields,omitempty"`
	Elements []text `json:"elements,omitempty"`
}

// text is slack.TextBlockObject's JSON.
type text struct {
	Type     string `json:"type"`
	Text     string `json:"text"`
	Emoji    *bool  `json:"emoji,omitempty"`
	Verbatim bool   `json:"verbatim,omitempty"`
}

// Ephemeral is the private answer of text and blocks, as plain structs
// that encode to the same JSON as slack-go's types in a map when every
// block is one the mirror says exactly; else (a button, an image, a header
// level) as slack-go's types in a map.
func Ephemeral(answer string, blocks []slack.Block) any {
	if m, ok := mirror(answer, blocks); ok {
		return m
	}
	msg := map[string]any{"response_type": slack.ResponseTypeEphemeral, "text": answer}
	if len(blocks) > 0 {
		msg["blocks"] = blocks
	}
	return msg
}

// mirror is the answer as a message, if the mirror can say it.
func mirror(answer string, blocks []slack.Block) (*message, bool) {
	m := &message{ResponseType: slack.ResponseTypeEphemeral, Text: answer, Blocks: make([]block, 0, len(blocks))}
	for _, b := range blocks {
		mb, ok := mirrorBlock(b)
		if !ok {
			return nil, false
		}
		m.Blocks = append(m.Blocks, mb)
	}
	return m, true
}

func mirrorBlock(b slack.Block) (block, bool) {
	switch b := b.(type) {
	case *slack.HeaderBlock:
		return block{Type: string(b.Type), BlockID: b.BlockID, Text: mirrorText(b.Text)}, b.Level == 0
	case *slack.SectionBlock:
		fields, ok := mirrorTexts(b.Fields)
		return block{Type: string(b.Type), BlockID: b.BlockID, Text: mirrorText(b.Text), Fields: fields}, ok && b.Accessory == nil && !b.Expand
	case *slack.DividerBlock:
		return block{Type: string(b.Type), BlockID: b.BlockID}, true
	case *slack.ContextBlock:
		els := b.ContextElements.Elements
		out := block{Type: string(b.Type), BlockID: b.BlockID, Elements: make([]text, len(els))}
		for i, e := range els {
			t, ok := e.(*slack.TextBlockObject)
			if !ok || t == nil {
				return block{}, false
			}
			out.Elements[i] = *mirrorText(t)
		}
		return out, len(els) > 0
	}
	return block{}, false
}

// mirrorText is t's mirror (nil for nil: left out, as slack-go does).
func mirrorText(t *slack.TextBlockObject) *text {
	if t == nil {
		return nil
	}
	return &text{Type: t.Type, Text: t.Text, Emoji: t.Emoji, Verbatim: t.Verbatim}
}

// mirrorTexts mirrors a list of texts; a nil one (JSON null) has no mirror.
func mirrorTexts(ts []*slack.TextBlockObject) ([]text, bool) {
	if len(ts) == 0 {
		return nil, true
	}
	out := make([]text, len(ts))
	for i, t := range ts {
		if t == nil {
			return nil, false
		}
		out[i] = *mirrorText(t)
	}
	return out, true
}
