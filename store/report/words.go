package report

import "strings"

// Every format a person reads (text, CSV, HTML, the Slack summary) says
// things in words; the codes (ReasonNotMet, ...) are only for JSON and
// code. This file is the one mapping from code to words.

// reasonWords says each at-risk reason as an admin reads it.
var reasonWords = map[string]string{
	ReasonNotMet:    "have not met for 3 check-ins",
	ReasonNeedHelp:  "asked for help",
	ReasonLowRating: "a rating of 2 or less",
	ReasonFlagged:   "flagged by the bot",
}

// ReasonInWords says an at-risk reason in words; an unknown code is said
// as "needs attention" rather than shown raw.
func ReasonInWords(code string) string {
	if w, ok := reasonWords[code]; ok {
		return w
	}
	return "needs attention"
}

// ReasonsInWords joins a pairing's reasons in words. The bot's own flag is
// already in words (store.Risk*); it replaces "flagged by the bot" when it
// says more, and is left out when it repeats a reason already given.
func ReasonsInWords(reasons []string, flag string) string {
	parts := make([]string, 0, len(reasons))
	for _, r := range reasons {
		w := ReasonInWords(r)
		if r == ReasonFlagged && flag != "" {
			w = flag
		}
		parts = append(parts, w)
	}
	if len(parts) == 0 {
		return ReasonInWords("")
	}
	return strings.Join(parts, "; ")
}

// PersonInWords names a person of an at-risk pairing: their name with the
// Slack ID to find them by, or the ID alone when no name was given.
func PersonInWords(name, slackID string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		return slackID
	}
	return name + " (" + slackID + ")"
}

// ProgramInWords names a pairing's program; "" is a pairing made outside
// any program.
func ProgramInWords(program string) string {
	if program == "" {
		return "no program"
	}
	return program
}
