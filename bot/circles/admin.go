package circles

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/slackerr"
	"github.com/mentorbot/mentorbot/bot/words"
	"github.com/mentorbot/mentorbot/store"
)

// Circle names: 2 to 40 characters, letters, digits, spaces, - _ and .,
// starting with a letter or digit (they show in lists and channel names).
const (
	minName = 2
	maxName = 40
)

var (
	nameChars   = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N} _.\-]*$`)
	userMention = regexp.MustCompile(`^<@([UW][A-Z0-9]{2,20})(\|[^>]*)?>$`)
)

// checkName returns the trimmed name, or the rule it breaks.
func checkName(s string) (string, bool) {
	s = strings.Join(strings.Fields(s), " ")
	n := utf8.RuneCountInString(s)
	return s, n >= minName && n <= maxName && nameChars.MatchString(s)
}

// parseCreate reads `circle create NAME @lead` (NAME may have spaces).
func parseCreate(args []string) (bot.Command, error) {
	if len(args) < 2 {
		return bot.Command{}, bot.ParseErrorf("%s", msgCreateUsage)
	}
	m := userMention.FindStringSubmatch(args[len(args)-1])
	if m == nil {
		return bot.Command{}, bot.ParseErrorf("I couldn't read %s as a person: mention the lead with @ so Slack links them. %s", bot.Quote(args[len(args)-1]), msgCreateUsage)
	}
	name, ok := checkName(strings.Join(args[:len(args)-1], " "))
	if !ok {
		return bot.Command{}, bot.ParseErrorf("%s", msgNameRules)
	}
	return bot.Command{Name: "circle create", Program: name, Users: []string{m[1]}}, nil
}

// parseClose reads `circle close NAME`.
func parseClose(args []string) (bot.Command, error) {
	if len(args) == 0 {
		return bot.Command{}, bot.ParseErrorf("%s", msgCloseUsage)
	}
	name, ok := checkName(strings.Join(args, " "))
	if !ok {
		return bot.Command{}, bot.ParseErrorf("%s", msgNameRules)
	}
	return bot.Command{Name: "circle close", Program: name}, nil
}

// leadProblem is why lead cannot lead a circle ("" = they can).
func (c *Circles) leadProblem(ctx context.Context, lead string) (string, error) {
	p, err := c.store.Participant(ctx, lead)
	switch {
	case errors.Is(err, store.ErrNotSignedUp):
		return sprintf(msgLeadNotSigned, bot.Mention(lead)), nil
	case err != nil:
		return "", err
	case p.Status == store.StatusLeft:
		return sprintf(msgLeadLeft, bot.Mention(lead)), nil
	case p.Role == store.RoleMentee:
		return sprintf(msgLeadNotMentor, bot.Mention(lead)), nil
	}
	return "", nil
}

func (c *Circles) cmdCreate(ctx context.Context, r bot.Request, cmd bot.Command) {
	lead := cmd.Users[0]
	why, err := c.leadProblem(ctx, lead)
	if err != nil {
		c.core.Fail(ctx, r, "circle create", err)
		return
	}
	if why != "" {
		c.core.Audit(ctx, r.UserID, "circle create", cmd.Program, store.OutcomeError, "lead is not a mentor")
		c.core.ReplyText(ctx, r, why)
		return
	}
	if _, err := c.store.OpenCircleByName(ctx, cmd.Program); err == nil {
		c.core.ReplyText(ctx, r, sprintf(msgNameTaken, bot.Quote(cmd.Program)))
		return
	}
	c.core.OpenModal(ctx, r, createModal(cmd.Program, lead))
}

func (c *Circles) viewCreate(ctx context.Context, r bot.Request, cb slack.InteractionCallback) (any, func()) {
	n, errs := readCreateForm(cb.View.State, cb.View.PrivateMetadata)
	if len(errs) == 0 {
		if why, err := c.leadProblem(ctx, n.LeadSlack); err != nil || why != "" {
			errs[blockName] = words.Truncate(why, 200)
			if err != nil {
				errs[blockName] = bot.MsgInternalError
			}
		} else if _, err := c.store.OpenCircleByName(ctx, n.Name); err == nil {
			errs[blockName] = "An open circle already has this name. Pick another."
		}
		if why := c.programProblem(ctx, n.Program); why != "" {
			errs[blockProgram] = why
		}
	}
	if len(errs) > 0 {
		return slack.NewErrorsViewSubmissionResponse(errs), nil
	}
	n.CreatedBy = r.UserID
	return nil, func() { c.create(ctx, r, n) }
}

// create stores the circle and, for a big one, its private channel.
func (c *Circles) create(ctx context.Context, r bot.Request, n store.NewCircle) {
	ci, err := c.store.CreateCircle(ctx, n)
	switch {
	case errors.Is(err, store.ErrConflict):
		c.core.Audit(ctx, r.UserID, "circle create", n.Name, store.OutcomeError, "name taken")
		c.core.DMText(ctx, r.UserID, sprintf(msgNameTaken, bot.Quote(n.Name)))
		return
	case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrInvalid):
		c.core.Audit(ctx, r.UserID, "circle create", n.Name, store.OutcomeError, "program not open")
		c.core.DMText(ctx, r.UserID, sprintf(msgProgramGone, bot.Quote(n.Program)))
		return
	case errors.Is(err, store.ErrNotSignedUp), errors.Is(err, store.ErrPairForbidden):
		c.core.DMText(ctx, r.UserID, sprintf(msgLeadNotMentor, bot.Mention(n.LeadSlack)))
		return
	case err != nil:
		c.log.Error("create circle", "err", err)
		c.core.DMText(ctx, r.UserID, bot.MsgInternalError)
		return
	}
	c.core.Audit(ctx, r.UserID, "circle create", ci.Name, store.OutcomeOK, "lead "+ci.LeadSlack)
	extra := ""
	if ci.PrivateChannel {
		ch, err := c.privateChannel(ctx, ci)
		if err != nil {
			extra = sprintf(msgCreatedNoChan, store.GroupDMMaxUsers, bot.EscapeMrkdwn(slackerr.Code(err)))
		} else {
			extra = sprintf(msgCreatedPriv, store.GroupDMMaxUsers, ch)
		}
	}
	c.core.DMText(ctx, r.UserID, sprintf(msgCreated, bot.EscapeMrkdwn(ci.Name), bot.Mention(ci.LeadSlack),
		bot.Count(ci.SizeLimit, "member", "members"), strings.ToLower(words.CadenceLabel(ci.Cadence)), extra))
	c.core.ProgramChanged(ctx)
}

func (c *Circles) cmdList(ctx context.Context, r bot.Request, _ bot.Command) {
	cs, err := c.store.OpenCircles(ctx)
	if err != nil {
		c.core.Fail(ctx, r, "circle list", err)
		return
	}
	c.core.Audit(ctx, r.UserID, "circle list", "", store.OutcomeOK, "")
	if len(cs) == 0 {
		c.core.ReplyText(ctx, r, msgNoCircles)
		return
	}
	var lines []string
	for i, ci := range cs {
		if i == 40 {
			lines = append(lines, sprintf("…and %d more", len(cs)-40))
			break
		}
		where := "group DM"
		if ci.PrivateChannel {
			where = "private channel"
		}
		lines = append(lines, sprintf("• *%s* led by %s: %d of %d seats taken, %s check-ins, %s", bot.EscapeMrkdwn(ci.Name), bot.Mention(ci.LeadSlack),
			ci.Members, ci.SizeLimit, strings.ToLower(words.CadenceLabel(ci.Cadence)), where))
	}
	c.core.Reply(ctx, r, "Open circles", []slack.Block{slack.NewSectionBlock(bot.Mrkdwn("*Open circles*\n"+strings.Join(lines, "\n")), nil, nil)})
}

func (c *Circles) cmdClose(ctx context.Context, r bot.Request, cmd bot.Command) {
	ci, err := c.store.OpenCircleByName(ctx, cmd.Program)
	if errors.Is(err, store.ErrNotFound) {
		c.core.Audit(ctx, r.UserID, "circle close", cmd.Program, store.OutcomeError, "no such circle")
		c.core.ReplyText(ctx, r, sprintf(msgNoSuchCircle, bot.Quote(cmd.Program)))
		return
	}
	if err != nil {
		c.core.Fail(ctx, r, "circle close", err)
		return
	}
	ended, err := c.store.CloseCircle(ctx, ci.ID, "closed by an admin")
	if errors.Is(err, store.ErrAlreadyDone) {
		c.core.ReplyText(ctx, r, sprintf(msgNoSuchCircle, bot.Quote(cmd.Program)))
		return
	}
	if err != nil {
		c.core.Fail(ctx, r, "circle close", err)
		return
	}
	c.core.Audit(ctx, r.UserID, "circle close", ci.Name, store.OutcomeOK, sprintf("%d people", len(ended.Members)))
	c.core.ReplyText(ctx, r, sprintf(msgClosed, bot.EscapeMrkdwn(ci.Name), bot.Count(len(ended.Members), "person", "people")))
	c.Ended(ctx, ended)
}

// Ended tells everyone of a closed circle that it ended (the closing
// feedback prompt is already in the outbox) and refreshes their Home.
func (c *Circles) Ended(ctx context.Context, e store.CircleEnded) {
	for _, m := range e.Members {
		c.core.DMText(ctx, m.SlackID, sprintf(msgClosedDM, bot.PersonName(m.Name, m.SlackID), bot.EscapeMrkdwn(e.Circle.Name)))
		c.publishHome(ctx, m.SlackID)
	}
	c.core.ProgramChanged(ctx)
}

func (c *Circles) publishHome(ctx context.Context, user string) {
	if c.home != nil {
		c.home.PublishHome(ctx, user)
	}
}

// programProblem is why a new circle cannot join the named program (""
// when it can, or when none is named): it must be open and not ended.
func (c *Circles) programProblem(ctx context.Context, name string) string {
	if name == "" {
		return ""
	}
	p, err := c.store.Program(ctx, name)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return "There is no program of that name. `/mentor program list` shows them; leave blank for none."
	case err != nil:
		return bot.MsgInternalError
	case p.Status != "open":
		return "That program is closed. Pick an open one, or leave blank."
	}
	if end, ok := store.ProgramEnd(p.EndsOn); ok && !end.After(c.core.Now()) {
		return "That program has ended. Pick an open one, or leave blank."
	}
	return ""
}
