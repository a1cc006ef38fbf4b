package pairing

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/match"
	"github.com/mentorbot/mentorbot/bot/words"
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
	m.core.Reply(ctx, r, "Matching preview: "+bot.Count(len(body.Pairs), "pair", "pairs"), previewBlocks(id, body, res))
	m.core.ProgramChanged(ctx) // a pending preview shows on the dashboards
}

func previewBlocks(id int64, body proposalBody, res match.Result) []slack.Block {
	title := "Matching preview"
	if body.Program != "" {
		title += ": " + words.Truncate(body.Program, 100)
	}
	summary := sprintf("*%s* proposed, total score *%.2f*. *%s* %s unmatched.\nThe matching is exact: it makes as many pairs as possible, then the highest total score, under every rule (never a person's manager, never a past pair, never over a mentor's capacity).",
		bot.Count(len(body.Pairs), "pair", "pairs"), res.Total, bot.Count(len(body.Unmatched), "person", "people"), stays(len(body.Unmatched)))
	blocks := []slack.Block{
		slack.NewHeaderBlock(bot.Plain(title)),
		slack.NewSectionBlock(bot.Mrkdwn(summary), nil, nil),
		slack.NewDividerBlock(),
	}
	for i, p := range body.Pairs {
		if i == previewPairs {
			blocks = append(blocks, slack.NewContextBlock("", bot.Mrkdwn(sprintf("…and %s more. `mentorbot match --dry-run` lists them all.", bot.Count(len(body.Pairs)-previewPairs, "pair", "pairs")))))
			break
		}
		text := sprintf("*<@%s>* mentors *<@%s>* · score %.2f\n%s", p.MentorSlack, p.MenteeSlack, p.Score, bot.EscapeMrkdwn(words.Truncate(reasonsText(p.Reasons), 2500)))
		blocks = append(blocks, slack.NewSectionBlock(bot.Mrkdwn(text), nil, nil))
	}
	if len(body.Unmatched) > 0 {
		var lines []string
		for i, u := range body.Unmatched {
			if i == previewUnmatched {
				lines = append(lines, sprintf("…and %d more", len(body.Unmatched)-previewUnmatched))
				break
			}
			lines = append(lines, sprintf("• <@%s> (%s): %s", u.ID, u.Side, bot.EscapeMrkdwn(words.Truncate(u.Reason, 150))))
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
func (m *Matchmaker) actMatchCancel(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
	id := r.Target.ID
	target := strconv.FormatInt(id, 10)
	if err := m.store.CancelProposal(ctx, id); err != nil {
		m.core.ReplaceOriginal(ctx, r, msgMatchDecided)
		return
	}
	m.core.Audit(ctx, r.UserID, "match cancel", target, store.OutcomeOK, "")
	m.core.ReplaceOriginal(ctx, r, msgMatchCancelled)
	m.core.ProgramChanged(ctx)
}

func (m *Matchmaker) actMatchConfirm(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
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
	m.core.ReplaceOriginal(ctx, r, sprintf(msgMatchConfirmed, bot.Count(len(created), "pairing", "pairings"), bot.Count(len(body.Unmatched), "unmatched person", "unmatched people")))
	m.core.ProgramChanged(ctx) // new pairings and a shorter waiting list
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

// stays is the verb after a count of people: "1 person stays", "2 people stay".
func stays(n int) string {
	if n == 1 {
		return "stays"
	}
	return "stay"
}
