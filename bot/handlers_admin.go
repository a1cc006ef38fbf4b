package bot

import (
	"context"
	"errors"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/store"
)

func (b *Bot) cmdProgramCreate(ctx context.Context, r Request, c Command) {
	b.OpenModal(ctx, r, programModal(c.Program, b.Now()))
}

func (b *Bot) viewProgramCreate(ctx context.Context, r Request, cb slack.InteractionCallback) (any, func()) {
	if !b.IsAdmin(r.UserID) {
		b.Audit(ctx, r.UserID, "program create", "", store.OutcomeRefused, "not a program admin")
		return slack.NewErrorsViewSubmissionResponse(map[string]string{blockProgramStart: "Only program admins can create programs."}), nil
	}
	np, errs := readProgramForm(cb.View.State, cb.View.PrivateMetadata)
	if len(errs) > 0 {
		return slack.NewErrorsViewSubmissionResponse(errs), nil
	}
	np.CreatedBy = r.UserID
	return nil, func() {
		p, err := b.store.CreateProgram(ctx, np)
		switch {
		case errors.Is(err, store.ErrConflict):
			b.Audit(ctx, r.UserID, "program create", np.Name, store.OutcomeError, "name taken")
			b.DMText(ctx, r.UserID, sprintf(msgProgramExists, Quote(np.Name)))
		case err != nil:
			b.log.Error("create program", "err", err)
			b.DMText(ctx, r.UserID, MsgInternalError)
		default:
			b.Audit(ctx, r.UserID, "program create", p.Name, store.OutcomeOK, "")
			b.DMText(ctx, r.UserID, sprintf(msgProgramCreated, EscapeMrkdwn(p.Name)))
		}
	}
}

func (b *Bot) cmdProgramList(ctx context.Context, r Request, _ Command) {
	ps, err := b.store.Programs(ctx)
	if err != nil {
		b.Fail(ctx, r, "program list", err)
		return
	}
	b.Audit(ctx, r.UserID, "program list", "", store.OutcomeOK, "")
	if len(ps) == 0 {
		b.ReplyText(ctx, r, msgNoPrograms)
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
		lines = append(lines, sprintf("• *%s* (%s): %s, %d members, %s check-ins", EscapeMrkdwn(p.Name), p.Status, OrNone(dates), p.Members, strings.ToLower(CadenceLabel(p.Cadence))))
	}
	b.Reply(ctx, r, "Programs", []slack.Block{slack.NewSectionBlock(Mrkdwn("*Programs*\n"+strings.Join(lines, "\n")), nil, nil)})
}

func (b *Bot) cmdProgramClose(ctx context.Context, r Request, c Command) {
	ended, err := b.store.CloseProgram(ctx, c.Program)
	switch {
	case errors.Is(err, store.ErrNotFound):
		b.Audit(ctx, r.UserID, "program close", c.Program, store.OutcomeError, "no such program")
		b.ReplyText(ctx, r, sprintf(msgProgramNotFound, Quote(c.Program)))
		return
	case errors.Is(err, store.ErrAlreadyDone):
		b.ReplyText(ctx, r, sprintf(msgProgramClosedAlready, Quote(c.Program)))
		return
	case err != nil:
		b.Fail(ctx, r, "program close", err)
		return
	}
	b.Audit(ctx, r.UserID, "program close", c.Program, store.OutcomeOK, sprintf("%d pairings ended", len(ended)))
	for _, p := range ended {
		for _, who := range []string{p.MentorSlack, p.MenteeSlack} {
			b.DMText(ctx, who, sprintf(msgProgramEndedDM, EscapeMrkdwn(NameOf(p, who)), EscapeMrkdwn(c.Program), EscapeMrkdwn(OtherName(p, who))))
		}
		b.PairingEnded(ctx, p)
	}
	b.ReplyText(ctx, r, sprintf(msgProgramClosed, EscapeMrkdwn(c.Program), len(ended)))
}

func (b *Bot) cmdPair(ctx context.Context, r Request, c Command) {
	mentor, mentee := c.Users[0], c.Users[1]
	p, err := b.store.CreatePairing(ctx, store.NewPairing{MentorSlack: mentor, MenteeSlack: mentee, Source: store.SourceManual, AllowRepeat: true, Reasons: "paired by an admin"})
	target := mentor + "," + mentee
	if err != nil {
		b.Audit(ctx, r.UserID, "pair", target, store.OutcomeError, pairErrorDetail(err))
		b.ReplyText(ctx, r, pairErrorText(err, mentor, mentee))
		return
	}
	b.Audit(ctx, r.UserID, "pair", target, store.OutcomeOK, "")
	if err := b.introduce(ctx, p); err != nil {
		b.ReplyText(ctx, r, sprintf(msgPairDoneNoIntro, Mention(mentor), Mention(mentee), ErrorText(err)))
		return
	}
	b.ReplyText(ctx, r, sprintf(msgPairDone, Mention(mentor), Mention(mentee)))
}

func pairErrorDetail(err error) string {
	switch {
	case errors.Is(err, store.ErrNotSignedUp):
		return "not signed up"
	case errors.Is(err, store.ErrConflict):
		return "already paired"
	case errors.Is(err, store.ErrPairForbidden):
		return "hard rule"
	}
	return "internal error"
}

func pairErrorText(err error, mentor, mentee string) string {
	switch {
	case errors.Is(err, store.ErrNotSignedUp):
		who := mentor
		if strings.Contains(err.Error(), mentee) {
			who = mentee
		}
		return sprintf(msgNotParticipant, Mention(who))
	case errors.Is(err, store.ErrConflict):
		return sprintf(msgAlreadyPaired, Mention(mentor), Mention(mentee))
	case errors.Is(err, store.ErrPairForbidden):
		why := "a person can't be paired with their own manager"
		if mentor == mentee {
			why = "a person can't mentor themselves"
		}
		return sprintf(msgPairForbidden, why)
	}
	return MsgInternalError
}

func (b *Bot) cmdUnpair(ctx context.Context, r Request, c Command) {
	a, o := c.Users[0], c.Users[1]
	p, err := b.store.EndPairing(ctx, a, o, "ended by an admin")
	target := a + "," + o
	if errors.Is(err, store.ErrNotFound) {
		b.Audit(ctx, r.UserID, "unpair", target, store.OutcomeError, "not paired")
		b.ReplyText(ctx, r, sprintf(msgNoSuchPairing, Mention(a), Mention(o)))
		return
	}
	if err != nil {
		b.Fail(ctx, r, "unpair", err)
		return
	}
	b.Audit(ctx, r.UserID, "unpair", target, store.OutcomeOK, "")
	for _, who := range []string{p.MentorSlack, p.MenteeSlack} {
		b.DMText(ctx, who, sprintf(msgPairingEnded, EscapeMrkdwn(NameOf(p, who)), EscapeMrkdwn(OtherName(p, who))))
	}
	b.PairingEnded(ctx, p)
	b.ReplyText(ctx, r, sprintf(msgUnpairDone, Mention(a), Mention(o)))
}

func (b *Bot) cmdAnnounce(ctx context.Context, r Request, c Command) {
	blocks := []slack.Block{
		slack.NewHeaderBlock(Plain("Join our mentorship program")),
		slack.NewSectionBlock(Mrkdwn(msgAnnounceText), nil, nil),
		slack.NewActionBlock("announce", slack.NewButtonBlockElement(actionOpenSignup, "signup", Plain("Sign up")).WithStyle(slack.StylePrimary)),
	}
	_, _, err := b.api.PostMessageContext(ctx, c.Channel, slack.MsgOptionText(msgAnnounceText, false), slack.MsgOptionBlocks(blocks...))
	if err != nil {
		b.Audit(ctx, r.UserID, "announce", c.Channel, store.OutcomeError, SlackErrorCode(err))
		b.ReplyText(ctx, r, sprintf(msgAnnounceFailed, c.Channel, ErrorText(err)))
		return
	}
	b.Audit(ctx, r.UserID, "announce", c.Channel, store.OutcomeOK, "")
	b.ReplyText(ctx, r, sprintf(msgAnnounceDone, c.Channel))
}
