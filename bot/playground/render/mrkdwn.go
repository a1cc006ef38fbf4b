package render

import (
	"html"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mentorbot/mentorbot/bot/playground/wire"
)

// Slack's mrkdwn is parsed here into safe HTML. The approach keeps every
// piece of the input escaped: control sequences (<…>) and code spans are
// cut out first and replaced by placeholders, the rest is HTML-escaped,
// then *bold*, _italic_ and ~strike~ markers are turned into tags, and the
// placeholders are filled with HTML built from escaped parts. No input
// byte reaches the output unescaped.

// placeholder marks an atom in the text being formatted. NUL never
// survives into the text (stripped first), so it cannot be forged.
func placeholder(i int) string { return "\x00" + strconv.Itoa(i) + "\x00" }

var placeholderRE = regexp.MustCompile("\x00([0-9]+)\x00")

// plainText renders a plain_text object's text: entities are not special
// in plain_text, so it is escaped as is (emoji short codes are shown).
func (r *Renderer) plainText(s string, emoji bool) string {
	out := html.EscapeString(s)
	if emoji {
		out = replaceEmoji(out)
	}
	return out
}

// Mrkdwn renders Slack mrkdwn as HTML.
func (r *Renderer) Mrkdwn(s string) string {
	s = strings.ReplaceAll(s, "\x00", "")
	var atoms []string
	add := func(h string) string {
		atoms = append(atoms, h)
		return placeholder(len(atoms) - 1)
	}

	// 1. Control sequences: <@U…>, <#C…>, <!here>, <url|text>.
	var b strings.Builder
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		b.WriteString(add(r.controlSeq(s[i+1 : i+j])))
		s = s[i+j+1:]
	}
	text := wire.DecodeEntities(b.String())

	// 2. Code: ```pre``` and `code`; their content is shown verbatim.
	text = replaceCode(text, "```", func(code string) string {
		return add(`<pre class="md-pre">` + codeHTML(strings.Trim(code, "\n"), atoms) + `</pre>`)
	})
	text = replaceCode(text, "`", func(code string) string {
		if strings.Contains(code, "\n") {
			return ""
		}
		return add(`<code class="md-code">` + codeHTML(code, atoms) + `</code>`)
	})

	// 3. Escape, then style.
	out := html.EscapeString(text)
	out = style(out, '*', "<b>", "</b>")
	out = style(out, '_', "<i>", "</i>")
	out = style(out, '~', "<s>", "</s>")
	out = replaceEmoji(out)
	out = quotes(out)
	out = strings.ReplaceAll(out, "\n", "<br>")

	// 4. Fill the placeholders (atoms may hold earlier placeholders only
	// inside code, which codeHTML already resolved).
	return placeholderRE.ReplaceAllStringFunc(out, func(m string) string {
		i, err := strconv.Atoi(strings.Trim(m, "\x00"))
		if err != nil || i >= len(atoms) {
			return ""
		}
		return atoms[i]
	})
}

// replaceCode replaces each fence-delimited span with f(content). A fence
// without a closing one is left as text. Returning "" from f keeps the
// span as text.
func replaceCode(s, fence string, f func(string) string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, fence)
		if i < 0 {
			break
		}
		j := strings.Index(s[i+len(fence):], fence)
		if j < 0 || (j == 0 && fence == "`") {
			b.WriteString(s[:i+len(fence)])
			s = s[i+len(fence):]
			continue
		}
		code := s[i+len(fence) : i+len(fence)+j]
		rep := f(code)
		if rep == "" {
			b.WriteString(s[:i+len(fence)])
			s = s[i+len(fence):]
			continue
		}
		b.WriteString(s[:i])
		b.WriteString(rep)
		s = s[i+len(fence)+j+len(fence):]
	}
	b.WriteString(s)
	return b.String()
}

// codeHTML escapes code, showing any atom inside it as its text only.
func codeHTML(code string, atoms []string) string {
	var b strings.Builder
	last := 0
	for _, m := range placeholderRE.FindAllStringSubmatchIndex(code, -1) {
		b.WriteString(html.EscapeString(code[last:m[0]]))
		if i, err := strconv.Atoi(code[m[2]:m[3]]); err == nil && i < len(atoms) {
			b.WriteString(html.EscapeString(tagText(atoms[i])))
		}
		last = m[1]
	}
	b.WriteString(html.EscapeString(code[last:]))
	return b.String()
}

// tagText is the visible text of an HTML fragment built by this file.
var tagRE = regexp.MustCompile(`<[^>]*>`)

func tagText(h string) string { return html.UnescapeString(tagRE.ReplaceAllString(h, "")) }

// style wraps text between a pair of markers (Slack's rules: the opening
// marker follows a start, space or punctuation and is followed by a
// non-space; the closing one is preceded by a non-space and followed by an
// end, space or punctuation; no line break inside).
func style(s string, marker byte, open, close string) string {
	if strings.IndexByte(s, marker) < 0 {
		return s
	}
	var b strings.Builder
	i := 0
	for i < len(s) {
		if s[i] != marker || !boundaryBefore(s, i) || i+1 >= len(s) || isSpaceByte(s[i+1]) || s[i+1] == marker {
			b.WriteByte(s[i])
			i++
			continue
		}
		end := -1
		for j := i + 2; j < len(s); j++ {
			if s[j] == '\n' {
				break
			}
			if s[j] == marker && !isSpaceByte(s[j-1]) && boundaryAfter(s, j+1) {
				end = j
				break
			}
		}
		if end < 0 {
			b.WriteByte(s[i])
			i++
			continue
		}
		b.WriteString(open)
		b.WriteString(s[i+1 : end])
		b.WriteString(close)
		i = end + 1
	}
	return b.String()
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// boundaryBefore: position i starts the text or follows a space or
// punctuation (not a letter, digit or another marker's word).
func boundaryBefore(s string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !isWordRune(r)
}

// boundaryAfter: position i ends the text or holds a space or punctuation.
func boundaryAfter(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return !isWordRune(r)
}

// isWordRune: letters and digits glue markers to words (snake_case stays
// as is). The NUL of a placeholder counts as punctuation so that
// *<@U1>* is bold.
func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// quotes turns lines starting with "> " (escaped: "&gt; ") into quotes.
func quotes(s string) string {
	if !strings.Contains(s, "&gt;") {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if rest, ok := strings.CutPrefix(l, "&gt;"); ok {
			lines[i] = `<span class="md-quote">` + strings.TrimPrefix(rest, " ") + `</span>`
		}
	}
	return strings.Join(lines, "\n")
}

// controlSeq renders one <…> sequence (without its brackets).
func (r *Renderer) controlSeq(seq string) string {
	target, label, hasLabel := strings.Cut(seq, "|")
	label = wire.DecodeEntities(label)
	switch {
	case strings.HasPrefix(target, "@"):
		id := target[1:]
		name := r.userName(id)
		if name == "" {
			name = label
		}
		if name == "" {
			name = id
		}
		return `<span class="md-mention">@` + html.EscapeString(name) + `</span>`
	case strings.HasPrefix(target, "#"):
		name := label
		if n, ok := r.dir.Channels[target[1:]]; ok && n != "" {
			name = n
		}
		if name == "" {
			name = target[1:]
		}
		return `<span class="md-mention">#` + html.EscapeString(name) + `</span>`
	case strings.HasPrefix(target, "!"):
		cmd, _, _ := strings.Cut(target[1:], "^")
		switch cmd {
		case "here", "channel", "everyone":
			return `<span class="md-mention md-broadcast">@` + cmd + `</span>`
		}
		if hasLabel {
			return html.EscapeString(label)
		}
		return html.EscapeString(wire.DecodeEntities("<" + seq + ">"))
	}
	u := wire.DecodeEntities(target)
	if !hasLabel {
		label = u
	}
	if href := safeURL(u); href != "" {
		return `<a class="md-link" href="` + html.EscapeString(href) + `" target="_blank" rel="noopener noreferrer">` + html.EscapeString(label) + `</a>`
	}
	return html.EscapeString(label)
}

// safeURL returns u if it is an http(s) or mailto URL, "" otherwise
// (javascript:, data: and the like never become links).
func safeURL(u string) string {
	u = strings.TrimSpace(u)
	lower := strings.ToLower(u)
	for _, p := range []string{"https://", "http://", "mailto:"} {
		if strings.HasPrefix(lower, p) && len(u) > len(p) {
			return u
		}
	}
	return ""
}

// emoji maps the short codes a mentorship bot is likely to use; others
// stay as typed, like Slack shows unknown ones.
var emoji = map[string]string{
	"wave": "👋", "tada": "🎉", "calendar": "📅", "spiral_calendar_pad": "🗓️", "white_check_mark": "✅",
	"heavy_check_mark": "✔️", "warning": "⚠️", "handshake": "🤝", "sparkles": "✨", "seedling": "🌱",
	"star": "⭐", "bulb": "💡", "memo": "📝", "x": "❌", "hourglass": "⏳", "raised_hands": "🙌",
	"speech_balloon": "💬", "bar_chart": "📊", "busts_in_silhouette": "👥", "pray": "🙏",
	"thumbsup": "👍", "+1": "👍", "thumbsdown": "👎", "-1": "👎", "rocket": "🚀", "books": "📚",
	"mag": "🔍", "email": "📧", "envelope": "✉️", "lock": "🔒", "clock": "🕐", "sos": "🆘",
	"pause_button": "⏸️", "arrow_forward": "▶️", "people_holding_hands": "🧑‍🤝‍🧑", "smile": "😄",
	"slightly_smiling_face": "🙂", "heart": "❤️", "trophy": "🏆", "dart": "🎯", "compass": "🧭",
	"question": "❓", "information_source": "ℹ️", "bell": "🔔", "clipboard": "📋", "link": "🔗",
}

var emojiRE = regexp.MustCompile(`:([a-z0-9_+\-]+):`)

// replaceEmoji swaps known :short_codes: in already-escaped HTML text.
func replaceEmoji(s string) string {
	if strings.IndexByte(s, ':') < 0 {
		return s
	}
	return emojiRE.ReplaceAllStringFunc(s, func(m string) string {
		if e, ok := emoji[m[1:len(m)-1]]; ok {
			return e
		}
		return m
	})
}
