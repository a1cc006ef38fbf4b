package bot

import (
	"context"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/store"
)

// helpLines lists every subcommand; admin ones only for admins.
var helpLines = []struct {
	cmd, what string
	admin     bool
}{
	{"/mentor signup", "join the program (opens a short form)", false},
	{"/mentor profile", "edit your profile", false},
	{"/mentor status", "your role, pairings and check-ins", false},
	{"/mentor find", "see your top 3 suggested mentors and request one", false},
	{"/mentor pause [weeks]", "no matching and no check-ins for a while", false},
	{"/mentor resume", "come back from a pause", false},
	{"/mentor feedback", "tell us how your pairing is going (confidential)", false},
	{"/mentor export", "get everything I store about you, as a file", false},
	{"/mentor leave", "leave the program and erase your data", false},
	{"/mentor program create NAME", "create a program (cohort)", true},
	{"/mentor program list", "list programs", true},
	{"/mentor program close NAME", "close a program and end its pairings", true},
	{"/mentor match [program]", "preview the best matching, then confirm", true},
	{"/mentor pair @mentor @mentee", "pair two people by hand", true},
	{"/mentor unpair @a @b", "end a pairing", true},
	{"/mentor report [program]", "program report, with a CSV in your DM", true},
	{"/mentor announce #channel", "post a sign-up invitation", true},
}

func helpBlocks(admin bool) []slack.Block {
	var user, adm []string
	for _, l := range helpLines {
		line := "`" + l.cmd + "`  " + l.what
		if l.admin {
			adm = append(adm, line)
		} else {
			user = append(user, line)
		}
	}
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(msgHelpIntro), nil, nil),
		slack.NewSectionBlock(mrkdwn(strings.Join(user, "\n")), nil, nil),
	}
	if admin {
		blocks = append(blocks, slack.NewDividerBlock(),
			slack.NewSectionBlock(mrkdwn("*Admin commands*\n"+strings.Join(adm, "\n")), nil, nil))
	}
	return blocks
}

// personStatus is everything shown about one person.
type personStatus struct {
	store.Status
	Next map[int64]time.Time // next check-in by pairing id
}

func (b *Bot) status(ctx context.Context, user string) (personStatus, error) {
	st, err := b.store.StatusOf(ctx, user)
	if err != nil {
		return personStatus{}, err
	}
	ps := personStatus{Status: st, Next: map[int64]time.Time{}}
	if b.nextCheckIn != nil && st.Participant.Status == store.StatusActive {
		for _, p := range st.Pairings {
			if t, ok := b.nextCheckIn(st.Participant, p, b.now()); ok {
				ps.Next[p.ID] = t
			}
		}
	}
	return ps, nil
}

func dateIn(t time.Time, tz string) string {
	loc, err := time.LoadLocation(tz)
	if err != nil {
		loc = time.UTC
	}
	return t.In(loc).Format("Mon 2 Jan 2006, 15:04")
}

// statusText is the body of /mentor status and the Home tab.
func statusBlocks(st personStatus) []slack.Block {
	p := st.Participant
	state := "Active"
	switch p.Status {
	case store.StatusPaused:
		state = "Paused (no matching, no check-ins)"
		if p.PausedUntil != nil {
			state = "Paused until " + dateIn(*p.PausedUntil, p.Timezone)
		}
	}
	fields := []*slack.TextBlockObject{
		mrkdwn("*Role*\n" + roleWord(p.Role)),
		mrkdwn("*Status*\n" + state),
		mrkdwn("*Cadence*\n" + cadenceLabel(p.Cadence)),
		mrkdwn("*Programs*\n" + orNone(EscapeMrkdwn(strings.Join(p.Programs, ", ")))),
	}
	last := "none yet"
	if st.LastCheckIn != nil {
		last = dateIn(*st.LastCheckIn, p.Timezone)
	}
	fields = append(fields, mrkdwn("*Last check-in*\n"+last))
	blocks := []slack.Block{
		slack.NewHeaderBlock(plain("Your mentorship status")),
		slack.NewSectionBlock(nil, fields, nil),
	}
	if len(st.Pairings) == 0 {
		wait := "You're not paired yet."
		if p.IsMentee() && p.Status == store.StatusActive {
			wait = "You're not paired yet: you're on the waiting list for the next match. `/mentor find` shows mentors you can request."
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(wait), nil, nil))
	}
	for i, pr := range st.Pairings {
		if i == 20 {
			blocks = append(blocks, slack.NewContextBlock("", mrkdwn(sprintf("…and %d more pairings", len(st.Pairings)-20))))
			break
		}
		role := "Your mentee"
		other := pr.MenteeSlack
		if pr.MenteeSlack == p.SlackID {
			role, other = "Your mentor", pr.MentorSlack
		}
		line := sprintf("*%s:* %s, since %s", role, personRef(other), pr.StartedAt.Format("2 Jan 2006"))
		if next, ok := st.Next[pr.ID]; ok {
			line += "\nNext check-in: " + dateIn(next, p.Timezone)
		}
		if pr.ProgramName != "" {
			line += "\nProgram: " + EscapeMrkdwn(pr.ProgramName)
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(line), nil, nil))
	}
	return blocks
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func leaveBlocks() []slack.Block {
	confirm := slack.NewButtonBlockElement(actionLeaveConfirm, "leave", plain("Confirm"))
	confirm.Style = slack.StyleDanger
	cancel := slack.NewButtonBlockElement(actionLeaveCancel, "stay", plain("Cancel"))
	return []slack.Block{
		slack.NewSectionBlock(mrkdwn(msgLeaveAsk), nil, nil),
		slack.NewActionBlock("leave", confirm, cancel),
	}
}
