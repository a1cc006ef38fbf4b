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
	// Weeks is the pause length (0 = until resume).
	Weeks int
	// Program is a program name (program create/close, match, report).
	Program string
	// Users are the Slack IDs of mentioned people (pair, unpair): for pair,
	// Users[0] is the mentor and Users[1] the mentee.
	Users []string
	// Channel is the channel ID for announce.
	Channel string
}

// adminCommands are the subcommands only MENTORBOT_ADMINS may run.
var adminCommands = map[string]bool{
	"program create": true, "program list": true, "program close": true,
	"match": true, "pair": true, "unpair": true, "report": true, "announce": true,
}

// AdminOnly tells whether the command needs program-admin rights.
func (c Command) AdminOnly() bool { return adminCommands[c.Name] }

// ParseError is a command the bot could not read; its message is shown to
// the person as is.
type ParseError struct{ Msg string }

func (e *ParseError) Error() string { return e.Msg }

func parseErrorf(format string, args ...any) error {
	return &ParseError{Msg: fmt.Sprintf(format, args...)}
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

// ParseCommand reads the text after `/mentor`. It never panics and returns a
// *ParseError with a message for the person on anything it cannot read.
func ParseCommand(text string) (Command, error) {
	if !utf8.ValidString(text) {
		return Command{}, parseErrorf("I couldn't read that command. Try `/mentor help`.")
	}
	if utf8.RuneCountInString(text) > MaxCommandText {
		return Command{}, parseErrorf("That command is too long (over %d characters). Try `/mentor help`.", MaxCommandText)
	}
	words := strings.Fields(text)
	if len(words) == 0 {
		return Command{Name: "help"}, nil
	}
	verb := strings.ToLower(words[0])
	args := words[1:]
	switch verb {
	case "help", "signup", "profile", "status", "find", "resume", "feedback", "export", "leave":
		if len(args) > 0 {
			return Command{}, parseErrorf("`/mentor %s` takes no arguments.", verb)
		}
		return Command{Name: verb}, nil
	case "pause":
		return parsePause(args)
	case "program":
		return parseProgram(args)
	case "match", "report":
		if len(args) == 0 {
			return Command{Name: verb}, nil
		}
		name, err := parseProgramName(strings.Join(args, " "))
		if err != nil {
			return Command{}, err
		}
		return Command{Name: verb, Program: name}, nil
	case "pair", "unpair":
		return parsePair(verb, args)
	case "announce":
		if len(args) != 1 {
			return Command{}, parseErrorf("Usage: `/mentor announce #channel`.")
		}
		m := channelMention.FindStringSubmatch(args[0])
		if m == nil {
			return Command{}, parseErrorf("I couldn't read %s as a channel. Pick it with # so Slack links it, e.g. `/mentor announce #general`.", quote(args[0]))
		}
		return Command{Name: "announce", Channel: m[1]}, nil
	default:
		return Command{}, parseErrorf("I don't know `/mentor %s`. Try `/mentor help` to see what I can do.", escapeCode(verb))
	}
}

func parsePause(args []string) (Command, error) {
	switch len(args) {
	case 0:
		return Command{Name: "pause"}, nil
	case 1:
		w, err := strconv.Atoi(strings.TrimSuffix(strings.ToLower(args[0]), "w"))
		if err != nil || w < 1 || w > 52 {
			return Command{}, parseErrorf("Pause takes a number of weeks from 1 to 52, e.g. `/mentor pause 2`, or nothing to pause until you resume.")
		}
		return Command{Name: "pause", Weeks: w}, nil
	default:
		return Command{}, parseErrorf("Usage: `/mentor pause [weeks]`.")
	}
}

func parseProgram(args []string) (Command, error) {
	if len(args) == 0 {
		return Command{}, parseErrorf("Usage: `/mentor program create NAME`, `/mentor program list` or `/mentor program close NAME`.")
	}
	sub := strings.ToLower(args[0])
	switch sub {
	case "list":
		if len(args) > 1 {
			return Command{}, parseErrorf("`/mentor program list` takes no arguments.")
		}
		return Command{Name: "program list"}, nil
	case "create", "close":
		if len(args) < 2 {
			return Command{}, parseErrorf("Usage: `/mentor program %s NAME`.", sub)
		}
		name, err := parseProgramName(strings.Join(args[1:], " "))
		if err != nil {
			return Command{}, err
		}
		return Command{Name: "program " + sub, Program: name}, nil
	default:
		return Command{}, parseErrorf("I don't know `/mentor program %s`. Use create, list or close.", escapeCode(sub))
	}
}

func parseProgramName(s string) (string, error) {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > MaxProgramName {
		return "", parseErrorf("Program names are at most %d characters.", MaxProgramName)
	}
	if !programName.MatchString(s) {
		return "", parseErrorf("Program names use letters, digits, spaces, `-`, `_` and `.`, and start with a letter or digit.")
	}
	return s, nil
}

func parsePair(verb string, args []string) (Command, error) {
	usage := "Usage: `/mentor pair @mentor @mentee`."
	if verb == "unpair" {
		usage = "Usage: `/mentor unpair @person @person`."
	}
	if len(args) != 2 {
		return Command{}, parseErrorf("%s", usage)
	}
	var users []string
	for _, a := range args {
		m := userMention.FindStringSubmatch(a)
		if m == nil {
			return Command{}, parseErrorf("I couldn't read %s as a person: mention them with @ so Slack links them. %s", quote(a), usage)
		}
		users = append(users, m[1])
	}
	if users[0] == users[1] {
		return Command{}, parseErrorf("Those are the same person. %s", usage)
	}
	return Command{Name: verb, Users: users}, nil
}

// slackUnescaper undoes Slack's escaping of slash-command text (&, <, >
// arrive as entities), so quoting it back does not show "&amp;lt;".
var slackUnescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// quote shows untrusted text inside a reply safely.
func quote(s string) string {
	s = slackUnescaper.Replace(s)
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:40]) + "…"
	}
	return "“" + EscapeMrkdwn(s) + "”"
}

// escapeCode shows untrusted text inside `code` safely.
func escapeCode(s string) string {
	s = slackUnescaper.Replace(s)
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:40]) + "…"
	}
	return strings.ReplaceAll(EscapeMrkdwn(s), "`", "'")
}

// IsParseError tells whether err is a *ParseError.
func IsParseError(err error) bool {
	var pe *ParseError
	return errors.As(err, &pe)
}
