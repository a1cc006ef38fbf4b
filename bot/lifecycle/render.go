package lifecycle

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/store"
)

// Render renders the lifecycle's outbox rows (the check-ins' Sender asks
// it for kinds it does not know); ok is false for any other kind. Both
// people of a pairing get the same words, but for their partner's name and
// their own recap figures.
func (l *Lifecycle) Render(ctx context.Context, d store.Delivery) (text string, blocks []slack.Block, ok bool, err error) {
	switch d.Kind {
	case store.KindRenewalAsk, store.KindRenewalExtended, store.KindClosingThanks:
	default:
		return "", nil, false, nil
	}
	other := bot.PersonName(d.OtherName, d.OtherSlack)
	tm, err := l.store.PairingTerm(ctx, d.PairingID)
	if err != nil {
		return "", nil, true, err
	}
	if tm.EndsAt == nil {
		return "", nil, true, fmt.Errorf("pairing %d has no end date", d.PairingID)
	}
	switch d.Kind {
	case store.KindRenewalAsk:
		text = sprintf(msgRenewalAsk, other, dateWords(*tm.EndsAt), LengthWords(l.cfg.Length))
		return text, renewalBlocks(text, d.PairingID), true, nil
	case store.KindRenewalExtended:
		text = sprintf(msgExtended, other, LengthWords(l.cfg.Length), dateWords(*tm.EndsAt))
		return text, []slack.Block{slack.NewSectionBlock(bot.Mrkdwn(text), nil, nil)}, true, nil
	}
	return l.thanks(ctx, d, other, tm)
}

// thanks is the closing thank-you with the recap: how long, the meetings
// this person reported (their own Met answers only), and the goals done.
func (l *Lifecycle) thanks(ctx context.Context, d store.Delivery, other string, tm store.Term) (string, []slack.Block, bool, error) {
	met, err := l.store.MetWeeks(ctx, d.PairingID, d.RecipientSlack)
	if err != nil {
		return "", nil, true, err
	}
	lines := []string{msgRecapTitle,
		sprintf(msgRecapTime, dateWords(tm.StartedAt), LengthWords(tm.EndsAt.Sub(tm.StartedAt))),
		sprintf(msgRecapMet, met)}
	if l.cfg.Goals != nil {
		done, err := l.cfg.Goals.GoalsDone(ctx, d.PairingID)
		if err != nil {
			return "", nil, true, err
		}
		lines = append(lines, sprintf(msgRecapGoals, done))
	}
	head := sprintf(msgThanks, other)
	recap := strings.Join(lines, "\n")
	text := head + "\n" + recap
	return text, []slack.Block{
		slack.NewSectionBlock(bot.Mrkdwn(head), nil, nil),
		slack.NewSectionBlock(bot.Mrkdwn(recap), nil, nil),
		slack.NewContextBlock("", bot.Mrkdwn(msgRecapClosing)),
	}, true, nil
}

// dateWords is a date as a person reads it; a time of day is added when
// the moment is not a midnight (short terms: the playground, tests).
func dateWords(t time.Time) string {
	t = t.UTC()
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.Format("Monday 2 January 2006")
	}
	return t.Format("Monday 2 January 2006, 15:04 UTC")
}

// LengthWords is a term's length in words: weeks, days, hours, minutes or
// seconds, whichever reads whole (else rounded).
func LengthWords(d time.Duration) string {
	unit := func(n int64, one string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %ss", n, one)
	}
	week := 7 * 24 * time.Hour
	switch {
	case d >= week && d%week == 0 || d >= 4*week:
		return unit(int64((d+week/2)/week), "week")
	case d >= 24*time.Hour:
		return unit(int64((d+12*time.Hour)/(24*time.Hour)), "day")
	case d >= time.Hour:
		return unit(int64((d+30*time.Minute)/time.Hour), "hour")
	case d >= time.Minute:
		return unit(int64((d+30*time.Second)/time.Minute), "minute")
	}
	return unit(int64((d+time.Second/2)/time.Second), "second")
}
