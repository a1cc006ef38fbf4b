package render

import (
	"regexp"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/bot/slackfake"
)

func testRenderer() *Renderer {
	return NewRenderer(NewDirectory([]slackfake.User{
		{ID: "UBOT", Name: "mentorbot", IsBot: true},
		{ID: "U0ADA", Name: "ada", RealName: "Ada Lindqvist"},
		{ID: "U0EVIL", Name: "evil", RealName: `<script>alert("name")</script>`},
		{ID: "U0GONE", Name: "gone", RealName: "Gone Person", Deleted: true},
	}, map[string]string{"C1": "general"}))
}

func TestMrkdwn(t *testing.T) {
	r := testRenderer()
	cases := []struct{ in, want string }{
		{"plain words", "plain words"},
		{"*bold* and _italic_ and ~gone~", "<b>bold</b> and <i>italic</i> and <s>gone</s>"},
		{"*Your mentor:* Ada", "<b>Your mentor:</b> Ada"},
		{"a*b*c and snake_case_name", "a*b*c and snake_case_name"},
		{"* not bold *", "* not bold *"},
		{"*two\nlines*", "*two<br>lines*"},
		{"`/mentor help` now", `<code class="md-code">/mentor help</code> now`},
		{"```line 1\n*not bold*```", `<pre class="md-pre">line 1` + "\n" + `*not bold*</pre>`},
		{"see <https://example.com/a?b=1&amp;c=2|the docs>", `see <a class="md-link" href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">the docs</a>`},
		{"<https://example.com>", `<a class="md-link" href="https://example.com" target="_blank" rel="noopener noreferrer">https://example.com</a>`},
		{"<mailto:hr@example.com|HR>", `href="mailto:hr@example.com"`},
		{"<javascript:alert(1)|click>", "click"},
		{"hi <@U0ADA>!", `hi <span class="md-mention">@Ada Lindqvist</span>!`},
		{"hi <@U0ADA|ada>", `<span class="md-mention">@Ada Lindqvist</span>`},
		{"*<@U0ADA>* leads", `<b><span class="md-mention">@Ada Lindqvist</span></b> leads`},
		{"<@U404|someone>", `<span class="md-mention">@someone</span>`},
		{"<@U404>", `<span class="md-mention">@U404</span>`},
		{"in <#C1>", `<span class="md-mention">#general</span>`},
		{"in <#C9|random>", `<span class="md-mention">#random</span>`},
		{"<!here> <!channel>", `<span class="md-mention md-broadcast">@here</span> <span class="md-mention md-broadcast">@channel</span>`},
		{"<!date^1392734382^{date}|Feb 18, 2014>", "Feb 18, 2014"},
		{"&lt;!channel&gt; &amp; co", "&lt;!channel&gt; &amp; co"},
		{"&amp;lt;b&amp;gt;", "&amp;lt;b&amp;gt;"},
		{"5 &gt; 3 and 2 &lt; 4", "5 &gt; 3 and 2 &lt; 4"},
		{"&gt; quoted\nnot", `<span class="md-quote">quoted</span><br>not`},
		{"line 1\nline 2", "line 1<br>line 2"},
		{"great :tada: at 10:30:00", "great 🎉 at 10:30:00"},
		{"unclosed <tag", "unclosed &lt;tag"},
		{"nul\x00\x001\x00 byte", "nul1 byte"},
		{`quotes " and '`, "quotes &#34; and &#39;"},
	}
	for _, c := range cases {
		if got := r.Mrkdwn(c.in); !strings.Contains(got, c.want) {
			t.Errorf("Mrkdwn(%q)\n got %s\nwant it to contain %s", c.in, got, c.want)
		}
	}
}

// hostile are strings a person might type into a profile, a goal or a
// program name, trying to get markup into someone else's browser.
var hostile = []string{
	`<script>alert(1)</script>`,
	`"><img src=x onerror=alert(1)>`,
	`&lt;script&gt;alert(1)&lt;/script&gt;`,
	`<javascript:alert(1)|click me>`,
	`<https://ok.example/"onmouseover="alert(1)|x>`,
	"`<script>alert(1)</script>`",
	"```<img src=x onerror=alert(1)>```",
	`*<script>* _<svg onload=alert(1)>_`,
	`<@U0EVIL>`,
	`<!date^1^{date}|<script>alert(1)</script>>`,
	`<#C1|<b>x</b>>`,
	"\x00<script>\x00",
}

// allowedTags and allowedAttrs are the renderer's whole vocabulary. Since
// every "<" of the input is escaped, any tag in the output was written by
// the renderer: a tag or attribute outside these lists (script, img,
// onerror=, style=) would mean input got through as markup.
var allowedTags = map[string]bool{
	"b": true, "i": true, "s": true, "code": true, "pre": true, "span": true, "a": true, "br": true, "div": true,
	"h3": true, "hr": true, "button": true, "input": true, "textarea": true, "select": true, "option": true,
	"optgroup": true, "label": true,
}

var allowedAttrs = map[string]bool{
	"class": true, "href": true, "target": true, "rel": true, "title": true, "download": true, "type": true,
	"value": true, "placeholder": true, "maxlength": true, "minlength": true, "min": true, "max": true,
	"step": true, "rows": true, "size": true, "multiple": true, "selected": true, "checked": true,
	"disabled": true, "hidden": true, "role": true, "inputmode": true, "label": true, "id": true,
	"aria-labelledby": true,
}

var tagRE2 = regexp.MustCompile(`<(/?)([a-zA-Z0-9]+)((?:\s+[a-zA-Z-]+(?:="[^"<>]*")?)*)\s*>`)
var attrRE = regexp.MustCompile(`([a-zA-Z-]+)(?:="([^"]*)")?`)

// inertProblems lists what in out is not made of the renderer's tags and
// attributes: a foreign tag or attribute, a javascript: link, or a stray
// "<" or ">" (the start of a tag the scanner does not understand).
func inertProblems(out string) []string {
	var problems []string
	rest := tagRE2.ReplaceAllStringFunc(out, func(tag string) string {
		m := tagRE2.FindStringSubmatch(tag)
		if !allowedTags[strings.ToLower(m[2])] {
			problems = append(problems, "tag <"+m[2]+">")
		}
		for _, a := range attrRE.FindAllStringSubmatch(m[3], -1) {
			name := strings.ToLower(a[1])
			if !allowedAttrs[name] && !strings.HasPrefix(name, "data-") {
				problems = append(problems, "attribute "+name)
			}
			if (name == "id" || name == "aria-labelledby") && !regexp.MustCompile(`^bk-label-[A-Za-z0-9]*-?[0-9]+$`).MatchString(a[2]) {
				problems = append(problems, name+"="+a[2])
			}
			if name == "href" && !strings.HasPrefix(a[2], "http") && !strings.HasPrefix(a[2], "mailto:") && !strings.HasPrefix(a[2], "/api/file") {
				problems = append(problems, "link to "+a[2])
			}
		}
		return ""
	})
	if strings.ContainsAny(rest, "<>") {
		problems = append(problems, "raw < or > outside the renderer's tags")
	}
	return problems
}

func assertInert(t *testing.T, what, out string) {
	t.Helper()
	if p := inertProblems(out); len(p) > 0 {
		t.Errorf("%s: %s in:\n%s", what, strings.Join(p, ", "), out)
	}
}

// The checker itself must catch markup, or the tests above prove nothing.
func TestInertProblemsCatchesMarkup(t *testing.T) {
	for _, bad := range []string{
		`<script>alert(1)</script>`, `<b onclick="x">x</b>`, `<a href="javascript:alert(1)">x</a>`,
		`<img src=x onerror=alert(1)>`, `<div style="x">x</div>`, `x <b`, `<svg/onload=alert(1)>`,
	} {
		if len(inertProblems(bad)) == 0 {
			t.Errorf("inertProblems(%q) found nothing", bad)
		}
	}
	if p := inertProblems(`<b>ok</b> &lt;script&gt; <a class="md-link" href="https://x.example">x</a>`); len(p) > 0 {
		t.Errorf("false alarm: %v", p)
	}
}

func TestMrkdwnIsInert(t *testing.T) {
	r := testRenderer()
	for _, in := range hostile {
		out := r.Mrkdwn(in)
		assertInert(t, "Mrkdwn("+in+")", out)
	}
	// A person's name from the directory is escaped too.
	if out := r.Mrkdwn("<@U0EVIL>"); !strings.Contains(out, "@&lt;script&gt;alert(&#34;name&#34;)&lt;/script&gt;") {
		t.Errorf("evil name not shown as text: %s", out)
	}
	// javascript: in a link target never becomes an href.
	if out := r.Mrkdwn(`<javascript:alert(1)|click me>`); strings.Contains(out, "href") || !strings.Contains(out, "click me") {
		t.Errorf("javascript link: %s", out)
	}
	// A quote in a URL cannot close the href attribute.
	if out := r.Mrkdwn(`<https://ok.example/"onmouseover="alert(1)|x>`); !strings.Contains(out, `href="https://ok.example/&#34;onmouseover=&#34;alert(1)"`) {
		t.Errorf("quote in URL not escaped: %s", out)
	}
}

func TestSafeURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://example.com": "https://example.com", "http://x.y/z": "http://x.y/z", "mailto:a@b.c": "mailto:a@b.c",
		"javascript:alert(1)": "", "JAVASCRIPT:alert(1)": "", "data:text/html,<b>": "", "//evil.example": "",
		"https://": "", " https://padded.example ": "https://padded.example",
	} {
		if got := safeURL(in); got != want {
			t.Errorf("safeURL(%q) = %q, want %q", in, got, want)
		}
	}
}
