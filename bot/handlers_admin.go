package bot

import (
	"context"
	"errors"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/store"
)

func (b *Bot) cmdProgramCreate(ctx context.Context, r request, c Command) {
	if _, err := b.api.OpenViewContext(ctx, r.TriggerID, programModal(c.Program, b.now())); err != nil {
		switch slackErrorCode(err) {
		case "expired_trigger_id", "exchanged_trigger_id", "invalid_trigger_id":
			b.replyText(ctx, r, msgTriggerExpired)
		default:
			b.fail(ctx, r, "views.open", err)
		}
	}
}

func (b *Bot) viewProgramCreate(ctx context.Context, r request, cb slack.InteractionCallback) (any, func()) {
	if !b.IsAdmin(r.UserID) {
		b.audit(ctx, r.UserID, "program create", "", store.OutcomeRefused, "not a program admin")
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
			b.audit(ctx, r.UserID, "program create", np.Name, store.OutcomeError, "name taken")
			b.dmText(ctx, r.UserID, sprintf(msgProgramExists, quote(np.Name)))
		case err != nil:
			b.log.Error("create program", "err", err)
			b.dmText(ctx, r.UserID, msgInternalError)
		default:
			b.audit(ctx, r.UserID, "program create", p.Name, store.OutcomeOK, "")
			b.dmText(ctx, r.UserID, sprintf(msgProgramCreated, EscapeMrkdwn(p.Name)))
		}
	}
}

// dmText sends a plain DM, logging failure.
func (b *Bot) dmText(ctx context.Context, user, text string) {
	if _, _, err := b.DM(ctx, user, slack.MsgOptionText(text, false)); err != nil {
		b.log.Warn("DM failed", "user", user, "err", err)
	}
}

func (b *Bot) cmdProgramList(ctx context.Context, r request, _ Command) {
	ps, err := b.store.Programs(ctx)
	if err != nil {
		b.fail(ctx, r, "program list", err)
		return
	}
	b.audit(ctx, r.UserID, "program list", "", store.OutcomeOK, "")
	if len(ps) == 0 {
		b.replyText(ctx, r, msgNoPrograms)
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
		lines = append(lines, sprintf("• *%s* (%s): %s, %d members, %s check-ins", EscapeMrkdwn(p.Name), p.Status, orNone(dates), p.Members, strings.ToLower(cadenceLabel(p.Cadence))))
	}
	b.reply(ctx, r, "Programs", []slack.Block{slack.NewSectionBlock(mrkdwn("*Programs*\n"+strings.Join(lines, "\n")), nil, nil)})
}

func (b *Bot) cmdProgramClose(ctx context.Context, r request, c Command) {
	ended, err := b.store.CloseProgram(ctx, c.Program)
	switch {
	case errors.Is(err, store.ErrNotFound):
		b.audit(ctx, r.UserID, "program close", c.Program, store.OutcomeError, "no such program")
		b.replyText(ctx, r, sprintf(msgProgramNotFound, quote(c.Program)))
		return
	case errors.Is(err, store.ErrAlreadyDone):
		b.replyText(ctx, r, sprintf(msgProgramClosedAlready, quote(c.Program)))
		return
	case err != nil:
		b.fail(ctx, r, "program close", err)
		return
	}
	b.audit(ctx, r.UserID, "program close", c.Program, store.OutcomeOK, sprintf("%d pairings ended", len(ended)))
	for _, p := range ended {
		for _, who := range []string{p.MentorSlack, p.MenteeSlack} {
			b.dmText(ctx, who, sprintf(msgProgramEndedDM, EscapeMrkdwn(nameOf(p, who)), EscapeMrkdwn(c.Program), EscapeMrkdwn(otherName(p, who))))
		}
		b.pairingEnded(ctx, p)
	}
	b.replyText(ctx, r, sprintf(msgProgramClosed, EscapeMrkdwn(c.Program), len(ended)))
}

// pairingEnded runs what follows the end of a pairing (the feedback prompt),
// when a scheduler is wired in.
func (b *Bot) pairingEnded(ctx context.Context, p store.Pairing) {
	if b.onPairingEnded != nil {
		b.onPairingEnded(ctx, p)
	}
}

func (b *Bot) cmdPair(ctx context.Context, r request, c Command) {
	mentor, mentee := c.Users[0], c.Users[1]
	p, err := b.store.CreatePairing(ctx, store.NewPairing{MentorSlack: mentor, MenteeSlack: mentee, Source: store.SourceManual, AllowRepeat: true, Reasons: "paired by an admin"})
	target := mentor + "," + mentee
	if err != nil {
		b.audit(ctx, r.UserID, "pair", target, store.OutcomeError, pairErrorDetail(err))
		b.replyText(ctx, r, pairErrorText(err, mentor, mentee))
		return
	}
	b.audit(ctx, r.UserID, "pair", target, store.OutcomeOK, "")
	if err := b.introduce(ctx, p); err != nil {
		b.replyText(ctx, r, sprintf(msgPairDoneNoIntro, mention(mentor), mention(mentee), errorText(err)))
		return
	}
	b.replyText(ctx, r, sprintf(msgPairDone, mention(mentor), mention(mentee)))
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
		return sprintf(msgNotParticipant, mention(who))
	case errors.Is(err, store.ErrConflict):
		return sprintf(msgAlreadyPaired, mention(mentor), mention(mentee))
	case errors.Is(err, store.ErrPairForbidden):
		why := "a person can't be paired with their own manager"
		if mentor == mentee {
			why = "a person can't mentor themselves"
		}
		return sprintf(msgPairForbidden, why)
	}
	return msgInternalError
}

func mention(user string) string { return "<@" + user + ">" }

func (b *Bot) cmdUnpair(ctx context.Context, r request, c Command) {
	a, o := c.Users[0], c.Users[1]
	p, err := b.store.EndPairing(ctx, a, o, "ended by an admin")
	target := a + "," + o
	if errors.Is(err, store.ErrNotFound) {
		b.audit(ctx, r.UserID, "unpair", target, store.OutcomeError, "not paired")
		b.replyText(ctx, r, sprintf(msgNoSuchPairing, mention(a), mention(o)))
		return
	}
	if err != nil {
		b.fail(ctx, r, "unpair", err)
		return
	}
	b.audit(ctx, r.UserID, "unpair", target, store.OutcomeOK, "")
	for _, who := range []string{p.MentorSlack, p.MenteeSlack} {
		b.dmText(ctx, who, sprintf(msgPairingEnded, EscapeMrkdwn(nameOf(p, who)), EscapeMrkdwn(otherName(p, who))))
	}
	b.pairingEnded(ctx, p)
	b.replyText(ctx, r, sprintf(msgUnpairDone, mention(a), mention(o)))
}

func (b *Bot) cmdAnnounce(ctx context.Context, r request, c Command) {
	blocks := []slack.Block{
		slack.NewHeaderBlock(plain("Join our mentorship program")),
		slack.NewSectionBlock(mrkdwn(msgAnnounceText), nil, nil),
		slack.NewActionBlock("announce", slack.NewButtonBlockElement(actionOpenSignup, "signup", plain("Sign up")).WithStyle(slack.StylePrimary)),
	}
	_, _, err := b.api.PostMessageContext(ctx, c.Channel, slack.MsgOptionText(msgAnnounceText, false), slack.MsgOptionBlocks(blocks...))
	if err != nil {
		b.audit(ctx, r.UserID, "announce", c.Channel, store.OutcomeError, slackErrorCode(err))
		b.replyText(ctx, r, sprintf(msgAnnounceFailed, c.Channel, errorText(err)))
		return
	}
	b.audit(ctx, r.UserID, "announce", c.Channel, store.OutcomeOK, "")
	b.replyText(ctx, r, sprintf(msgAnnounceDone, c.Channel))
}
