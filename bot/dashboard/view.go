package dashboard

import (
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/words"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/report"
)

// limits keeps the Home tab well under Slack's 100 blocks: each attention
// item is two blocks, the other lists one section each.
var limits = store.DashboardLimits{Attention: 10, Waiting: 10, Proposals: 5}

// HomeView lays the dashboard out as an App Home tab.
func HomeView(d store.Dashboard) slack.HomeTabViewRequest {
	return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: Blocks(d)}}
}

// Blocks is the dashboard, in plain words: figures, what needs attention,
// who waits and why, pending previews, and the admin's buttons.
func Blocks(d store.Dashboard) []slack.Block {
	blocks := []slack.Block{
		slack.NewHeaderBlock(bot.Plain(msgTitle)),
		slack.NewSectionBlock(nil, []*slack.TextBlockObject{
			bot.Mrkdwn("*Participants*\n" + strconv.Itoa(d.Participants)),
			bot.Mrkdwn("*Waiting for a mentor*\n" + strconv.Itoa(d.Waiting)),
			bot.Mrkdwn("*Active pairings*\n" + strconv.Itoa(d.ActivePairings)),
			bot.Mrkdwn("*Check-ins met, last 4 weeks*\n" + metRate(d.CheckinsMet, d.CheckinsSent)),
			bot.Mrkdwn("*Pairings ended*\n" + completionWords(d)),
			bot.Mrkdwn("*Goals done*\n" + strconv.Itoa(d.GoalsDone)),
			bot.Mrkdwn("*Networking rounds, last 4 weeks*\n" + roundsLine(d.Rounds)),
		}, nil),
		slack.NewActionBlock(blockActions,
			slack.NewButtonBlockElement(actionRunMatching, "match", bot.Plain("Run matching")).WithStyle(slack.StylePrimary),
			slack.NewButtonBlockElement(actionReport, "report", bot.Plain("Report")),
			slack.NewButtonBlockElement(actionAnnounce, "announce", bot.Plain("Announce")),
			slack.NewButtonBlockElement(actionRefresh, "refresh", bot.Plain("Refresh")),
		),
		slack.NewDividerBlock(),
	}
	blocks = append(blocks, attentionBlocks(d)...)
	blocks = append(blocks, slack.NewDividerBlock(), waitingBlock(d), proposalsBlock(d))
	if c := d.Circles; c.Active > 0 || len(c.AtRisk) > 0 {
		blocks = append(blocks, circlesBlocks(c)...)
	}
	return append(blocks, slack.NewContextBlock("", bot.Mrkdwn(msgAdminNote)))
}

// circlesBlocks: the mentoring circles in plain words, then those that
// need attention, each by name with the reason in words and *Mark
// handled*, like a pairing.
func circlesBlocks(c store.DashboardCircles) []slack.Block {
	blocks := []slack.Block{slack.NewSectionBlock(bot.Mrkdwn(sprintf(msgCircles, bot.Count(c.Active, "active circle", "active circles"),
		bot.Count(c.Members, "member", "members"), metRate(c.CheckinsMet, c.CheckinsSent))), nil, nil)}
	for _, it := range c.AtRisk {
		ci := it.Circle
		flagged := ""
		if ci.AtRiskAt != nil {
			flagged = ci.AtRiskAt.UTC().Format("2 Jan 2006")
		}
		text := sprintf(msgCircleAtRisk, bot.EscapeMrkdwn(words.Truncate(ci.Name, 60)), bot.Mention(ci.LeadSlack),
			bot.EscapeMrkdwn(reasonsWhy(it.NeedHelp, ci.AtRiskReason)), flagged)
		id := strconv.FormatInt(ci.ID, 10)
		blocks = append(blocks, slack.NewSectionBlock(bot.Mrkdwn(text), nil, nil),
			slack.NewActionBlock(blockCirclePrefix+id, slack.NewButtonBlockElement(actionCircleHandled, id, bot.Plain("Mark handled"))))
	}
	if more := c.AtRiskTotal - len(c.AtRisk); more > 0 {
		blocks = append(blocks, slack.NewContextBlock("", bot.Mrkdwn(sprintf(msgCirclesMore, more))))
	}
	return blocks
}

// roundsLine sums up the networking rounds in words; a rate about fewer
// than the reports' default minimum group of answers or groups is not shown.
func roundsLine(r store.RoundCounts) string {
	if r.Rounds == 0 {
		return sprintf(msgRoundsNone, r.Series)
	}
	line := sprintf(msgRoundsRun, r.Rounds, float64(r.People)/float64(r.Rounds))
	if r.Answers >= report.DefaultMinGroup {
		line += sprintf(msgRoundsMet, (r.Met*100+r.Answers/2)/r.Answers, r.Answers)
	} else {
		line += msgRoundsFewAnswers
	}
	if r.Groups >= report.DefaultMinGroup {
		line += sprintf(msgRoundsCross, (r.CrossGroups*100+r.Groups/2)/r.Groups)
	}
	return line
}

// metRate says "met of sent (percent)", or that none were sent.
func metRate(met, sent int) string {
	if sent == 0 {
		return "no check-ins sent"
	}
	return sprintf("%d of %d (%d%%)", met, sent, (met*100+sent/2)/sent)
}

func attentionBlocks(d store.Dashboard) []slack.Block {
	if len(d.Attention) == 0 {
		return []slack.Block{slack.NewSectionBlock(bot.Mrkdwn(msgAttentionNone), nil, nil)}
	}
	blocks := []slack.Block{slack.NewSectionBlock(bot.Mrkdwn(sprintf(msgAttentionTitle, d.AttentionTotal)), nil, nil)}
	for _, it := range d.Attention {
		p := it.Pairing
		program := ""
		if p.ProgramName != "" {
			program = ", " + bot.EscapeMrkdwn(words.Truncate(p.ProgramName, 80))
		}
		flagged := ""
		if p.AtRiskAt != nil {
			flagged = p.AtRiskAt.UTC().Format("2 Jan 2006")
		}
		text := sprintf(msgAttentionItem, bot.PersonName(words.Truncate(p.MentorName, 80), p.MentorSlack),
			bot.PersonName(words.Truncate(p.MenteeName, 80), p.MenteeSlack), program,
			bot.EscapeMrkdwn(attentionWhy(it)), flagged)
		blocks = append(blocks, slack.NewSectionBlock(bot.Mrkdwn(text), nil, nil))
		id := strconv.FormatInt(p.ID, 10)
		end := slack.NewButtonBlockElement(actionEndPairing, id, bot.Plain("End pairing")).WithStyle(slack.StyleDanger)
		end.Confirm = slack.NewConfirmationBlockObject(bot.Plain("End this pairing?"),
			bot.Plain("Both people are told kindly that it has ended and can be matched again."), bot.Plain("End pairing"), bot.Plain("Cancel"))
		blocks = append(blocks, slack.NewActionBlock(blockItemPrefix+id,
			slack.NewButtonBlockElement(actionMessage, id, bot.Plain("Message them")),
			end,
			slack.NewButtonBlockElement(actionHandled, id, bot.Plain("Mark handled")),
		))
	}
	if more := d.AttentionTotal - len(d.Attention); more > 0 {
		blocks = append(blocks, slack.NewContextBlock("", bot.Mrkdwn(sprintf(msgAttentionMore, more))))
	}
	return blocks
}

// attentionWhy is the pairing's reasons in store/report's words, with the
// open Need help first.
func attentionWhy(it store.AttentionItem) string {
	return reasonsWhy(it.NeedHelp, it.Pairing.AtRiskReason)
}

// reasonsWhy says a flag (store.Risk*) in store/report's words, with an
// open Need help first: the same for a pairing and a circle.
func reasonsWhy(needHelp bool, reason string) string {
	var codes []string
	if needHelp {
		codes = append(codes, report.ReasonNeedHelp)
	}
	flag := ""
	switch reason {
	case store.RiskNotMeeting:
		codes = append(codes, report.ReasonNotMet)
	case store.RiskNeedHelp:
		if !needHelp {
			codes = append(codes, report.ReasonNeedHelp)
		}
	case store.RiskLowRating:
		codes = append(codes, report.ReasonLowRating)
	default:
		codes, flag = append(codes, report.ReasonFlagged), reason
	}
	return report.ReasonsInWords(codes, flag)
}

func waitingBlock(d store.Dashboard) slack.Block {
	if len(d.WaitingList) == 0 {
		return slack.NewSectionBlock(bot.Mrkdwn(msgWaitingNone), nil, nil)
	}
	lines := []string{sprintf(msgWaitingTitle, d.WaitingListTotal)}
	for _, w := range d.WaitingList {
		lines = append(lines, "• "+bot.PersonName(words.Truncate(w.Name, 80), w.SlackID)+": "+bot.EscapeMrkdwn(waitWhy(w))+
			" (since "+w.Since.UTC().Format("2 Jan")+")")
	}
	if more := d.WaitingListTotal - len(d.WaitingList); more > 0 {
		lines = append(lines, sprintf(msgWaitingMore, more))
	}
	return slack.NewSectionBlock(bot.Mrkdwn(words.Truncate(strings.Join(lines, "\n"), 2900)), nil, nil)
}

// waitWhy says why a person waits in words, naming the topics nobody
// teaches.
func waitWhy(w store.WaitingPerson) string {
	why, ok := waitWords[w.Why]
	if !ok {
		why = "not matched yet"
	}
	if w.Why == store.WaitNoTeacher && len(w.Learns) > 0 {
		why += " (" + words.Truncate(strings.Join(w.Learns, ", "), 120) + ")"
	}
	return why
}

func proposalsBlock(d store.Dashboard) slack.Block {
	if len(d.Proposals) == 0 {
		return slack.NewSectionBlock(bot.Mrkdwn(msgProposalsNone), nil, nil)
	}
	lines := []string{msgProposalsTitle}
	for _, p := range d.Proposals {
		what := "all programs"
		if p.Program != "" {
			what = bot.EscapeMrkdwn(words.Truncate(p.Program, 80))
		}
		lines = append(lines, sprintf(msgProposalItem, what, p.AdminID, p.CreatedAt.UTC().Format("2 Jan 15:04 MST"), pairsWord(p.Pairs)))
	}
	return slack.NewSectionBlock(bot.Mrkdwn(strings.Join(lines, "\n")), nil, nil)
}

func pairsWord(n int) string {
	if n == 1 {
		return "1 pair"
	}
	return strconv.Itoa(n) + " pairs"
}

// dateOf is the day of t in words (UTC).
func dateOf(t time.Time) string { return t.UTC().Format("Monday 2 January") }

// completionWords says how the pairings that ended ended: completed or
// early, split only when each side is at least the minimum group (or
// nothing ended), as in the report.
func completionWords(d store.Dashboard) string {
	ended := d.Completed + d.EndedEarly
	switch {
	case ended == 0:
		return msgNoneEnded
	case d.MinGroup <= 1 || (d.Completed >= d.MinGroup && d.EndedEarly >= d.MinGroup):
		return sprintf(msgCompletion, d.Completed, d.EndedEarly)
	}
	return sprintf(msgCompletionHidden, ended, d.MinGroup)
}
