package pairing

import (
	"context"
	"errors"
	"strings"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/store"
)

func (m *Matchmaker) cmdPair(ctx context.Context, r bot.Request, c bot.Command) {
	mentor, mentee := c.Users[0], c.Users[1]
	p, err := m.store.CreatePairing(ctx, store.NewPairing{MentorSlack: mentor, MenteeSlack: mentee, Source: store.SourceManual, AllowRepeat: true, Reasons: "paired by an admin"})
	target := mentor + "," + mentee
	if err != nil {
		m.core.Audit(ctx, r.UserID, "pair", target, store.OutcomeError, pairErrorDetail(err))
		m.core.ReplyText(ctx, r, pairErrorText(err, mentor, mentee))
		return
	}
	m.core.Audit(ctx, r.UserID, "pair", target, store.OutcomeOK, "")
	if err := m.introduce(ctx, p); err != nil {
		m.core.ReplyText(ctx, r, sprintf(msgPairDoneNoIntro, bot.Mention(mentor), bot.Mention(mentee), bot.ErrorText(err)))
		return
	}
	m.core.ReplyText(ctx, r, sprintf(msgPairDone, bot.Mention(mentor), bot.Mention(mentee)))
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
		return sprintf(msgNotParticipant, bot.Mention(who))
	case errors.Is(err, store.ErrConflict):
		return sprintf(msgAlreadyPaired, bot.Mention(mentor), bot.Mention(mentee))
	case errors.Is(err, store.ErrPairForbidden):
		why := "a person can't be paired with their own manager"
		if mentor == mentee {
			why = "a person can't mentor themselves"
		}
		return sprintf(msgPairForbidden, why)
	}
	return bot.MsgInternalError
}

func (m *Matchmaker) cmdUnpair(ctx context.Context, r bot.Request, c bot.Command) {
	a, o := c.Users[0], c.Users[1]
	p, err := m.store.EndPairing(ctx, a, o, "ended by an admin")
	target := a + "," + o
	if errors.Is(err, store.ErrNotFound) {
		m.core.Audit(ctx, r.UserID, "unpair", target, store.OutcomeError, "not paired")
		m.core.ReplyText(ctx, r, sprintf(msgNoSuchPairing, bot.Mention(a), bot.Mention(o)))
		return
	}
	if err != nil {
		m.core.Fail(ctx, r, "unpair", err)
		return
	}
	m.core.Audit(ctx, r.UserID, "unpair", target, store.OutcomeOK, "")
	for _, who := range []string{p.MentorSlack, p.MenteeSlack} {
		m.core.DMText(ctx, who, bot.PairingEndedText(p, who))
	}
	m.core.PairingEnded(ctx, p)
	m.core.ReplyText(ctx, r, sprintf(msgUnpairDone, bot.Mention(a), bot.Mention(o)))
}
