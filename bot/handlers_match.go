package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

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

func (b *Bot) cmdMatch(ctx context.Context, r Request, c Command) {
	fp, err := b.store.MatchFingerprint(ctx)
	if err != nil {
		b.Fail(ctx, r, "match", err)
		return
	}
	in, err := b.matchInput(ctx, c.Program)
	if errors.Is(err, store.ErrNotFound) {
		b.ReplyText(ctx, r, sprintf(msgProgramNotFound, Quote(c.Program)))
		return
	}
	if err != nil {
		b.Fail(ctx, r, "match", err)
		return
	}
	res, err := match.Match(in)
	if err != nil {
		b.Fail(ctx, r, "match", err)
		return
	}
	body := proposalBody{Program: c.Program, Unmatched: res.Unmatched}
	for _, p := range res.Pairs {
		body.Pairs = append(body.Pairs, store.ProposedPair{MentorSlack: p.MentorID, MenteeSlack: p.MenteeID, Score: p.Score, Reasons: p.Breakdown.ReasonsAbout()})
	}
	if len(body.Pairs) == 0 {
		// Nothing to confirm: show why people stay unmatched, without buttons.
		b.Audit(ctx, r.UserID, "match preview", c.Program, store.OutcomeOK, "no pairs")
		b.Reply(ctx, r, "Matching preview: no pairs", previewBlocks(0, body, res))
		return
	}
	raw, err := json.Marshal(body)
	if err != nil {
		b.Fail(ctx, r, "match", err)
		return
	}
	id, err := b.store.SaveProposal(ctx, c.Program, r.UserID, fp, string(raw))
	if err != nil {
		b.Fail(ctx, r, "match", err)
		return
	}
	b.Audit(ctx, r.UserID, "match preview", c.Program, store.OutcomeOK, sprintf("proposal %d: %d pairs, %d unmatched", id, len(body.Pairs), len(body.Unmatched)))
	b.Reply(ctx, r, sprintf("Matching preview: %d pairs", len(body.Pairs)), previewBlocks(id, body, res))
}

func previewBlocks(id int64, body proposalBody, res match.Result) []slack.Block {
	title := "Matching preview"
	if body.Program != "" {
		title += ": " + Truncate(body.Program, 100)
	}
	summary := sprintf("*%d pairs* proposed, total score *%.2f*. *%d* people stay unmatched.\nThe matching is exact: it makes as many pairs as possible, then the highest total score, under every rule (never a person's manager, never a past pair, never over a mentor's capacity).",
		len(body.Pairs), res.Total, len(body.Unmatched))
	blocks := []slack.Block{
		slack.NewHeaderBlock(Plain(title)),
		slack.NewSectionBlock(Mrkdwn(summary), nil, nil),
		slack.NewDividerBlock(),
	}
	for i, p := range body.Pairs {
		if i == previewPairs {
			blocks = append(blocks, slack.NewContextBlock("", Mrkdwn(sprintf("…and %d more pairs. `mentorbot match --dry-run` lists them all.", len(body.Pairs)-previewPairs))))
			break
		}
		text := sprintf("*<@%s>* mentors *<@%s>* · score %.2f\n%s", p.MentorSlack, p.MenteeSlack, p.Score, EscapeMrkdwn(Truncate(reasonsText(p.Reasons), 2500)))
		blocks = append(blocks, slack.NewSectionBlock(Mrkdwn(text), nil, nil))
	}
	if len(body.Unmatched) > 0 {
		var lines []string
		for i, u := range body.Unmatched {
			if i == previewUnmatched {
				lines = append(lines, sprintf("…and %d more", len(body.Unmatched)-previewUnmatched))
				break
			}
			lines = append(lines, sprintf("• <@%s> (%s): %s", u.ID, u.Side, EscapeMrkdwn(Truncate(u.Reason, 150))))
		}
		blocks = append(blocks, slack.NewSectionBlock(Mrkdwn("*Unmatched*\n"+strings.Join(lines, "\n")), nil, nil))
	}
	if id > 0 {
		value := strconv.FormatInt(id, 10)
		confirm := slack.NewButtonBlockElement(actionMatchConfirm, value, Plain("Confirm")).WithStyle(slack.StylePrimary)
		cancel := slack.NewButtonBlockElement(actionMatchCancel, value, Plain("Cancel"))
		blocks = append(blocks, slack.NewActionBlock("match_decision", confirm, cancel))
	}
	return blocks
}

// actMatchCancel and actMatchConfirm decide a preview; the gate
// (myProposal) checked the clicker is the admin who made it.
func (b *Bot) actMatchCancel(ctx context.Context, r Request, _ slack.InteractionCallback, _ *slack.BlockAction) {
	id := r.Target.ID
	target := strconv.FormatInt(id, 10)
	if err := b.store.CancelProposal(ctx, id); err != nil {
		b.ReplaceOriginal(ctx, r, msgMatchDecided)
		return
	}
	b.Audit(ctx, r.UserID, "match cancel", target, store.OutcomeOK, "")
	b.ReplaceOriginal(ctx, r, msgMatchCancelled)
}

func (b *Bot) actMatchConfirm(ctx context.Context, r Request, _ slack.InteractionCallback, _ *slack.BlockAction) {
	id := r.Target.ID
	target := strconv.FormatInt(id, 10)
	prop, err := b.store.Proposal(ctx, id)
	if err != nil {
		b.ReplyText(ctx, r, MsgStaleButton)
		return
	}
	var body proposalBody
	if err := json.Unmarshal([]byte(prop.Body), &body); err != nil {
		b.Fail(ctx, r, "match confirm", err)
		return
	}
	created, err := b.store.ConfirmProposal(ctx, id, body.Pairs, body.Program)
	switch {
	case errors.Is(err, store.ErrAlreadyDone):
		b.ReplyText(ctx, r, msgMatchDecided)
		return
	case errors.Is(err, store.ErrStale):
		b.Audit(ctx, r.UserID, "match confirm", target, store.OutcomeError, "stale preview")
		b.ReplaceOriginal(ctx, r, msgMatchStale)
		return
	case err != nil:
		b.Audit(ctx, r.UserID, "match confirm", target, store.OutcomeError, pairErrorDetail(err))
		b.log.Error("confirm matching", "proposal", id, "err", err)
		b.ReplaceOriginal(ctx, r, sprintf(msgMatchFailed, pairErrorDetail(err)))
		return
	}
	b.Audit(ctx, r.UserID, "match confirm", target, store.OutcomeOK, sprintf("%d pairings", len(created)))
	b.ReplaceOriginal(ctx, r, sprintf(msgMatchConfirmed, len(created), len(body.Unmatched)))
	// Introductions can be many: they outlive the handler's usual timeout.
	ictx, cancel := context.WithTimeout(context.WithoutCancel(ctx), introTimeout)
	defer cancel()
	for _, p := range created {
		if err := b.introduce(ictx, p); err != nil {
			b.log.Warn("introduction failed", "pairing", p.ID, "err", err)
		}
	}
	for _, u := range body.Unmatched {
		b.tellWaiting(ictx, u)
	}
}

// tellWaiting tells an unmatched person, kindly, that they are on the
// waiting list.
func (b *Bot) tellWaiting(ctx context.Context, u match.Unmatched) {
	p, err := b.store.Participant(ctx, u.ID)
	if err != nil {
		return // left or gone since the preview
	}
	text := sprintf(msgWaitingMentee, EscapeMrkdwn(p.Name), EscapeMrkdwn(lowerFirst(u.Reason)))
	if u.Side == match.RoleMentor {
		text = sprintf(msgWaitingMentor, EscapeMrkdwn(p.Name), EscapeMrkdwn(lowerFirst(u.Reason)))
	}
	// Posting to the user ID reaches their DM without conversations.open.
	if err := b.Paced(ctx, "chat.postMessage", u.ID, func(ctx context.Context) error {
		_, _, err := b.api.PostMessageContext(ctx, u.ID, slack.MsgOptionText(text, false))
		return err
	}); err != nil {
		b.log.Warn("waiting-list DM failed", "user", u.ID, "err", err)
	}
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func (b *Bot) cmdFind(ctx context.Context, r Request, _ Command) {
	me, err := b.store.Participant(ctx, r.UserID)
	if errors.Is(err, store.ErrNotSignedUp) {
		b.ReplyText(ctx, r, MsgNotSignedUp)
		return
	}
	if err != nil {
		b.Fail(ctx, r, "find", err)
		return
	}
	if !me.IsMentee() {
		b.ReplyText(ctx, r, msgFindNotMentee)
		return
	}
	if me.Status != store.StatusActive {
		b.ReplyText(ctx, r, msgFindPaused)
		return
	}
	active, err := b.store.ActivePairings(ctx, r.UserID)
	if err != nil {
		b.Fail(ctx, r, "find", err)
		return
	}
	for _, p := range active {
		if p.MenteeSlack == r.UserID {
			b.ReplyText(ctx, r, sprintf(msgFindHasMentor, p.MentorSlack))
			return
		}
	}
	pairs, err := b.suggest(ctx, r.UserID, 3)
	if err != nil {
		b.Fail(ctx, r, "find", err)
		return
	}
	if len(pairs) == 0 {
		b.ReplyText(ctx, r, sprintf(msgFindNone, msgFindNoneSimple))
		return
	}
	b.Reply(ctx, r, "Suggested mentors", suggestionBlocks("Your top mentors", pairs))
}

// suggest returns the best mentors for the mentee, leaving out those the
// mentee already asked or who declined.
func (b *Bot) suggest(ctx context.Context, mentee string, k int) ([]match.Pair, error) {
	in, err := b.matchInput(ctx, "")
	if err != nil {
		return nil, err
	}
	asked, err := b.store.DeclinedOrPending(ctx, mentee)
	if err != nil {
		return nil, err
	}
	return match.Suggest(in, mentee, k, func(id string) bool { return asked[id] }), nil
}

func suggestionBlocks(title string, pairs []match.Pair) []slack.Block {
	blocks := []slack.Block{slack.NewHeaderBlock(Plain(title))}
	for _, p := range pairs {
		text := sprintf("*<@%s>* · score %.2f\n%s", p.MentorID, p.Score, EscapeMrkdwn(Truncate(reasonsText(p.Reasons), 2500)))
		btn := slack.NewButtonBlockElement(actionFindRequest, p.MentorID, Plain("Request"))
		blocks = append(blocks, slack.NewSectionBlock(Mrkdwn(text), nil, slack.NewAccessory(btn)))
	}
	blocks = append(blocks, slack.NewContextBlock("", Mrkdwn("Request sends the mentor a DM to accept or decline. The same rules as the program matching apply.")))
	return blocks
}

func (b *Bot) actFindRequest(ctx context.Context, r Request, _ slack.InteractionCallback, a *slack.BlockAction) {
	mentor := a.Value
	if !store.IsSlackUserID(mentor) {
		b.ReplyText(ctx, r, MsgStaleButton)
		return
	}
	// The suggestion may be stale: check this one pair against the hard
	// rules as they stand now.
	asked, err := b.store.DeclinedOrPending(ctx, r.UserID)
	if err != nil {
		b.Fail(ctx, r, "request", err)
		return
	}
	if asked[mentor] {
		b.ReplyText(ctx, r, sprintf(msgRequestAgain, mentor))
		return
	}
	in, err := b.matchInput(ctx, "")
	if err != nil {
		b.Fail(ctx, r, "request", err)
		return
	}
	reasons, ok := pairReasons(in, mentor, r.UserID)
	if !ok {
		b.ReplyText(ctx, r, sprintf(msgRequestGone, mentor, "they are full, paused, or the rules no longer allow this pair"))
		return
	}
	req, err := b.store.CreateRequest(ctx, r.UserID, mentor)
	switch {
	case errors.Is(err, store.ErrAlreadyDone):
		b.ReplyText(ctx, r, sprintf(msgRequestAgain, mentor))
		return
	case err != nil:
		b.Fail(ctx, r, "request", err)
		return
	}
	mentee, _ := b.store.Participant(ctx, r.UserID)
	value := strconv.FormatInt(req.ID, 10)
	goals := "No goals written down yet."
	if g := strings.TrimSpace(mentee.Goals); g != "" {
		goals = "*Their goals:*\n>" + strings.ReplaceAll(EscapeMrkdwn(Truncate(g, 1500)), "\n", "\n>")
	}
	blocks := []slack.Block{
		slack.NewSectionBlock(Mrkdwn(sprintf(msgRequestToMentor, Mention(r.UserID))), nil, nil),
		slack.NewSectionBlock(Mrkdwn("*Why you:* "+EscapeMrkdwn(Truncate(reasonsText(reasons), 2000))), nil, nil),
		slack.NewSectionBlock(Mrkdwn(goals), nil, nil),
		slack.NewActionBlock("request_decision",
			slack.NewButtonBlockElement(actionRequestAccept, value, Plain("Accept")).WithStyle(slack.StylePrimary),
			slack.NewButtonBlockElement(actionRequestDecline, value, Plain("Decline"))),
	}
	if _, _, err := b.DM(ctx, mentor, slack.MsgOptionText(fmt.Sprintf("%s would like you as their mentor.", Mention(r.UserID)), false), slack.MsgOptionBlocks(blocks...)); err != nil {
		b.log.Warn("request DM failed", "err", err)
	}
	b.ReplyText(ctx, r, sprintf(msgRequestSent, mentor))
}

// actRequestAccept and actRequestDecline answer a request; the gate
// (requestToMe) checked it was addressed to the clicker.
func (b *Bot) actRequestAccept(ctx context.Context, r Request, _ slack.InteractionCallback, _ *slack.BlockAction) {
	p, err := b.store.AcceptRequest(ctx, r.Target.ID, r.UserID)
	switch {
	case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrAlreadyDone), errors.Is(err, store.ErrNotSignedUp):
		b.ReplyText(ctx, r, MsgStaleButton)
		return
	case errors.Is(err, store.ErrConflict):
		b.ReplaceOriginal(ctx, r, msgRequestMenteeTaken)
		return
	case errors.Is(err, store.ErrPairForbidden):
		b.ReplyText(ctx, r, msgRequestAtCapacity)
		return
	case err != nil:
		b.Fail(ctx, r, "accept", err)
		return
	}
	b.ReplaceOriginal(ctx, r, msgRequestAccepted)
	b.DMText(ctx, p.MenteeSlack, sprintf(msgRequestAcceptedDM, p.MentorSlack))
	if err := b.introduce(ctx, p); err != nil {
		b.log.Warn("introduction failed", "pairing", p.ID, "err", err)
	}
}

func (b *Bot) actRequestDecline(ctx context.Context, r Request, _ slack.InteractionCallback, _ *slack.BlockAction) {
	req, err := b.store.DeclineRequest(ctx, r.Target.ID, r.UserID)
	if err != nil {
		b.ReplyText(ctx, r, MsgStaleButton)
		return
	}
	b.ReplaceOriginal(ctx, r, msgRequestDeclined)
	next, err := b.suggest(ctx, req.MenteeSlack, 1)
	if err != nil || len(next) == 0 {
		b.DMText(ctx, req.MenteeSlack, sprintf(msgRequestDeclinedNone, req.MentorSlack))
		return
	}
	blocks := append([]slack.Block{slack.NewSectionBlock(Mrkdwn(sprintf(msgRequestDeclinedDM, req.MentorSlack)), nil, nil)},
		suggestionBlocks("Another mentor for you", next)...)
	if _, _, err := b.DM(ctx, req.MenteeSlack, slack.MsgOptionText(sprintf(msgRequestDeclinedDM, req.MentorSlack), false), slack.MsgOptionBlocks(blocks...)); err != nil {
		b.log.Warn("decline DM failed", "err", err)
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
