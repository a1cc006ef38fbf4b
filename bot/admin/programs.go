package admin

import (
	"context"
	"errors"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/words"
	"github.com/mentorbot/mentorbot/store"
)

func (a *Admin) cmdProgramCreate(ctx context.Context, r bot.Request, c bot.Command) {
	a.core.OpenModal(ctx, r, programModal(c.Program, a.core.Now()))
}

func (a *Admin) viewProgramCreate(ctx context.Context, r bot.Request, cb slack.InteractionCallback) (any, func()) {
	if !a.core.IsAdmin(r.UserID) {
		a.core.Audit(ctx, r.UserID, "program create", "", store.OutcomeRefused, "not a program admin")
		return slack.NewErrorsViewSubmissionResponse(map[string]string{blockProgramStart: "Only program admins can create programs."}), nil
	}
	np, errs := readProgramForm(cb.View.State, cb.View.PrivateMetadata)
	if len(errs) > 0 {
		return slack.NewErrorsViewSubmissionResponse(errs), nil
	}
	np.CreatedBy = r.UserID
	return nil, func() {
		p, err := a.store.CreateProgram(ctx, np)
		switch {
		case errors.Is(err, store.ErrConflict):
			a.core.Audit(ctx, r.UserID, "program create", np.Name, store.OutcomeError, "name taken")
			a.core.DMText(ctx, r.UserID, sprintf(msgProgramExists, bot.Quote(np.Name)))
		case err != nil:
			a.log.Error("create program", "err", err)
			a.core.DMText(ctx, r.UserID, bot.MsgInternalError)
		default:
			a.core.Audit(ctx, r.UserID, "program create", p.Name, store.OutcomeOK, "")
			a.core.DMText(ctx, r.UserID, sprintf(msgProgramCreated, bot.EscapeMrkdwn(p.Name)))
		}
	}
}

func (a *Admin) cmdProgramList(ctx context.Context, r bot.Request, _ bot.Command) {
	ps, err := a.store.Programs(ctx)
	if err != nil {
		a.core.Fail(ctx, r, "program list", err)
		return
	}
	a.core.Audit(ctx, r.UserID, "program list", "", store.OutcomeOK, "")
	if len(ps) == 0 {
		a.core.ReplyText(ctx, r, msgNoPrograms)
		return
	}
	var lines []string
	for i, p := range ps {
		if i == 40 {
			lines = append(lines, sprintf("…and %d more", len(ps)-40))
			break
		}
		dates := p.StartsOn
		if p.EndsOn != "" {
			dates += " to " + p.EndsOn
		}
		lines = append(lines, sprintf("• *%s* (%s): %s, %s, %s check-ins", bot.EscapeMrkdwn(p.Name), p.Status, words.OrNone(dates), bot.Count(p.Members, "member", "members"), strings.ToLower(words.CadenceLabel(p.Cadence))))
	}
	a.core.Reply(ctx, r, "Programs", []slack.Block{slack.NewSectionBlock(bot.Mrkdwn("*Programs*\n"+strings.Join(lines, "\n")), nil, nil)})
}

func (a *Admin) cmdProgramClose(ctx context.Context, r bot.Request, c bot.Command) {
	ended, err := a.store.CloseProgram(ctx, c.Program)
	switch {
	case errors.Is(err, store.ErrNotFound):
		a.core.Audit(ctx, r.UserID, "program close", c.Program, store.OutcomeError, "no such program")
		a.core.ReplyText(ctx, r, sprintf(msgProgramNotFound, bot.Quote(c.Program)))
		return
	case errors.Is(err, store.ErrAlreadyDone):
		a.core.ReplyText(ctx, r, sprintf(msgProgramClosedAlready, bot.Quote(c.Program)))
		return
	case err != nil:
		a.core.Fail(ctx, r, "program close", err)
		return
	}
	a.core.Audit(ctx, r.UserID, "program close", c.Program, store.OutcomeOK, sprintf("%d pairings ended", len(ended)))
	for _, p := range ended {
		for _, who := range []string{p.MentorSlack, p.MenteeSlack} {
			a.core.DMText(ctx, who, sprintf(msgProgramEndedDM, bot.EscapeMrkdwn(bot.NameOf(p, who)), bot.EscapeMrkdwn(c.Program), bot.EscapeMrkdwn(bot.OtherName(p, who))))
		}
		a.core.PairingEnded(ctx, p)
	}
	a.core.ReplyText(ctx, r, sprintf(msgProgramClosed, bot.EscapeMrkdwn(c.Program), bot.Count(len(ended), "active pairing", "active pairings")))
}
