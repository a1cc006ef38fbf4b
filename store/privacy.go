package store

import (
	"crypto/rand"
	"encoding/hex"
	"regexp"
	"strings"
)

// FormerParticipant is how data files (the export) name a person who left;
// the bot's messages use the same words.
const FormerParticipant = "a former participant"

// pseudonymPrefix starts every pseudonym Leave writes in place of a Slack
// ID. Slack IDs are upper-case letters and digits, so none starts with it.
const pseudonymPrefix = "left-"

// IsFormerParticipant reports whether id is a pseudonym Leave wrote in place
// of a Slack ID: a person who left, shown as "a former participant", never
// by the pseudonym.
func IsFormerParticipant(id string) bool { return strings.HasPrefix(id, pseudonymPrefix) }

// NewPseudonym is a random pseudonym (not derived from the Slack ID or the
// row, so nothing maps it back to the person).
func NewPseudonym() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return pseudonymPrefix + hex.EncodeToString(b)
}

// pseudonymPattern finds the pseudonyms Leave writes (and the older
// left-<row> form).
var pseudonymPattern = regexp.MustCompile(pseudonymPrefix + `[0-9a-f]+`)

// ShowPeople is s (an audit actor, target or detail) as people read it: a
// pseudonym becomes "a former participant", never shown as such.
func ShowPeople(s string) string {
	return pseudonymPattern.ReplaceAllString(s, FormerParticipant)
}

// Departure is what Leave did: the pairings it ended, read before the
// erasure so the bot can tell each partner, and the introductions the bot
// must rewrite.
type Departure struct {
	Ended  []Pairing
	Intros []IntroRef
}

// IntroRef is an introduction the bot posted in a pair's group DM. The
// leaver's Slack ID in it is already their pseudonym (IsFormerParticipant).
type IntroRef struct {
	// CircleID is set (and PairingID 0) for a circle's introduction or
	// welcome.
	CircleID    int64  `db:"circle_id"`
	PairingID   int64  `db:"id"`
	ChannelID   string `db:"channel_id"`
	TS          string `db:"intro_ts"`
	MentorSlack string `db:"mentor_slack"`
	MenteeSlack string `db:"mentee_slack"`
}

// ReplaceID replaces every whole occurrence of id in s (not part of a
// longer run of letters and digits, so U1 is not found in U12).
func ReplaceID(s, id, with string) string {
	if id == "" {
		return s
	}
	var b strings.Builder
	for {
		i := IndexID(s, id)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(with)
		s = s[i+len(id):]
	}
}

// IndexID is the index of the first whole occurrence of id in s, or -1.
func IndexID(s, id string) int {
	for off := 0; ; {
		i := strings.Index(s[off:], id)
		if i < 0 {
			return -1
		}
		i += off
		end := i + len(id)
		if (i == 0 || !isIDChar(s[i-1])) && (end == len(s) || !isIDChar(s[end])) {
			return i
		}
		off = i + 1
	}
}

func isIDChar(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
}
