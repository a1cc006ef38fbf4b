package encoded

import (
	"encoding/json"
	"testing"
)

// An answer is built once per key, until Reset.
func TestCacheBuildsOncePerKey(t *testing.T) {
	var c Cache[bool]
	builds := 0
	build := func(v string) func() any {
		return func() any { builds++; return map[string]string{"text": v} }
	}
	for _, step := range []struct {
		key    bool
		text   string
		want   string
		builds int
	}{
		{true, "a", `{"text":"a"}`, 1},
		{true, "b", `{"text":"a"}`, 1}, // kept: not built again
		{false, "c", `{"text":"c"}`, 2},
	} {
		if got := encode(t, c.Get(step.key, build(step.text))); got != step.want || builds != step.builds {
			t.Errorf("Get(%v) = %s after %d builds, want %s after %d", step.key, got, builds, step.want, step.builds)
		}
	}
	c.Reset()
	if got := encode(t, c.Get(true, build("d"))); got != `{"text":"d"}` {
		t.Errorf("after Reset: %s, want the answer built again", got)
	}
}

// A message of sections and dividers is kept as plain structs; anything
// the structs cannot say exactly is kept as the JSON itself. Either way
// it encodes to the same JSON value as the answer built.
func TestCacheKeepsWhatEncodesTheSame(t *testing.T) {
	for _, tc := range []struct {
		name     string
		answer   string
		mirrored bool
	}{
		{"help", `{"response_type":"ephemeral","text":"mentorbot help","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"<@U1> & *you*"}},{"type":"divider"},{"type":"section","fields":[{"type":"plain_text","text":"a","emoji":true}]}]}`, true},
		{"a button", `{"text":"t","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"x"},"accessory":{"type":"button","text":{"type":"plain_text","text":"Met"},"action_id":"a"}}]}`, false},
		{"an empty text", `{"text":"","blocks":[{"type":"divider"}]}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c Cache[int]
			got := c.Get(0, func() any { return json.RawMessage(tc.answer) })
			if _, ok := got.(*message); ok != tc.mirrored {
				t.Errorf("kept as %T, want mirrored %v", got, tc.mirrored)
			}
			if enc := encode(t, got); !sameJSON([]byte(enc), []byte(tc.answer)) {
				t.Errorf("encodes to %s, want the value of %s", enc, tc.answer)
			}
		})
	}
}

func encode(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func BenchmarkEncodeHelp(b *testing.B) {
	answer := json.RawMessage(`{"blocks":[{"type":"section","text":{"type":"mrkdwn","text":"*mentorbot* runs our mentorship program: sign up, get matched with a mentor, and check in weekly."}},{"type":"section","text":{"type":"mrkdwn","text":"` + "`/mentor profile`  edit your profile\\n`/mentor status`  your role, pairings and check-ins\\n`/mentor pause [weeks]`  no matching and no check-ins for a while\\n`/mentor feedback`  tell us how your pairing is going (confidential)\\n`/mentor goals`  see your pairing's goals and their progress\\n`/mentor export`  get everything I store about you, as a file\\n`/mentor leave`  leave the program and erase your data" + `"}}],"response_type":"ephemeral","text":"mentorbot help"}`)
	for _, kept := range []struct {
		name string
		v    any
	}{{"raw", answer}, {"mirrored", mirrored(answer)}} {
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
