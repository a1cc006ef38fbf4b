package admin

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/store"
	"github.com/mentorbot/mentorbot/store/report"
)

func (a *Admin) cmdReport(ctx context.Context, r bot.Request, c bot.Command) {
	raw, err := a.store.ReportData(ctx, report.Scope{Program: c.Program})
	if errors.Is(err, store.ErrNotFound) {
		a.core.Audit(ctx, r.UserID, "report", c.Program, store.OutcomeError, "no such program")
		a.core.ReplyText(ctx, r, sprintf(msgProgramNotFound, bot.Quote(c.Program)))
		return
	}
	if err != nil {
		a.core.Fail(ctx, r, "report", err)
		return
	}
	rep := report.Build(raw, a.minGroup)
	a.core.Audit(ctx, r.UserID, "report", c.Program, store.OutcomeOK, "")
	a.core.Reply(ctx, r, "Program report", reportBlocks(rep))

	channel, err := a.core.OpenDM(ctx, r.UserID)
	if err != nil {
		a.log.Warn("report DM failed", "err", err)
		a.core.ReplyText(ctx, r, msgReportUploadFailed)
		return
	}
	base := "mentorbot-report"
	if c.Program != "" {
		base += "-" + fileSafe(c.Program)
	}
	uploads := []struct {
		name, title string
		write       func(*bytes.Buffer) error
	}{
		{base + ".csv", "Report (CSV)", func(buf *bytes.Buffer) error { return report.WriteCSV(buf, rep) }},
		{base + ".html", "Report (HTML, open in a browser)", func(buf *bytes.Buffer) error { return report.WriteHTML(buf, rep) }},
	}
	for i, u := range uploads {
		var buf bytes.Buffer
		if err := u.write(&buf); err != nil {
			a.core.Fail(ctx, r, "report", err)
			return
		}
		params := slack.UploadFileParameters{Reader: &buf, FileSize: buf.Len(), Filename: u.name, Title: u.title, Channel: channel}
		if i == 0 {
			params.InitialComment = msgReportFiles
		}
		if _, err := a.api.UploadFileContext(ctx, params); err != nil {
			a.log.Warn("report upload failed", "file", u.name, "err", err)
			a.core.ReplyText(ctx, r, msgReportUploadFailed)
			return
		}
	}
}

// fileSafe keeps letters, digits, '-' and '_' for a file name.
func fileSafe(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case r == ' ' || r == '.':
			b.WriteRune('-')
		}
	}
	return b.String()
}

// figure shows a number or, for a suppressed one, that it is hidden.
func figure(v *int) string {
	if v == nil {
		return "suppressed"
	}
	return fmt.Sprint(*v)
}

func rate(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.0f%%", *v*100)
}

func reportBlocks(rep report.Report) []slack.Block {
	title := "Program report: all programs"
	if rep.Program != "" {
		title = "Program report: " + bot.Truncate(rep.Program, 100)
	}
	p, pa, ci, fb := rep.Participants, rep.Pairings, rep.CheckIns, rep.Feedback
	avg := "suppressed"
	if fb.AverageRating != nil {
		avg = fmt.Sprintf("%.1f / 5", *fb.AverageRating)
	}
	median := "n/a"
	if pa.MedianDaysToMatch != nil {
		median = fmt.Sprintf("%.1f days", *pa.MedianDaysToMatch)
	}
	fields := []*slack.TextBlockObject{
		bot.Mrkdwn(sprintf("*Participants*\n%d mentors, %d mentees\n%d waiting, %d paused", p.Mentors, p.Mentees, p.Waiting, p.Paused)),
		bot.Mrkdwn(sprintf("*Pairings*\n%d active, %d ended\nmedian time to match: %s", pa.Active, pa.Ended, median)),
		bot.Mrkdwn(sprintf("*Check-ins*\n%d sent, %d answered\n%d met (%s of answers)", ci.Sent, ci.Answered, ci.Met, rate(ci.MetRate))),
		bot.Mrkdwn(sprintf("*Feedback*\n%s responses\naverage rating: %s", figure(fb.Responses), avg)),
	}
	blocks := []slack.Block{
		slack.NewHeaderBlock(bot.Plain(title)),
		slack.NewSectionBlock(nil, fields, nil),
	}
	if len(rep.AtRisk) > 0 {
		var lines []string
		for i, a := range rep.AtRisk {
			if i == 10 {
				lines = append(lines, sprintf("…and %d more (see the CSV)", len(rep.AtRisk)-10))
				break
			}
			lines = append(lines, sprintf("• %s and %s: %s", bot.PersonRef(a.Mentor), bot.PersonRef(a.Mentee), bot.EscapeMrkdwn(strings.Join(a.Reasons, "; "))))
		}
		blocks = append(blocks, slack.NewSectionBlock(bot.Mrkdwn(sprintf("*At risk (%d)*\n", len(rep.AtRisk))+strings.Join(lines, "\n")), nil, nil))
	}
	note := sprintf("Breakdown figures about fewer than %[1]d people are suppressed; ratings are counted in groups of %[1]d responses, so feedback figures change every %[1]d responses.", rep.MinGroup)
	if rep.MinGroup <= 1 {
		note = "Minimum group 1: nothing is suppressed."
	}
	blocks = append(blocks, slack.NewContextBlock("", bot.Mrkdwn(note+" Feedback text never appears in reports. The CSV and HTML versions are in your DM.")))
	return blocks
}
