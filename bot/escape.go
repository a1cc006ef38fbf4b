package bot

import "strings"

var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// EscapeMrkdwn makes user text safe inside mrkdwn: Slack reads only &, < and
// > as control characters, so escaping them stops links, mentions and
// @channel/@here pings. (*, _ and ~ cannot be escaped; text whose look
// matters is shown as plain_text instead.)
func EscapeMrkdwn(s string) string { return mrkdwnEscaper.Replace(s) }
