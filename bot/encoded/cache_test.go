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

// A mirror is kept as it is; anything else is kept encoded.
func TestCacheKeepsMirrorsAsTheyAre(t *testing.T) {
	var c Cache[int]
	m := Ephemeral("t", nil)
	if got := c.Get(0, func() any { return m }); got != m {
		t.Errorf("kept %T, want the mirror itself", got)
	}
	if got := c.Get(1, func() any { return map[string]string{"text": "t"} }); string(got.(json.RawMessage)) != `{"text":"t"}` {
		t.Errorf("kept %v, want the JSON", got)
	}
}

func encode(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
