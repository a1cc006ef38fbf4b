package profile

import (
	"context"
	"errors"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/store"
)

// PublishHome renders the person's App Home tab: a program admin's is the
// dashboard when one is wired.
func (pf *Profile) PublishHome(ctx context.Context, user string) {
	if pf.adminHome != nil && pf.core.IsAdmin(user) {
		pf.adminHome.PublishDashboard(ctx, user)
		return
	}
	defer pf.publishing.Lock(ctx, user)() // the latest read is published last
	view := pf.homeView(ctx, user)
	if _, err := pf.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: view}); err != nil {
		pf.log.Warn("views.publish failed", "user", user, "err", err)
	}
}

func (pf *Profile) homeView(ctx context.Context, user string) slack.HomeTabViewRequest {
	var blocks []slack.Block
	st, err := pf.status(ctx, user)
	switch {
	case errors.Is(err, store.ErrNotSignedUp):
		blocks = []slack.Block{
			slack.NewHeaderBlock(bot.Plain("Welcome to mentorbot")),
			slack.NewSectionBlock(bot.Mrkdwn(bot.MsgHelpIntro), nil, nil),
			slack.NewActionBlock("home_actions", slack.NewButtonBlockElement(actionOpenSignup, "signup", bot.Plain("Sign up")).WithStyle(slack.StylePrimary)),
		}
	case err != nil:
		pf.log.Error("home: status", "user", user, "err", err)
		blocks = []slack.Block{slack.NewSectionBlock(bot.Mrkdwn(bot.MsgInternalError), nil, nil)}
	default:
		blocks = statusBlocks(st)
		buttons := []slack.BlockElement{
			slack.NewButtonBlockElement(actionOpenSignup, "profile", bot.Plain("Edit profile")),
			slack.NewButtonBlockElement(actionHomeStatus, "status", bot.Plain("Refresh status")),
		}
		if st.Participant.IsMentee() {
			buttons = append(buttons, slack.NewButtonBlockElement(actionHomeFind, "find", bot.Plain("Find a mentor")))
		}
		if st.Participant.Status == store.StatusPaused {
			buttons = append(buttons, slack.NewButtonBlockElement(actionHomeResume, "resume", bot.Plain("Resume")))
		} else {
			buttons = append(buttons, slack.NewButtonBlockElement(actionHomePause, "pause", bot.Plain("Pause")))
		}
		if len(st.Pairings) > 0 {
			buttons = append(buttons, slack.NewButtonBlockElement(actionHomeFeedback, "feedback", bot.Plain("Give feedback")))
		}
		blocks = append(blocks, slack.NewActionBlock("home_actions", buttons...))
		for _, section := range pf.homeSections {
			blocks = append(blocks, section.HomeBlocks(ctx, user)...)
		}
	}
	return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
}
