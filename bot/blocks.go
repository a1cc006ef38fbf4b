package bot

import (
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// Small Block Kit and text helpers every capability builds its messages
// with.

// InputAction is the action_id of the single element an input block holds.
const InputAction = "value"

// Plain is a plain_text object.
func Plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}

// Mrkdwn is a mrkdwn text object.
func Mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

// Option is a static select or radio button option.
func Option(value, label string) *slack.OptionBlockObject {
	return slack.NewOptionBlockObject(value, Plain(label), nil)
}

// StateValue reads the element "value" of an input block.
func StateValue(st *slack.ViewState, blockID string) (slack.BlockAction, bool) {
	if st == nil {
		return slack.BlockAction{}, false
	}
	blk, ok := st.Values[blockID]
	if !ok {
		return slack.BlockAction{}, false
	}
	v, ok := blk[InputAction]
	return v, ok
}

// Mention is a user mention Slack renders as their name.
func Mention(user string) string { return "<@" + user + ">" }

// slackUnescaper undoes Slack's escaping of slash-command text (&, <, >
// arrive as entities), so quoting it back does not show "&amp;lt;".
var slackUnescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// Quote shows untrusted text inside a reply safely.
func Quote(s string) string {
	s = slackUnescaper.Replace(s)
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:40]) + "…"
	}
	return "“" + EscapeMrkdwn(s) + "”"
}

// EscapeCode shows untrusted text inside `code` safely.
func EscapeCode(s string) string {
	s = slackUnescaper.Replace(s)
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:40]) + "…"
	}
	return strings.ReplaceAll(EscapeMrkdwn(s), "`", "'")
}
