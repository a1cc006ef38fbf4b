package dashboard

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/slackerr"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// SendDigest DMs one admin the week before slot: new sign-ups, new
// pairings, met rate, open alerts, and a button that opens the dashboard.
// The scheduler calls it once per admin per slot (scheduler/digest.go);
// its errors are classified so that a send that may have gone out is never
// repeated.
func (d *Dashboard) SendDigest(ctx context.Context, admin string, slot time.Time) (scheduler.SentMessage, error) {
	if !d.core.IsAdmin(admin) {
		return scheduler.SentMessage{}, scheduler.Classify(scheduler.Rejected, "not_admin", fmt.Errorf("digest for %s: not a program admin", admin))
	}
	since := slot.AddDate(0, 0, -7)
	f, err := d.store.DigestFigures(ctx, since, admin)
	if err != nil {
		// Nothing was posted: try again later.
		return scheduler.SentMessage{}, scheduler.Classify(scheduler.Transient, "store", err)
	}
	text, blocks := DigestMessage(f)
	var msg scheduler.SentMessage
	err = d.core.Paced(ctx, "chat.postMessage", admin, func(ctx context.Context) error {
		if err := scheduler.BeforePost(ctx); err != nil {
			return scheduler.Classify(scheduler.Rejected, "claim_lost", err)
		}
		ch, ts, err := d.api.PostMessageContext(ctx, admin, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
		if err != nil {
			return slackerr.Classify("chat.postMessage", err)
		}
		msg = scheduler.SentMessage{Channel: ch, TS: ts}
		return nil
	})
	if err != nil {
		return scheduler.SentMessage{}, fmt.Errorf("digest to %s: %w", admin, err)
	}
	d.core.RememberDM(admin, msg.Channel)
	return msg, nil
}

// MarksPosting tells the scheduler that SendDigest calls
// scheduler.BeforePost right before posting, after its rate-limit wait.
func (d *Dashboard) MarksPosting() {}

// DigestMessage is the digest's text and blocks.
func DigestMessage(f store.DigestFigures) (string, []slack.Block) {
	met := metRate(f.CheckinsMet, f.CheckinsSent)
	week := dateOf(f.Since)
	text := sprintf(msgDigestText, week, bot.Count(f.NewSignups, "new sign-up", "new sign-ups"),
		bot.Count(f.NewPairings, "new pairing", "new pairings"), met, bot.Count(f.OpenAlerts, "open alert", "open alerts"))
	var fields []*slack.TextBlockObject
	for _, s := range strings.Split(sprintf(msgDigestFields, f.NewSignups, f.NewPairings, met, f.OpenAlerts), "|") {
		fields = append(fields, bot.Mrkdwn(s))
	}
	return text, []slack.Block{
		slack.NewHeaderBlock(bot.Plain(msgDigestTitle)),
		slack.NewContextBlock("", bot.Mrkdwn("The week since "+week+".")),
		slack.NewSectionBlock(nil, fields, nil),
		slack.NewActionBlock("dash_digest",
			slack.NewButtonBlockElement(ActionOpenDashboard, "open", bot.Plain(msgDigestOpen)).WithStyle(slack.StylePrimary)),
		slack.NewContextBlock("", bot.Mrkdwn("The button refreshes the mentorbot *Home* tab with the dashboard.")),
	}
}
