package main

import (
	"flag"
	"io"
	"log/slog"
	"regexp"
)

// envString adds a string flag whose value falls back to the environment
// variable env, then to def. The flag's default, which -h and every
// flag error print, is def alone: the environment's value is put in after
// the flag is registered, so a token or a password in a URL held in the
// environment can never appear in usage. A flag given on the command line
// overrides the environment.
func envString(fs *flag.FlagSet, getenv func(string) string, name, env, def, help string) *string {
	p := fs.String(name, def, help+" ($"+env+")")
	if v := getenv(env); v != "" {
		*p = v
	}
	return p
}

// Secret-looking text: Slack tokens (xoxb-, xoxp-, xapp-, …) and the
// password of a URL's userinfo (postgres://user:PASSWORD@host).
var (
	slackTokenPattern  = regexp.MustCompile(`\bx(?:ox[a-z]|app)-[A-Za-z0-9-]+`)
	urlPasswordPattern = regexp.MustCompile(`(\b[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]*:)[^@/\s]+@`)
	// A PostgreSQL URL may carry it as a parameter too: ?password=….
	queryPasswordPattern = regexp.MustCompile(`([?&]password=)[^&\s]+`)
)

// scrubSecrets replaces secret-looking text with [redacted]. It is the
// last line of defence where text leaves the program (the final error,
// every log record); the first is never to put a secret in a message.
func scrubSecrets(s string) string {
	s = slackTokenPattern.ReplaceAllString(s, "[redacted]")
	s = urlPasswordPattern.ReplaceAllString(s, "${1}[redacted]@")
	return queryPasswordPattern.ReplaceAllString(s, "${1}[redacted]")
}

// newLogger is the text logger of serve and the playground: every message
// and attribute is scrubbed of secret-looking text before it is written.
func newLogger(w io.Writer, level slog.Leveler) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level, ReplaceAttr: scrubAttr}))
}

func scrubAttr(_ []string, a slog.Attr) slog.Attr {
	switch a.Value.Kind() {
	case slog.KindString:
		if s := a.Value.String(); s != scrubSecrets(s) {
			a.Value = slog.StringValue(scrubSecrets(s))
		}
	case slog.KindAny:
		switch v := a.Value.Any().(type) {
		case error:
			a.Value = slog.StringValue(scrubSecrets(v.Error()))
		case interface{ String() string }:
			a.Value = slog.StringValue(scrubSecrets(v.String()))
		}
	}
	return a
}
