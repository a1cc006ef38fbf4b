package profile

import (
	"context"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/words"
	"github.com/mentorbot/mentorbot/store"
)

// personStatus is everything shown about one person.
type personStatus struct {
	store.Status
	Next map[int64]time.Time // next check-in by pairing id
	// ProgramsExist: the workspace has programs, so "Programs: none" says
	// something; without any, the line is left out.
	ProgramsExist bool
	Zone          *time.Location // the person's, for the dates shown (nil: UTC)
}

func (pf *Profile) status(ctx context.Context, user string) (personStatus, error) {
	st, err := pf.store.StatusOf(ctx, user)
	if err != nil {
		return personStatus{}, err
	}
	ps := pf.shown(st)
	if !ps.ProgramsExist {
		programs, err := pf.store.Programs(ctx)
		if err != nil {
			return personStatus{}, err
		}
		ps.ProgramsExist = len(programs) > 0
	}
	return ps, nil
}

// statusNow is /mentor status answered from the read loop (CommandSpec.Now)
// when the store's in-memory model is current: cmdStatus's answer, with
// what cmdStatus says to anyone else (not signed up) left to it.
func (pf *Profile) statusNow(user string, version uint64) (any, bool) {
	if pf.instant == nil {
		return nil, false
	}
	st, hasPrograms, ok, err := pf.instant.StatusAt(user, version)
	if !ok || err != nil {
		return nil, false
	}
	ps := pf.shown(st)
	ps.ProgramsExist = ps.ProgramsExist || hasPrograms
	return bot.AckReply(statusTitle, statusBlocks(ps)), true
}

// shown is what status shows of st, besides whether programs exist when
// the person is in none.
func (pf *Profile) shown(st store.Status) personStatus {
	ps := personStatus{Status: st, ProgramsExist: len(st.Participant.Programs) > 0, Zone: pf.zone(st.Participant.Timezone)}
	if pf.nextCheckIn != nil && st.Participant.Status == store.StatusActive && len(st.Pairings) > 0 {
		ps.Next = make(map[int64]time.Time, len(st.Pairings))
		for _, p := range st.Pairings {
			if t, ok := pf.nextCheckIn(st.Participant, p, pf.core.Now()); ok {
				ps.Next[p.ID] = t
			}
		}
	}
	return ps
}

// zone is the person's time zone, from the scheduler's loaded ones when
// wired (Config.Zone), UTC when unknown.
func (pf *Profile) zone(tz string) *time.Location {
	if pf.zones != nil {
		return pf.zones(tz)
	}
	if loc, err := time.LoadLocation(tz); err == nil {
		return loc
	}
	return time.UTC
}

func dateIn(t time.Time, loc *time.Location) string { return t.In(loc).Format("Mon 2 Jan 2006, 15:04") }

// dayIn is t's date in loc.
func dayIn(t time.Time, loc *time.Location) string { return t.In(loc).Format("Mon 2 Jan 2006") }

// statusText is the body of /mentor status and the Home tab.
func statusBlocks(st personStatus) []slack.Block {
	p := st.Participant
	if st.Zone == nil {
		st.Zone = time.UTC
	}
	state := "Active"
	switch p.Status {
	case store.StatusPaused:
		state = "Paused (no matching, no check-ins)"
		if p.PausedUntil != nil {
			state = "Paused until " + dateIn(*p.PausedUntil, st.Zone)
		}
	}
	fields := []*slack.TextBlockObject{
		bot.Mrkdwn("*Role*\n" + roleWord(p.Role)),
		bot.Mrkdwn("*Status*\n" + state),
		bot.Mrkdwn("*Cadence*\n" + words.CadenceLabel(p.Cadence)),
	}
	if st.ProgramsExist {
		fields = append(fields, bot.Mrkdwn("*Programs*\n"+words.OrNone(bot.EscapeMrkdwn(strings.Join(p.Programs, ", ")))))
	}
	last := "none yet"
	if st.LastCheckIn != nil {
		last = dateIn(*st.LastCheckIn, st.Zone)
	}
	fields = append(fields, bot.Mrkdwn("*Last check-in*\n"+last))
	blocks := []slack.Block{
		slack.NewHeaderBlock(bot.Plain("Your mentorship status")),
		slack.NewSectionBlock(nil, fields, nil),
	}
	if len(st.Pairings) == 0 {
		wait := "You're not paired yet."
		if p.IsMentee() && p.Status == store.StatusActive {
			wait = "You're not paired yet: you're on the waiting list for the next match. `/mentor find` shows mentors you can request."
		}
		blocks = append(blocks, slack.NewSectionBlock(bot.Mrkdwn(wait), nil, nil))
	}
	for i, pr := range st.Pairings {
		if i == 20 {
			blocks = append(blocks, slack.NewContextBlock("", bot.Mrkdwn("…and "+bot.Count(len(st.Pairings)-20, "more pairing", "more pairings"))))
			break
		}
		role := "Your mentee"
		other := pr.MenteeSlack
		if pr.MenteeSlack == p.SlackID {
			role, other = "Your mentor", pr.MentorSlack
		}
		line := sprintf("*%s:* %s, since %s", role, bot.PersonRef(other), pr.StartedAt.Format("2 Jan 2006"))
		if next, ok := st.Next[pr.ID]; ok {
			line += "\nNext check-in: " + dateIn(next, st.Zone)
		}
		if pr.EndsAt != nil {
			line += "\nEnds on " + dayIn(*pr.EndsAt, st.Zone)
		}
		if pr.ProgramName != "" {
			line += "\nProgram: " + bot.EscapeMrkdwn(pr.ProgramName)
		}
		blocks = append(blocks, slack.NewSectionBlock(bot.Mrkdwn(line), nil, nil))
	}
	return blocks
}

func leaveBlocks() []slack.Block {
	confirm := slack.NewButtonBlockElement(actionLeaveConfirm, "leave", bot.Plain("Confirm"))
	confirm.Style = slack.StyleDanger
	cancel := slack.NewButtonBlockElement(actionLeaveCancel, "stay", bot.Plain("Cancel"))
	return []slack.Block{
		slack.NewSectionBlock(bot.Mrkdwn(msgLeaveAsk), nil, nil),
		slack.NewActionBlock("leave", confirm, cancel),
	}
}
