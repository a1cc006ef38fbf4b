package admin

import (
	"bytes"
	"context"
	"errors"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/words"
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

// reportBlocks lays report.Summarise's summary out as blocks; the wording
// is store/report's, the same as in the CSV and HTML files.
func reportBlocks(rep report.Report) []slack.Block {
	sum := report.Summarise(rep)
	fields := make([]*slack.TextBlockObject, 0, len(sum.Fields))
	for _, f := range sum.Fields {
		fields = append(fields, bot.Mrkdwn("*"+f.Heading+"*\n"+bot.EscapeMrkdwn(strings.Join(f.Lines, "\n"))))
	}
	blocks := []slack.Block{
		slack.NewHeaderBlock(bot.Plain(words.Truncate(sum.Title, 150))),
		slack.NewSectionBlock(nil, fields, nil),
	}
	if len(sum.AtRisk) > 0 {
		lines := make([]string, 0, len(sum.AtRisk)+1)
		for _, a := range sum.AtRisk {
			lines = append(lines, sprintf("• %s and %s (%s): %s", bot.PersonRef(a.Mentor), bot.PersonRef(a.Mentee),
				bot.EscapeMrkdwn(words.Truncate(a.Program, 100)), bot.EscapeMrkdwn(a.Why)))
		}
		if sum.MoreAtRisk > 0 {
			lines = append(lines, sprintf("…and %d more (see the CSV or HTML file)", sum.MoreAtRisk))
		}
		blocks = append(blocks, slack.NewSectionBlock(bot.Mrkdwn(sprintf("*At-risk pairings (%d)*\n", rep.Pairings.AtRisk)+strings.Join(lines, "\n")), nil, nil))
	}
	blocks = append(blocks, slack.NewContextBlock("", bot.Mrkdwn(bot.EscapeMrkdwn(words.Truncate(sum.Note, 2800))+" The CSV and HTML versions are in your DM.")))
	return blocks
}
