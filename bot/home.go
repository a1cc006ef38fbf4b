package bot

import (
	"context"
	"errors"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/store"
)

// publishHome renders the person's App Home tab.
func (b *Bot) publishHome(ctx context.Context, user string) {
	view := b.homeView(ctx, user)
	if _, err := b.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: view}); err != nil {
		b.log.Warn("views.publish failed", "user", user, "err", err)
	}
}

func (b *Bot) homeView(ctx context.Context, user string) slack.HomeTabViewRequest {
	var blocks []slack.Block
	st, err := b.status(ctx, user)
	switch {
	case errors.Is(err, store.ErrNotSignedUp):
		blocks = []slack.Block{
			slack.NewHeaderBlock(Plain("Welcome to mentorbot")),
			slack.NewSectionBlock(Mrkdwn(MsgHelpIntro), nil, nil),
			slack.NewActionBlock("home_actions", slack.NewButtonBlockElement(actionOpenSignup, "signup", Plain("Sign up")).WithStyle(slack.StylePrimary)),
		}
	case err != nil:
		b.log.Error("home: status", "user", user, "err", err)
		blocks = []slack.Block{slack.NewSectionBlock(Mrkdwn(MsgInternalError), nil, nil)}
	default:
		blocks = statusBlocks(st)
		buttons := []slack.BlockElement{
			slack.NewButtonBlockElement(actionOpenSignup, "profile", Plain("Edit profile")),
			slack.NewButtonBlockElement(actionHomeStatus, "status", Plain("Refresh status")),
		}
		if st.Participant.IsMentee() {
			buttons = append(buttons, slack.NewButtonBlockElement(actionHomeFind, "find", Plain("Find a mentor")))
		}
		if st.Participant.Status == store.StatusPaused {
			buttons = append(buttons, slack.NewButtonBlockElement(actionHomeResume, "resume", Plain("Resume")))
		} else {
			buttons = append(buttons, slack.NewButtonBlockElement(actionHomePause, "pause", Plain("Pause")))
		}
		if len(st.Pairings) > 0 {
			buttons = append(buttons, slack.NewButtonBlockElement(actionHomeFeedback, "feedback", Plain("Give feedback")))
		}
		blocks = append(blocks, slack.NewActionBlock("home_actions", buttons...))
	}
	return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
}
