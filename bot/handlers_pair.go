package bot

import (
	"context"
	"errors"
	"strings"

	"github.com/mentorbot/mentorbot/store"
)

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
