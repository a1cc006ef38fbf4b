package admin

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/slackerr"
	"github.com/mentorbot/mentorbot/store"
)

func (a *Admin) cmdAnnounce(ctx context.Context, r bot.Request, c bot.Command) {
	blocks := []slack.Block{
		slack.NewHeaderBlock(bot.Plain("Join our mentorship program")),
		slack.NewSectionBlock(bot.Mrkdwn(msgAnnounceText), nil, nil),
		slack.NewActionBlock("announce", slack.NewButtonBlockElement(actionOpenSignup, "signup", bot.Plain("Sign up")).WithStyle(slack.StylePrimary)),
	}
	_, _, err := a.api.PostMessageContext(ctx, c.Channel, slack.MsgOptionText(msgAnnounceText, false), slack.MsgOptionBlocks(blocks...))
	if err != nil {
		a.core.Audit(ctx, r.UserID, "announce", c.Channel, store.OutcomeError, slackerr.Code(err))
		a.core.ReplyText(ctx, r, sprintf(msgAnnounceFailed, c.Channel, bot.ErrorText(err)))
		return
	}
	a.core.Audit(ctx, r.UserID, "announce", c.Channel, store.OutcomeOK, "")
	a.core.ReplyText(ctx, r, sprintf(msgAnnounceDone, c.Channel))
}
