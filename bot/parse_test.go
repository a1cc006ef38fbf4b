package bot

import (
	"strings"
	"testing"
)

// testCommands exercise every argument shape the core parses (the wired
// commands are tested in cmd/mentorbot).
var testCommands = []CommandSpec{
	{Name: "status"},
	{Name: "nap", Args: ArgsWeeks, Usage: "/mentor nap [weeks]", BadArg: "Weeks from 1 to 52."},
	{Name: "group make", Args: ArgsProgramRequired, Usage: "/mentor group make NAME"},
	{Name: "group list"},
	{Name: "look", Args: ArgsProgram},
	{Name: "link", Args: ArgsTwoUsers, Usage: "/mentor link @a @b", Syntax: "/mentor link @one @two"},
	{Name: "post", Args: ArgsChannel, Usage: "/mentor post #channel"},
	{Name: "echo", Args: ArgsCustom, Parse: func(args []string) (Command, error) {
		if len(args) != 1 {
			return Command{}, ParseErrorf("one word")
		}
		return Command{Name: "echo", Program: args[0]}, nil
	}},
}

func TestParseWith(t *testing.T) {
	cases := []struct {
		text    string
		want    Command
		wantErr string
	}{
		{text: "", want: Command{Name: "help"}},
		{text: " STATUS ", want: Command{Name: "status"}},
		{text: "status now", wantErr: "`/mentor status` takes no arguments."},
		{text: "nap", want: Command{Name: "nap"}},
		{text: "nap 2w", want: Command{Name: "nap", Weeks: 2}},
		{text: "nap 53", wantErr: "Weeks from 1 to 52."},
		{text: "nap 1 2", wantErr: "Usage: `/mentor nap [weeks]`."},
		{text: "group", wantErr: "Usage: `/mentor group make NAME` or `/mentor group list`."},
		{text: "group make", wantErr: "Usage: `/mentor group make NAME`."},
		{text: "group make Spring 2027", want: Command{Name: "group make", Program: "Spring 2027"}},
		{text: "Group LIST", want: Command{Name: "group list"}},
		{text: "group drop", wantErr: "I don't know `/mentor group drop`. Use make or list."},
		{text: "look", want: Command{Name: "look"}},
		{text: "look <!here>", wantErr: "Program names"},
		{text: "link <@U111> <@W222|x>", want: Command{Name: "link", Users: []string{"U111", "W222"}}},
		{text: "link <@U111>", wantErr: "Usage: `/mentor link @one @two`."},
		{text: "link <@U111> <@U111>", wantErr: "Those are the same person."},
		{text: "link @a <@U111>", wantErr: "I couldn't read “@a” as a person"},
		{text: "post <#C123|general>", want: Command{Name: "post", Channel: "C123"}},
		{text: "post general", wantErr: "e.g. `/mentor post #general`"},
		{text: "echo hi", want: Command{Name: "echo", Program: "hi"}},
		{text: "echo", wantErr: "one word"},
		{text: "<!here>", wantErr: "I don't know `/mentor &lt;!here&gt;`"},
		{text: strings.Repeat("a", MaxCommandText+1), wantErr: "too long"},
		{text: "status\xff", wantErr: "couldn't read"},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			got, err := ParseWith(testCommands, c.text)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) || !IsParseError(err) {
					t.Fatalf("error = %v, want a ParseError containing %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != c.want.Name || got.Weeks != c.want.Weeks || got.Program != c.want.Program ||
				got.Channel != c.want.Channel || strings.Join(got.Users, ",") != strings.Join(c.want.Users, ",") {
				t.Fatalf("got %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestEscapeMrkdwn(t *testing.T) {
	got := EscapeMrkdwn("<!channel> & <@U1|x> > y")
	if strings.ContainsAny(got, "<>") || got != "&lt;!channel&gt; &amp; &lt;@U1|x&gt; &gt; y" {
		t.Fatalf("got %q", got)
	}
}
