package blockcheck

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// The fuzz targets' property for everything built from what people type:
// nothing typed reaches a message as markup: no <!channel>/<!here>/
// <!everyone>, no raw <, > or & except the bot's own mentions, entities and
// quote marks.

// botMarkup is what the bot itself writes in mrkdwn: a user or channel
// mention built from a Slack ID.
var botMarkup = regexp.MustCompile(`^<[@#][UWC][A-Z0-9]{2,20}(\|[^<>&]*)?>`)

// MrkdwnProblem says why text, sent as mrkdwn, would let user text act as
// markup, or "" when it is safe.
func MrkdwnProblem(text string) string {
	for _, ping := range []string{"<!channel", "<!here", "<!everyone", "<!subteam"} {
		if strings.Contains(text, ping) {
			return "raw " + ping + ">"
		}
	}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '<':
			m := botMarkup.FindString(text[i:])
			if m == "" {
				return fmt.Sprintf("unescaped < at %d", i)
			}
			i += len(m) - 1
		case '>':
			// The bot's block quotes start a line with >; user text
			// cannot, since its > became &gt;.
			if i > 0 && text[i-1] != '\n' {
				return fmt.Sprintf("unescaped > at %d", i)
			}
		case '&':
			rest := text[i:]
			if !strings.HasPrefix(rest, "&amp;") && !strings.HasPrefix(rest, "&lt;") && !strings.HasPrefix(rest, "&gt;") {
				return fmt.Sprintf("unescaped & at %d", i)
			}
		}
	}
	return ""
}

// Mrkdwn walks the JSON of blocks (or a view) and fails t on any mrkdwn
// text object where user text could act as markup.
func Mrkdwn(t TB, what string, v any) {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	var tree any
	if err := json.Unmarshal(raw, &tree); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	var walk func(n any)
	walk = func(n any) {
		switch n := n.(type) {
		case map[string]any:
			if n["type"] == "mrkdwn" {
				if s, ok := n["text"].(string); ok {
					if p := MrkdwnProblem(s); p != "" {
						t.Fatalf("%s: %s in mrkdwn %q", what, p, s)
					}
				}
			}
			for _, c := range n {
				walk(c)
			}
		case []any:
			for _, c := range n {
				walk(c)
			}
		}
	}
	walk(tree)
}

// MrkdwnText fails t when text, sent as mrkdwn, lets user text act as
// markup.
func MrkdwnText(t TB, what, text string) {
	t.Helper()
	if p := MrkdwnProblem(text); p != "" {
		t.Fatalf("%s: %s in %q", what, p, text)
	}
}
