package bot

import (
	"strings"
	"testing"
)

func TestParseCommand(t *testing.T) {
	cases := []struct {
		text    string
		want    Command
		wantErr string
	}{
		{text: "", want: Command{Name: "help"}},
		{text: "  help ", want: Command{Name: "help"}},
		{text: "SIGNUP", want: Command{Name: "signup"}},
		{text: "status", want: Command{Name: "status"}},
		{text: "pause", want: Command{Name: "pause"}},
		{text: "pause 3", want: Command{Name: "pause", Weeks: 3}},
		{text: "pause 2w", want: Command{Name: "pause", Weeks: 2}},
		{text: "pause 0", wantErr: "1 to 52"},
		{text: "pause -1", wantErr: "1 to 52"},
		{text: "pause lots", wantErr: "1 to 52"},
		{text: "pause 1 2", wantErr: "Usage"},
		{text: "resume now", wantErr: "takes no arguments"},
		{text: "program create Spring 2027", want: Command{Name: "program create", Program: "Spring 2027"}},
		{text: "program create", wantErr: "Usage"},
		{text: "program create <!channel>", wantErr: "Program names"},
		{text: "program list", want: Command{Name: "program list"}},
		{text: "program close Spring", want: Command{Name: "program close", Program: "Spring"}},
		{text: "program rename x", wantErr: "create, list or close"},
		{text: "match", want: Command{Name: "match"}},
		{text: "match Spring", want: Command{Name: "match", Program: "Spring"}},
		{text: "report", want: Command{Name: "report"}},
		{text: "pair <@U111|ann> <@U222|bob>", want: Command{Name: "pair", Users: []string{"U111", "U222"}}},
		{text: "pair <@U111> <@W222>", want: Command{Name: "pair", Users: []string{"U111", "W222"}}},
		{text: "pair @ann @bob", wantErr: "mention them with @"},
		{text: "pair <@U111>", wantErr: "Usage"},
		{text: "pair <@U111> <@U111>", wantErr: "same person"},
		{text: "unpair <@U111> <@U222>", want: Command{Name: "unpair", Users: []string{"U111", "U222"}}},
		{text: "announce <#C123|general>", want: Command{Name: "announce", Channel: "C123"}},
		{text: "announce general", wantErr: "as a channel"},
		{text: "dance", wantErr: "I don't know `/mentor dance`"},
		{text: "<!here>", wantErr: "&lt;!here&gt;"},
		{text: "&lt;b&gt; &amp;", wantErr: "`/mentor &lt;b&gt;`"},
		{text: strings.Repeat("a", MaxCommandText+1), wantErr: "too long"},
		{text: "status\xff", wantErr: "couldn't read"},
	}
	b := New(nil, nil, Config{})
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			got, err := b.ParseCommand(c.text)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("ParseCommand(%q) error = %v, want containing %q", c.text, err, c.wantErr)
				}
				if !IsParseError(err) {
					t.Fatalf("error is not a ParseError: %T", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseCommand(%q): %v", c.text, err)
			}
			if got.Name != c.want.Name || got.Weeks != c.want.Weeks || got.Program != c.want.Program ||
				got.Channel != c.want.Channel || strings.Join(got.Users, ",") != strings.Join(c.want.Users, ",") {
				t.Fatalf("ParseCommand(%q) = %+v, want %+v", c.text, got, c.want)
			}
		})
	}
}

func TestAdminOnly(t *testing.T) {
	admin := map[string]bool{}
	for _, rt := range New(nil, nil, Config{}).Routes() {
		if rt.Kind == RouteCommand {
			admin[rt.Name] = rt.Refers == RefersAdmin
		}
	}
	for name, want := range map[string]bool{"pair": true, "program create": true, "report": true, "status": false, "find": false} {
		if got := admin[name]; got != want {
			t.Errorf("%s: AdminOnly = %v, want %v", name, got, want)
		}
	}
}

func TestEscapeMrkdwn(t *testing.T) {
	got := EscapeMrkdwn("<!channel> & <@U1|x> > y")
	if strings.ContainsAny(got, "<>") || got != "&lt;!channel&gt; &amp; &lt;@U1|x&gt; &gt; y" {
		t.Fatalf("got %q", got)
	}
}

// TestEveryParsedCommandHasAHandler keeps the parser and the router in step.
func TestEveryParsedCommandHasAHandler(t *testing.T) {
	b := New(nil, nil, Config{})
	for _, text := range []string{"help", "signup", "profile", "status", "find", "pause", "resume", "feedback", "export", "leave",
		"program create X", "program list", "program close X", "match", "pair <@U111> <@U222>", "unpair <@U111> <@U222>", "report", "announce <#C111>"} {
		c, err := b.ParseCommand(text)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		if _, ok := b.router.byKind[RouteCommand][c.Name]; !ok {
			t.Errorf("no handler for %q", c.Name)
		}
	}
}
