package pairing

// /mentor find, mentor requests and their answers: a mentee asks a
// mentor, the mentor accepts or declines, and an acceptance withdraws the
// mentee's other pending requests.

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/match"
	"github.com/mentorbot/mentorbot/bot/words"
	"github.com/mentorbot/mentorbot/store"
)

func (m *Matchmaker) cmdFind(ctx context.Context, r bot.Request, _ bot.Command) {
	me, err := m.store.Participant(ctx, r.UserID)
	if errors.Is(err, store.ErrNotSignedUp) {
		m.core.ReplyText(ctx, r, bot.MsgNotSignedUp)
		return
	}
	if err != nil {
		m.core.Fail(ctx, r, "find", err)
		return
	}
	if !me.IsMentee() {
		m.core.ReplyText(ctx, r, msgFindNotMentee)
		return
	}
	if me.Status != store.StatusActive {
		m.core.ReplyText(ctx, r, msgFindPaused)
		return
	}
	active, err := m.store.ActivePairings(ctx, r.UserID)
	if err != nil {
		m.core.Fail(ctx, r, "find", err)
		return
	}
	for _, p := range active {
		if p.MenteeSlack == r.UserID {
			m.core.ReplyText(ctx, r, sprintf(msgFindHasMentor, p.MentorSlack))
			return
		}
	}
	pairs, err := m.suggest(ctx, r.UserID, 3)
	if err != nil {
		m.core.Fail(ctx, r, "find", err)
		return
	}
	var circles []slack.Block
	if m.circles != nil {
		circles = m.circles.CircleBlocks(ctx, r.UserID)
	}
	if len(pairs) == 0 {
		text := sprintf(msgFindNone, msgFindNoneSimple)
		if len(circles) == 0 {
			m.core.ReplyText(ctx, r, text)
			return
		}
		m.core.Reply(ctx, r, text, append([]slack.Block{slack.NewSectionBlock(bot.Mrkdwn(text), nil, nil)}, circles...))
		return
	}
	m.core.Reply(ctx, r, "Suggested mentors", append(suggestionBlocks("Your top mentors", pairs), circles...))
}

// suggest returns the best mentors for the mentee, leaving out those the
// mentee already asked or who declined.
func (m *Matchmaker) suggest(ctx context.Context, mentee string, k int) ([]match.Pair, error) {
	in, err := m.matchInput(ctx, "")
	if err != nil {
		return nil, err
	}
	asked, err := m.store.DeclinedOrPending(ctx, mentee)
	if err != nil {
		return nil, err
	}
	return match.Suggest(in, mentee, k, func(id string) bool { return asked[id] }), nil
}

func suggestionBlocks(title string, pairs []match.Pair) []slack.Block {
	blocks := []slack.Block{slack.NewHeaderBlock(bot.Plain(title))}
	for _, p := range pairs {
		text := sprintf("*<@%s>* · score %.2f\n%s", p.MentorID, p.Score, bot.EscapeMrkdwn(words.Truncate(reasonsText(p.Reasons), 2500)))
		btn := slack.NewButtonBlockElement(actionFindRequest, p.MentorID, bot.Plain("Request"))
		blocks = append(blocks, slack.NewSectionBlock(bot.Mrkdwn(text), nil, slack.NewAccessory(btn)))
	}
	blocks = append(blocks, slack.NewContextBlock("", bot.Mrkdwn("Request sends the mentor a DM to accept or decline. The same rules as the program matching apply.")))
	return blocks
}

func (m *Matchmaker) actFindRequest(ctx context.Context, r bot.Request, a *slack.BlockAction) {
	mentor := a.Value
	if !store.IsSlackUserID(mentor) {
		m.core.ReplyText(ctx, r, bot.MsgStaleButton)
		return
	}
	// The suggestion may be stale: check this one pair against the hard
	// rules as they stand now.
	asked, err := m.store.DeclinedOrPending(ctx, r.UserID)
	if err != nil {
		m.core.Fail(ctx, r, "request", err)
		return
	}
	if asked[mentor] {
		m.core.ReplyText(ctx, r, sprintf(msgRequestAgain, mentor))
		return
	}
	in, err := m.matchInput(ctx, "")
	if err != nil {
		m.core.Fail(ctx, r, "request", err)
		return
	}
	reasons, ok := pairReasons(in, mentor, r.UserID)
	if !ok {
		m.core.ReplyText(ctx, r, sprintf(msgRequestGone, mentor, "they are full, paused, or the rules no longer allow this pair"))
		return
	}
	req, err := m.store.CreateRequest(ctx, r.UserID, mentor)
	switch {
	case errors.Is(err, store.ErrAlreadyDone):
		m.core.ReplyText(ctx, r, sprintf(msgRequestAgain, mentor))
		return
	case err != nil:
		m.core.Fail(ctx, r, "request", err)
		return
	}
	mentee, _ := m.store.Participant(ctx, r.UserID)
	value := strconv.FormatInt(req.ID, 10)
	goals := "No goals written down yet."
	if g := strings.TrimSpace(mentee.Goals); g != "" {
		goals = "*Their goals:*\n>" + strings.ReplaceAll(bot.EscapeMrkdwn(words.Truncate(g, 1500)), "\n", "\n>")
	}
	blocks := []slack.Block{
		slack.NewSectionBlock(bot.Mrkdwn(sprintf(msgRequestToMentor, bot.Mention(r.UserID))), nil, nil),
		slack.NewSectionBlock(bot.Mrkdwn("*Why you:* "+bot.EscapeMrkdwn(words.Truncate(reasonsText(reasons), 2000))), nil, nil),
		slack.NewSectionBlock(bot.Mrkdwn(goals), nil, nil),
		slack.NewActionBlock("request_decision",
			slack.NewButtonBlockElement(actionRequestAccept, value, bot.Plain("Accept")).WithStyle(slack.StylePrimary),
			slack.NewButtonBlockElement(actionRequestDecline, value, bot.Plain("Decline"))),
	}
	channel, ts, err := m.core.DM(ctx, mentor, slack.MsgOptionText(fmt.Sprintf("%s would like you as their mentor.", bot.Mention(r.UserID)), false), slack.MsgOptionBlocks(blocks...))
	if err != nil {
		m.log.Warn("request DM failed", "err", err)
	} else if err := m.store.SetRequestMessage(ctx, req.ID, channel, ts); err != nil {
		m.log.Warn("request DM not recorded", "request", req.ID, "err", err)
	}
	m.core.ReplyText(ctx, r, sprintf(msgRequestSent, mentor))
}

// actRequestAccept and actRequestDecline answer a request; the gate
// (requestToMe) checked it was addressed to the clicker.
func (m *Matchmaker) actRequestAccept(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
	acc, err := m.store.AcceptRequest(ctx, r.Target.ID, r.UserID)
	p := acc.Pairing
	switch {
	case errors.Is(err, store.ErrAlreadyDone) && m.answerWithdrawn(ctx, r):
		return
	case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrAlreadyDone), errors.Is(err, store.ErrNotSignedUp):
		m.core.ReplyText(ctx, r, bot.MsgStaleButton)
		return
	case errors.Is(err, store.ErrConflict):
		m.core.ReplaceOriginal(ctx, r, msgRequestMenteeTaken)
		return
	case errors.Is(err, store.ErrPairForbidden):
		m.core.ReplyText(ctx, r, msgRequestAtCapacity)
		return
	case err != nil:
		m.core.Fail(ctx, r, "accept", err)
		return
	}
	m.core.ReplaceOriginal(ctx, r, msgRequestAccepted)
	m.core.DMText(ctx, p.MenteeSlack, sprintf(msgRequestAcceptedDM, p.MentorSlack))
	m.closeWithdrawn(ctx, acc.Withdrawn)
	if err := m.introduce(ctx, p); err != nil {
		m.log.Warn("introduction failed", "pairing", p.ID, "err", err)
	}
}

// closeWithdrawn rewrites the request DMs of withdrawn requests (found in
// the bot's own records of what it sent each mentor) so that they say so
// and offer no buttons.
func (m *Matchmaker) closeWithdrawn(ctx context.Context, reqs []store.Request) {
	for _, q := range reqs {
		if q.DMChannel == "" || q.DMTS == "" {
			continue
		}
		text := sprintf(msgRequestWithdrawn, bot.Mention(q.MenteeSlack))
		blocks := []slack.Block{slack.NewSectionBlock(bot.Mrkdwn(text), nil, nil)}
		if _, _, _, err := m.api.UpdateMessageContext(ctx, q.DMChannel, q.DMTS, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...)); err != nil {
			m.log.Warn("withdrawn request DM not updated", "request", q.ID, "err", err)
		}
	}
}

// answerWithdrawn answers a click on a withdrawn request (from a client
// still showing its buttons) by saying so; false when it was not withdrawn.
func (m *Matchmaker) answerWithdrawn(ctx context.Context, r bot.Request) bool {
	q, err := m.store.RequestByID(ctx, r.Target.ID)
	if err != nil || q.Status != store.RequestWithdrawn {
		return false
	}
	m.core.ReplaceOriginal(ctx, r, sprintf(msgRequestWithdrawn, bot.Mention(q.MenteeSlack)))
	return true
}

func (m *Matchmaker) actRequestDecline(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
	req, err := m.store.DeclineRequest(ctx, r.Target.ID, r.UserID)
	if errors.Is(err, store.ErrAlreadyDone) && m.answerWithdrawn(ctx, r) {
		return
	}
	if err != nil {
		m.core.ReplyText(ctx, r, bot.MsgStaleButton)
		return
	}
	m.core.ReplaceOriginal(ctx, r, msgRequestDeclined)
	next, err := m.suggest(ctx, req.MenteeSlack, 1)
	if err != nil || len(next) == 0 {
		m.core.DMText(ctx, req.MenteeSlack, sprintf(msgRequestDeclinedNone, req.MentorSlack))
		return
	}
	blocks := append([]slack.Block{slack.NewSectionBlock(bot.Mrkdwn(sprintf(msgRequestDeclinedDM, req.MentorSlack)), nil, nil)},
		suggestionBlocks("Another mentor for you", next)...)
	if _, _, err := m.core.DM(ctx, req.MenteeSlack, slack.MsgOptionText(sprintf(msgRequestDeclinedDM, req.MentorSlack), false), slack.MsgOptionBlocks(blocks...)); err != nil {
		m.log.Warn("decline DM failed", "err", err)
	}
}
