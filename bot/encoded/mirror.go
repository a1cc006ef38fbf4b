package encoded

import (
	"bytes"
	"encoding/json"
	"reflect"
)

// message mirrors, in plain Go values, the JSON of a message made of
// sections and dividers (help's answer). The ack's encoder (slack-go's
// socketmode.Client.Ack, through encoding/json) validates and compacts a
// json.RawMessage byte by byte: 11.9 µs for help's answer here, against
// 4.0 µs for the same message held in these structs (BenchmarkEncodeHelp).
type message struct {
	Blocks       []block `json:"blocks,omitempty"`
	ResponseType string  `json:"response_type,omitempty"`
	Text         string  `json:"text,omitempty"`
}

type block struct {
	Type    string `json:"type"`
	BlockID string `json:"block_id,omitempty"`
	Text    *text  `json:"text,omitempty"`
	Fields  []text `json:"fields,omitempty"`
}

type text struct {
	Type     string `json:"type"`
	Text     string `json:"text"`
	Emoji    *bool  `json:"emoji,omitempty"`
	Verbatim *bool  `json:"verbatim,omitempty"`
}

// mirrored is raw as a message when a message says exactly what raw says
// (same JSON value once decoded), else raw itself.
func mirrored(raw json.RawMessage) any {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var m message
	if dec.Decode(&m) != nil {
		return raw
	}
	again, err := json.Marshal(&m)
	if err != nil || !sameJSON(raw, again) {
		return raw // e.g. an empty string the mirror would leave out
	}
	return &m
}

// sameJSON tells whether a and b hold the same JSON value.
func sameJSON(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}
