package pairing

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/match"
	"github.com/mentorbot/mentorbot/store"
)

// previewPairs and previewUnmatched bound the preview message (Slack allows
// 50 blocks); the full list is in `mentorbot match --dry-run`.
const (
	previewPairs     = 20
	previewUnmatched = 15
	introTimeout     = 30 * time.Minute
)

// proposalBody is what a stored preview holds.
type proposalBody struct {
	Program   string               `json:"program"`
	Pairs     []store.ProposedPair `json:"pairs"`
	Unmatched []match.Unmatched    `json:"unmatched"`
}

func (m *Matchmaker) cmdMatch(ctx context.Context, r bot.Request, c bot.Command) {
	fp, err := m.store.MatchFingerprint(ctx)
	if err != nil {
		m.core.Fail(ctx, r, "match", err)
		return
	}
	in, err := m.matchInput(ctx, c.Program)
	if errors.Is(err, store.ErrNotFound) {
		m.core.ReplyText(ctx, r, sprintf(msgProgramNotFound, bot.Quote(c.Program)))
		return
	}
	if err != nil {
		m.core.Fail(ctx, r, "match", err)
		return
	}
	res, err := match.Match(in)
	if err != nil {
		m.core.Fail(ctx, r, "match", err)
		return
	}
	body := proposalBody{Program: c.Program, Unmatched: res.Unmatched}
	for _, p := range res.Pairs {
		body.Pairs = append(body.Pairs, store.ProposedPair{MentorSlack: p.MentorID, MenteeSlack: p.MenteeID, Score: p.Score, Reasons: p.Breakdown.ReasonsAbout()})
	}
	if len(body.Pairs) == 0 {
		// Nothing to confirm: show why people stay unmatched, without buttons.
		m.core.Audit(ctx, r.UserID, "match preview", c.Program, store.OutcomeOK, "no pairs")
		m.core.Reply(ctx, r, "Matching preview: no pairs", previewBlocks(0, body, res))
		return
	}
	raw, err := json.Marshal(body)
	if err != nil {
		m.core.Fail(ctx, r, "match", err)
		return
	}
	id, err := m.store.SaveProposal(ctx, c.Program, r.UserID, fp, string(raw))
	if err != nil {
		m.core.Fail(ctx, r, "match", err)
		return
	}
	m.core.Audit(ctx, r.UserID, "match preview", c.Program, store.OutcomeOK, sprintf("proposal %d: %d pairs, %d unmatched", id, len(body.Pairs), len(body.Unmatched)))
	m.core.Reply(ctx, r, sprintf("Matching preview: %d pairs", len(body.Pairs)), previewBlocks(id, body, res))
}

func previewBlocks(id int64, body proposalBody, res match.Result) []slack.Block {
	title := "Matching preview"
	if body.Program != "" {
		title += ": " + bot.Truncate(body.Program, 100)
	}
	summary := sprintf("*%d pairs* proposed, total score *%.2f*. *%d* people stay unmatched.\nThe matching is exact: it makes as many pairs as possible, then the highest total score, under every rule (never a person's manager, never a past pair, never over a mentor's capacity).",
		len(body.Pairs), res.Total, len(body.Unmatched))
	blocks := []slack.Block{
		slack.NewHeaderBlock(bot.Plain(title)),
		slack.NewSectionBlock(bot.Mrkdwn(summary), nil, nil),
		slack.NewDividerBlock(),
	}
	for i, p := range body.Pairs {
		if i == previewPairs {
			blocks = append(blocks, slack.NewContextBlock("", bot.Mrkdwn(sprintf("…and %d more pairs. `mentorbot match --dry-run` lists them all.", len(body.Pairs)-previewPairs))))
			break
		}
		text := sprintf("*<@%s>* mentors *<@%s>* · score %.2f\n%s", p.MentorSlack, p.MenteeSlack, p.Score, bot.EscapeMrkdwn(bot.Truncate(reasonsText(p.Reasons), 2500)))
		blocks = append(blocks, slack.NewSectionBlock(bot.Mrkdwn(text), nil, nil))
	}
	if len(body.Unmatched) > 0 {
		var lines []string
		for i, u := range body.Unmatched {
			if i == previewUnmatched {
				lines = append(lines, sprintf("…and %d more", len(body.Unmatched)-previewUnmatched))
				break
			}
			lines = append(lines, sprintf("• <@%s> (%s): %s", u.ID, u.Side, bot.EscapeMrkdwn(bot.Truncate(u.Reason, 150))))
		}
		blocks = append(blocks, slack.NewSectionBlock(bot.Mrkdwn("*Unmatched*\n"+strings.Join(lines, "\n")), nil, nil))
	}
	if id > 0 {
		value := strconv.FormatInt(id, 10)
		confirm := slack.NewButtonBlockElement(actionMatchConfirm, value, bot.Plain("Confirm")).WithStyle(slack.StylePrimary)
		cancel := slack.NewButtonBlockElement(actionMatchCancel, value, bot.Plain("Cancel"))
		blocks = append(blocks, slack.NewActionBlock("match_decision", confirm, cancel))
	}
	return blocks
}

// actMatchCancel and actMatchConfirm decide a preview; the gate
// (myProposal) checked the clicker is the admin who made it.
func (m *Matchmaker) actMatchCancel(ctx context.Context, r bot.Request, _ slack.InteractionCallback, _ *slack.BlockAction) {
	id := r.Target.ID
	target := strconv.FormatInt(id, 10)
	if err := m.store.CancelProposal(ctx, id); err != nil {
		m.core.ReplaceOriginal(ctx, r, msgMatchDecided)
		return
	}
	m.core.Audit(ctx, r.UserID, "match cancel", target, store.OutcomeOK, "")
	m.core.ReplaceOriginal(ctx, r, msgMatchCancelled)
}

func (m *Matchmaker) actMatchConfirm(ctx context.Context, r bot.Request, _ slack.InteractionCallback, _ *slack.BlockAction) {
	id := r.Target.ID
	target := strconv.FormatInt(id, 10)
	prop, err := m.store.Proposal(ctx, id)
	if err != nil {
		m.core.ReplyText(ctx, r, bot.MsgStaleButton)
		return
	}
	var body proposalBody
	if err := json.Unmarshal([]byte(prop.Body), &body); err != nil {
		m.core.Fail(ctx, r, "match confirm", err)
		return
	}
	created, err := m.store.ConfirmProposal(ctx, id, body.Pairs, body.Program)
	switch {
	case errors.Is(err, store.ErrAlreadyDone):
		m.core.ReplyText(ctx, r, msgMatchDecided)
		return
	case errors.Is(err, store.ErrStale):
		m.core.Audit(ctx, r.UserID, "match confirm", target, store.OutcomeError, "stale preview")
		m.core.ReplaceOriginal(ctx, r, msgMatchStale)
		return
	case err != nil:
		m.core.Audit(ctx, r.UserID, "match confirm", target, store.OutcomeError, pairErrorDetail(err))
		m.log.Error("confirm matching", "proposal", id, "err", err)
		m.core.ReplaceOriginal(ctx, r, sprintf(msgMatchFailed, pairErrorDetail(err)))
		return
	}
	m.core.Audit(ctx, r.UserID, "match confirm", target, store.OutcomeOK, sprintf("%d pairings", len(created)))
	m.core.ReplaceOriginal(ctx, r, sprintf(msgMatchConfirmed, len(created), len(body.Unmatched)))
	// Introductions can be many: they outlive the handler's usual timeout.
	ictx, cancel := context.WithTimeout(context.WithoutCancel(ctx), introTimeout)
	defer cancel()
	for _, p := range created {
		if err := m.introduce(ictx, p); err != nil {
			m.log.Warn("introduction failed", "pairing", p.ID, "err", err)
		}
	}
	for _, u := range body.Unmatched {
		m.tellWaiting(ictx, u)
	}
}

// tellWaiting tells an unmatched person, kindly, that they are on the
// waiting list.
func (m *Matchmaker) tellWaiting(ctx context.Context, u match.Unmatched) {
	p, err := m.store.Participant(ctx, u.ID)
	if err != nil {
		return // left or gone since the preview
	}
	text := sprintf(msgWaitingMentee, bot.EscapeMrkdwn(p.Name), bot.EscapeMrkdwn(lowerFirst(u.Reason)))
	if u.Side == match.RoleMentor {
		text = sprintf(msgWaitingMentor, bot.EscapeMrkdwn(p.Name), bot.EscapeMrkdwn(lowerFirst(u.Reason)))
	}
	// Posting to the user ID reaches their DM without conversations.open.
	if err := m.core.Paced(ctx, "chat.postMessage", u.ID, func(ctx context.Context) error {
		_, _, err := m.api.PostMessageContext(ctx, u.ID, slack.MsgOptionText(text, false))
		return err
	}); err != nil {
		m.log.Warn("waiting-list DM failed", "user", u.ID, "err", err)
	}
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

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
	if len(pairs) == 0 {
		m.core.ReplyText(ctx, r, sprintf(msgFindNone, msgFindNoneSimple))
		return
	}
	m.core.Reply(ctx, r, "Suggested mentors", suggestionBlocks("Your top mentors", pairs))
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
		text := sprintf("*<@%s>* · score %.2f\n%s", p.MentorID, p.Score, bot.EscapeMrkdwn(bot.Truncate(reasonsText(p.Reasons), 2500)))
		btn := slack.NewButtonBlockElement(actionFindRequest, p.MentorID, bot.Plain("Request"))
		blocks = append(blocks, slack.NewSectionBlock(bot.Mrkdwn(text), nil, slack.NewAccessory(btn)))
	}
	blocks = append(blocks, slack.NewContextBlock("", bot.Mrkdwn("Request sends the mentor a DM to accept or decline. The same rules as the program matching apply.")))
	return blocks
}

func (m *Matchmaker) actFindRequest(ctx context.Context, r bot.Request, _ slack.InteractionCallback, a *slack.BlockAction) {
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
		goals = "*Their goals:*\n>" + strings.ReplaceAll(bot.EscapeMrkdwn(bot.Truncate(g, 1500)), "\n", "\n>")
	}
	blocks := []slack.Block{
		slack.NewSectionBlock(bot.Mrkdwn(sprintf(msgRequestToMentor, bot.Mention(r.UserID))), nil, nil),
		slack.NewSectionBlock(bot.Mrkdwn("*Why you:* "+bot.EscapeMrkdwn(bot.Truncate(reasonsText(reasons), 2000))), nil, nil),
		slack.NewSectionBlock(bot.Mrkdwn(goals), nil, nil),
		slack.NewActionBlock("request_decision",
			slack.NewButtonBlockElement(actionRequestAccept, value, bot.Plain("Accept")).WithStyle(slack.StylePrimary),
			slack.NewButtonBlockElement(actionRequestDecline, value, bot.Plain("Decline"))),
	}
	if _, _, err := m.core.DM(ctx, mentor, slack.MsgOptionText(fmt.Sprintf("%s would like you as their mentor.", bot.Mention(r.UserID)), false), slack.MsgOptionBlocks(blocks...)); err != nil {
		m.log.Warn("request DM failed", "err", err)
	}
	m.core.ReplyText(ctx, r, sprintf(msgRequestSent, mentor))
}

// actRequestAccept and actRequestDecline answer a request; the gate
// (requestToMe) checked it was addressed to the clicker.
func (m *Matchmaker) actRequestAccept(ctx context.Context, r bot.Request, _ slack.InteractionCallback, _ *slack.BlockAction) {
	p, err := m.store.AcceptRequest(ctx, r.Target.ID, r.UserID)
	switch {
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
	if err := m.introduce(ctx, p); err != nil {
		m.log.Warn("introduction failed", "pairing", p.ID, "err", err)
	}
}

func (m *Matchmaker) actRequestDecline(ctx context.Context, r bot.Request, _ slack.InteractionCallback, _ *slack.BlockAction) {
	req, err := m.store.DeclineRequest(ctx, r.Target.ID, r.UserID)
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

// pairReasons scores one (mentor, mentee) pair under the hard rules and
// says why it fits; ok is false when the rules forbid it.
func pairReasons(in match.Input, mentorID, menteeID string) (reasons []string, ok bool) {
	var mentor, mentee *match.Person
	for i := range in.People {
		switch in.People[i].ID {
		case mentorID:
			mentor = &in.People[i]
		case menteeID:
			mentee = &in.People[i]
		}
	}
	if mentor == nil || mentee == nil {
		return nil, false
	}
	bd, ok := match.Score(in, *mentor, *mentee)
	if !ok {
		return nil, false
	}
	return bd.ReasonsAbout(), true
}
