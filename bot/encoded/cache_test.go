package encoded

import (
	"testing"
)

// An answer is encoded once per key, until Reset.
func TestCacheEncodesOncePerKey(t *testing.T) {
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
		if got := string(c.Get(step.key, build(step.text))); got != step.want || builds != step.builds {
			t.Errorf("Get(%v) = %s after %d builds, want %s after %d", step.key, got, builds, step.want, step.builds)
		}
	}
	c.Reset()
	if got := string(c.Get(true, build("d"))); got != `{"text":"d"}` {
		t.Errorf("after Reset: %s, want the answer built again", got)
	}
}
