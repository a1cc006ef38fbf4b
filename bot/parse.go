package bot

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Command is a parsed `/mentor …` invocation. Name is the subcommand the
// router dispatches on ("help", "signup", "program create", ...).
type Command struct {
	Name string
	// Weeks is a number of weeks (ArgsWeeks; 0 = none given).
	Weeks int
	// Program is a program name (ArgsProgram, ArgsProgramRequired).
	Program string
	// Users are the Slack IDs of two mentioned people (ArgsTwoUsers), in
	// the order typed.
	Users []string
	// Channel is a mentioned channel's ID (ArgsChannel).
	Channel string
	// Size is a group size (custom parsers, e.g. rounds start).
	Size int
}

// ArgKind is the shape of a subcommand's arguments: one of a small closed
// set the core parses, or ArgsCustom with the command's own parser.
type ArgKind int

// Argument shapes.
const (
	ArgsNone            ArgKind = iota // nothing
	ArgsWeeks                          // an optional number of weeks, 1 to 52 ("2" or "2w")
	ArgsProgram                        // an optional program name
	ArgsProgramRequired                // a program name
	ArgsTwoUsers                       // two different people, mentioned with @
	ArgsChannel                        // one channel, mentioned with #
	ArgsCustom                         // CommandSpec.Parse reads them
)

// CommandSpec is how a subcommand is typed and what help says about it.
type CommandSpec struct {
	// Name is the subcommand, lower case; two words make a group ("program
	// create", "program list" are typed `/mentor program create …`).
	Name string
	Args ArgKind
	// Parse reads the arguments of an ArgsCustom command (pure; errors are
	// *ParseError, shown as is).
	Parse func(args []string) (Command, error)
	// Usage is the help line's command, e.g. "/mentor pause [weeks]"; ""
	// keeps the command out of help.
	Usage string
	// Syntax is the usage parse errors show, when not Usage (or, without
	// either, "/mentor NAME").
	Syntax string
	// Help says what the command does.
	Help string
	// For says whom help offers the command to (ForMentees, ...); nil is
	// everyone. It only shapes help: the handler still answers anyone.
	For func(Caller) bool
	// HelpRank orders help lines (lower first; ties keep registration
	// order).
	HelpRank int
	// BadArg is the reply to an argument that does not read (ArgsWeeks).
	BadArg string
	// AnswerOnly: the command changes nothing and its whole answer
	// travels in the ack, so redeliveries are caught in memory, sparing
	// the ack a disk sync (dedupe.go).
	AnswerOnly bool
	// Now, for an AnswerOnly command anyone may run (rule Self) without
	// arguments, answers from memory at once, or says it cannot (ok
	// false): the read loop then acks with it, as the thinnest Socket Mode
	// app would, and no handler runs (now.go). It must not wait or read
	// the database. version is the store's, read at once by the loop
	// (Config.VersionNow) after the envelope arrived.
	Now func(user string, version uint64) (payload any, ok bool)
}

func (s CommandSpec) syntax() string {
	switch {
	case s.Syntax != "":
		return s.Syntax
	case s.Usage != "":
		return s.Usage
	}
	return "/mentor " + s.Name
}

// ParseError is a command the bot could not read; its message is shown to
// the person as is.
type ParseError struct{ Msg string }

func (e *ParseError) Error() string { return e.Msg }

// ParseErrorf makes a *ParseError.
func ParseErrorf(format string, args ...any) error {
	return &ParseError{Msg: fmt.Sprintf(format, args...)}
}

// IsParseError tells whether err is a *ParseError.
func IsParseError(err error) bool {
	var pe *ParseError
	return errors.As(err, &pe)
}

// MaxCommandText bounds what the bot reads from a slash command.
const MaxCommandText = 500

// MaxProgramName bounds program names.
const MaxProgramName = 60

var (
	userMention    = regexp.MustCompile(`^<@([UW][A-Z0-9]{2,20})(\|[^>]*)?>$`)
	channelMention = regexp.MustCompile(`^<#(C[A-Z0-9]{2,20})(\|[^>]*)?>$`)
	programName    = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N} _.\-]*$`)
)

// ParseCommand reads the text after `/mentor` against the registered
// commands. It never panics and returns a *ParseError with a message for
// the person on anything it cannot read.
func (b *Bot) ParseCommand(text string) (Command, error) { return ParseWith(b.router.commands, text) }

// ParseWith is ParseCommand over a given command table (pure: tests and
// fuzzing use it without a bot).
func ParseWith(commands []CommandSpec, text string) (Command, error) {
	if !utf8.ValidString(text) {
		return Command{}, ParseErrorf("I couldn't read that command. Try `/mentor help`.")
	}
	if utf8.RuneCountInString(text) > MaxCommandText {
		return Command{}, ParseErrorf("That command is too long (over %d characters). Try `/mentor help`.", MaxCommandText)
	}
	words := strings.Fields(text)
	if len(words) == 0 {
		return Command{Name: "help"}, nil
	}
	verb := strings.ToLower(words[0])
	args := words[1:]
	var group []CommandSpec
	for _, s := range commands {
		if s.Name == verb {
			return s.parse(args)
		}
		if strings.HasPrefix(s.Name, verb+" ") {
			group = append(group, s)
		}
	}
	if len(group) == 0 {
		return Command{}, ParseErrorf("I don't know `/mentor %s`. Try `/mentor help` to see what I can do.", EscapeCode(verb))
	}
	var usages, subs []string
	for _, s := range group {
		usages = append(usages, "`"+s.syntax()+"`")
		subs = append(subs, strings.TrimPrefix(s.Name, verb+" "))
	}
	if len(args) == 0 {
		return Command{}, ParseErrorf("Usage: %s.", orList(usages))
	}
	sub := strings.ToLower(args[0])
	for _, s := range group {
		if s.Name == verb+" "+sub {
			return s.parse(args[1:])
		}
	}
	return Command{}, ParseErrorf("I don't know `/mentor %s %s`. Use %s.", verb, EscapeCode(sub), orList(subs))
}

// orList joins "a, b or c".
func orList(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}

// parse reads the arguments after the subcommand's name.
func (s CommandSpec) parse(args []string) (Command, error) {
	usage := "Usage: `" + s.syntax() + "`."
	c := Command{Name: s.Name}
	switch s.Args {
	case ArgsNone:
		if len(args) > 0 {
			return Command{}, ParseErrorf("`/mentor %s` takes no arguments.", s.Name)
		}
	case ArgsWeeks:
		switch len(args) {
		case 0:
		case 1:
			w, err := strconv.Atoi(strings.TrimSuffix(strings.ToLower(args[0]), "w"))
			if err != nil || w < 1 || w > 52 {
				return Command{}, &ParseError{Msg: s.BadArg}
			}
			c.Weeks = w
		default:
			return Command{}, &ParseError{Msg: usage}
		}
	case ArgsProgram, ArgsProgramRequired:
		if len(args) == 0 {
			if s.Args == ArgsProgramRequired {
				return Command{}, &ParseError{Msg: usage}
			}
			return c, nil
		}
		name, err := ParseProgramName(strings.Join(args, " "))
		if err != nil {
			return Command{}, err
		}
		c.Program = name
	case ArgsTwoUsers:
		if len(args) != 2 {
			return Command{}, &ParseError{Msg: usage}
		}
		for _, a := range args {
			m := userMention.FindStringSubmatch(a)
			if m == nil {
				return Command{}, ParseErrorf("I couldn't read %s as a person: mention them with @ so Slack links them. %s", Quote(a), usage)
			}
			c.Users = append(c.Users, m[1])
		}
		if c.Users[0] == c.Users[1] {
			return Command{}, ParseErrorf("Those are the same person. %s", usage)
		}
	case ArgsChannel:
		if len(args) != 1 {
			return Command{}, &ParseError{Msg: usage}
		}
		m := channelMention.FindStringSubmatch(args[0])
		if m == nil {
			return Command{}, ParseErrorf("I couldn't read %s as a channel. Pick it with # so Slack links it, e.g. `/mentor %s #general`.", Quote(args[0]), s.Name)
		}
		c.Channel = m[1]
	case ArgsCustom:
		return s.Parse(args)
	}
	return c, nil
}

// ChannelMention reads a channel as Slack sends a #mention in slash
// command text (<#C123|name>) and returns its ID.
func ChannelMention(s string) (string, bool) {
	m := channelMention.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// ParseProgramName checks a program name typed or carried in a form.
func ParseProgramName(s string) (string, error) {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > MaxProgramName {
		return "", ParseErrorf("Program names are at most %d characters.", MaxProgramName)
	}
	if !programName.MatchString(s) {
		return "", ParseErrorf("Program names use letters, digits, spaces, `-`, `_` and `.`, and start with a letter or digit.")
	}
	return s, nil
}
