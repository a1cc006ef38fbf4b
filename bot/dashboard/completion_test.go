package dashboard

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

func TestCompletionWords(t *testing.T) {
	for _, c := range []struct {
		completed, early, min int
		want                  string
	}{
		{0, 0, 5, "none yet"},
		{6, 5, 5, "6 completed · 5 ended early"},
		{9, 2, 5, "11 (split into completed and ended early once each side has 5)"},
		{0, 7, 5, "7 (split into completed and ended early once each side has 5)"},
		{1, 0, 1, "1 completed · 0 ended early"},
	} {
		d := store.Dashboard{Completed: c.completed, EndedEarly: c.early, MinGroup: c.min}
		if got := completionWords(d); got != c.want {
			t.Errorf("%+v: %q, want %q", c, got, c.want)
		}
		if !strings.Contains(string(mustJSON(t, Blocks(d))), "Pairings ended") {
			t.Errorf("the dashboard does not show completion")
		}
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
