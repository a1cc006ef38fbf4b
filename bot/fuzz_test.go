package bot

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mentorbot/mentorbot/bot/blockcheck"
)

// Fuzz targets for everything the bot reads from people: the slash
// command, the sign-up, program and feedback forms, and the mrkdwn escaper
// every message relies on. Seeds live in testdata/fuzz/<FuzzName>/, so
// plain `go test` replays them; `go test -fuzz FuzzX ./bot` searches more.
// Properties: no panic, and nothing typed reaches a message as markup: no
// <!channel>/<!here>/<!everyone>, no raw <, > or & except the bot's own
// mentions, entities and quote marks.

func FuzzEscapeMrkdwn(f *testing.F) {
	for _, s := range []string{"", "plain", "<!channel>", "a & b", "&amp;", "<@U123|x>", ">quote", "&lt;!here&gt;"} {
		f.Add(s)
	}
	unescape := strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")
	f.Fuzz(func(t *testing.T, s string) {
		out := EscapeMrkdwn(s)
		if strings.ContainsAny(out, "<>") {
			t.Fatalf("EscapeMrkdwn(%q) = %q keeps < or >", s, out)
		}
		blockcheck.MrkdwnText(t, "escaped", out)
		// Nothing is lost: unescaping gives the text back.
		if back := unescape.Replace(out); back != s {
			t.Fatalf("EscapeMrkdwn(%q) = %q, which reads back as %q", s, out, back)
		}
		// Inside any bot sentence it stays safe.
		blockcheck.MrkdwnText(t, "in a sentence", "Hi <@U123>, "+out+".")
	})
}

func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"", "help", "pair <@U1ABC|ann> <@U2DEF>", "pause 3w", "program create Spring 2027",
		"announce <#C123|general>", "<!channel>", "report &lt;!here&gt;", "match <script>", strings.Repeat("x ", 300)} {
		f.Add(s)
	}
	b := New(nil, nil, Config{})
	f.Fuzz(func(t *testing.T, text string) {
		c, err := b.ParseCommand(text)
		if err != nil {
			if !IsParseError(err) {
				t.Fatalf("ParseCommand(%q): error %T is not a *ParseError", text, err)
			}
			// The reply shows parts of what was typed: it must be inert.
			blockcheck.MrkdwnText(t, "parse error reply", err.Error())
			if utf8.RuneCountInString(err.Error()) > 500 {
				t.Fatalf("reply of %d characters", utf8.RuneCountInString(err.Error()))
			}
			return
		}
		if _, ok := b.router.byKind[RouteCommand][c.Name]; !ok {
			t.Fatalf("ParseCommand(%q) = unknown subcommand %q", text, c.Name)
		}
		if c.Weeks < 0 || c.Weeks > 52 {
			t.Fatalf("weeks %d", c.Weeks)
		}
		for _, u := range c.Users {
			if !userMention.MatchString("<@" + u + ">") {
				t.Fatalf("user %q is not a Slack ID", u)
			}
		}
		if c.Program != "" && !programName.MatchString(c.Program) {
			t.Fatalf("program %q", c.Program)
		}
		if c.Channel != "" && !channelMention.MatchString("<#"+c.Channel+">") {
			t.Fatalf("channel %q", c.Channel)
		}
		// Names the bot echoes back go through EscapeMrkdwn.
		blockcheck.MrkdwnText(t, "program created", sprintf("Program *%s* is created and open for sign-ups.", EscapeMrkdwn(c.Program)))
	})
}
