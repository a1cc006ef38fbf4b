package bot

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/store"
)

// helpCommand is the core's own command: an empty `/mentor` is help too.
var helpCommand = CommandSpec{Name: "help", AnswerOnly: true}

const helpTitle = "mentorbot help"

// helpNow is help's answer from the read loop (CommandSpec.Now), when who
// the caller is can be told at once.
func (b *Bot) helpNow(user string, version uint64) (any, bool) {
	if b.statusNow == nil {
		return nil, false
	}
	st, ok, err := b.statusNow(user, version)
	c := Caller{Admin: b.IsAdmin(user)}
	switch {
	case !ok || err != nil && !errors.Is(err, store.ErrNotSignedUp):
		return nil, false
	case err == nil:
		c = callerOf(st, c.Admin)
	}
	return b.helpAnswer(c), true
}

// helpAnswer is help's answer for c, kept: it depends only on the
// registered commands and c (Register empties the cache).
func (b *Bot) helpAnswer(c Caller) any {
	return b.helps.Get(c, func() any { return AckReply(helpTitle, b.HelpBlocks(c)) })
}

// warmHelp keeps help's answer for every kind of caller and encodes one
// (encoding/json builds a type's encoder on first use) before the first
// envelope, so the first wave of help after a start is as fast as the next.
func (b *Bot) warmHelp() {
	for i := range 1 << 6 {
		b.helpAnswer(Caller{SignedUp: i&1 != 0, Mentor: i&2 != 0, Mentee: i&4 != 0, Paused: i&8 != 0, Admin: i&16 != 0, Paired: i&32 != 0})
	}
	_, _ = json.Marshal(b.helpAnswer(Caller{}))
}

func (b *Bot) cmdHelp(ctx context.Context, r Request, _ Command) {
	c := b.caller(ctx, r.UserID)
	if r.ack != nil && r.ack(b.helpAnswer(c)) {
		return
	}
	b.Reply(ctx, r, helpTitle, b.HelpBlocks(c))
}

// HelpBlocks lists the registered commands that have a usage line and are
// for the caller (CommandSpec.For), by help rank; admin commands (rule
// AdminOnly) only for admins, under their own heading.
func (b *Bot) HelpBlocks(c Caller) []slack.Block {
	admin := c.Admin
	var cmds []Route
	for _, rt := range b.router.table {
		if rt.Kind == RouteCommand && rt.Command.Usage != "" && (rt.Command.For == nil || rt.Rule.Refers == RefersAdmin || rt.Command.For(c)) {
			cmds = append(cmds, rt)
		}
	}
	slices.SortStableFunc(cmds, func(x, y Route) int { return x.Command.HelpRank - y.Command.HelpRank })
	var user, adm []string
	for _, rt := range cmds {
		line := "`" + rt.Command.Usage + "`  " + rt.Command.Help
		if rt.Rule.Refers == RefersAdmin {
			adm = append(adm, line)
		} else {
			user = append(user, line)
		}
	}
	blocks := []slack.Block{slack.NewSectionBlock(Mrkdwn(MsgHelpIntro), nil, nil)}
	if len(user) > 0 {
		blocks = append(blocks, slack.NewSectionBlock(Mrkdwn(strings.Join(user, "\n")), nil, nil))
	}
	if admin {
		blocks = append(blocks, slack.NewDividerBlock(),
			slack.NewSectionBlock(Mrkdwn("*Admin commands*\n"+strings.Join(adm, "\n")), nil, nil))
	}
	return blocks
}
