package rounds

import (
	"strconv"
	"strings"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/store"
)

// Defaults of /mentor rounds start.
const (
	defaultEveryWeeks = 2
	defaultGroupSize  = 2
)

// parseStart reads `#channel [every N weeks] [groups of 2|3]`, the
// options in either order: `every week`, `every 3 weeks`, `groups of 3`.
func parseStart(args []string) (bot.Command, error) {
	c := bot.Command{Name: "rounds start", Weeks: defaultEveryWeeks, Size: defaultGroupSize}
	if len(args) == 0 {
		return bot.Command{}, bot.ParseErrorf("%s", msgStartUsage)
	}
	ch, ok := bot.ChannelMention(args[0])
	if !ok {
		return bot.Command{}, bot.ParseErrorf(msgBadChannel, bot.Quote(args[0]), "start")
	}
	c.Channel = ch
	seenEvery, seenGroups := false, false
	rest := args[1:]
	for len(rest) > 0 {
		switch strings.ToLower(rest[0]) {
		case "every":
			if seenEvery {
				return bot.Command{}, bot.ParseErrorf("%s", msgStartUsage)
			}
			seenEvery = true
			n, used, err := parseEvery(rest[1:])
			if err != nil {
				return bot.Command{}, err
			}
			c.Weeks, rest = n, rest[1+used:]
		case "groups", "group":
			if seenGroups {
				return bot.Command{}, bot.ParseErrorf("%s", msgStartUsage)
			}
			seenGroups = true
			if len(rest) < 3 || strings.ToLower(rest[1]) != "of" {
				return bot.Command{}, bot.ParseErrorf(msgBadGroups, bot.Quote(strings.Join(rest[:min(len(rest), 3)], " ")))
			}
			n, err := strconv.Atoi(rest[2])
			if err != nil || n < store.MinRoundGroup || n > store.MaxRoundGroup {
				return bot.Command{}, bot.ParseErrorf(msgBadGroups, bot.Quote(strings.Join(rest[:3], " ")))
			}
			c.Size, rest = n, rest[3:]
		default:
			return bot.Command{}, bot.ParseErrorf("I couldn't read %s. %s", bot.Quote(rest[0]), msgStartUsage)
		}
	}
	return c, nil
}

// parseEvery reads what follows "every": "week", "N weeks", "N week" or
// "Nw"; it returns the weeks and how many words it used.
func parseEvery(words []string) (int, int, error) {
	bad := func(n int) error {
		return bot.ParseErrorf(msgBadEvery, bot.Quote("every "+strings.Join(words[:min(len(words), n)], " ")))
	}
	if len(words) == 0 {
		return 0, 0, bad(0)
	}
	first := strings.ToLower(words[0])
	if first == "week" {
		return 1, 1, nil
	}
	if strings.HasSuffix(first, "w") {
		n, err := strconv.Atoi(strings.TrimSuffix(first, "w"))
		if err != nil || n < 1 || n > store.MaxRoundEveryWeeks {
			return 0, 0, bad(1)
		}
		return n, 1, nil
	}
	n, err := strconv.Atoi(first)
	if err != nil || n < 1 || n > store.MaxRoundEveryWeeks || len(words) < 2 {
		return 0, 0, bad(2)
	}
	if unit := strings.ToLower(words[1]); unit != "weeks" && unit != "week" {
		return 0, 0, bad(2)
	}
	return n, 2, nil
}

// parseChannelOnly reads one #channel for the command name.
func parseChannelOnly(name string) func(args []string) (bot.Command, error) {
	verb := strings.TrimPrefix(name, "rounds ")
	return func(args []string) (bot.Command, error) {
		if len(args) != 1 {
			return bot.Command{}, bot.ParseErrorf("Usage: `/mentor %s #channel`. Nothing was changed.", name)
		}
		ch, ok := bot.ChannelMention(args[0])
		if !ok {
			return bot.Command{}, bot.ParseErrorf(msgBadChannel, bot.Quote(args[0]), verb)
		}
		return bot.Command{Name: name, Channel: ch}, nil
	}
}
