package pairing

import (
	"context"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/bot/match"
	"github.com/mentorbot/mentorbot/store"
)

// matchInput turns the store's view of a cohort into the matcher's input:
// who is available, how full each mentor is, and which pairs met before.
func (m *Matchmaker) matchInput(ctx context.Context, program string) (match.Input, error) {
	people, err := m.store.Participants(ctx, program)
	if err != nil {
		return match.Input{}, err
	}
	active, err := m.store.AllActivePairings(ctx, "")
	if err != nil {
		return match.Input{}, err
	}
	history, err := m.store.PairHistory(ctx)
	if err != nil {
		return match.Input{}, err
	}
	in := MatchInput(people, active, history, m.core.Now())
	in.Weights = m.weights
	return in, nil
}

// MatchInput builds the matcher's input from stored participants, every
// active pairing, and the pair history. The command-line `match` uses it
// too, so both propose the same.
func MatchInput(people []store.Participant, active []store.Pairing, history map[[2]string]bool, now time.Time) match.Input {
	asMentor := map[string]int{}
	asMentee := map[string]int{}
	for _, p := range active {
		asMentor[p.MentorSlack]++
		asMentee[p.MenteeSlack]++
	}
	in := match.Input{
		History: func(mentor, mentee string) bool { return history[[2]string{mentor, mentee}] },
		Now:     now.UTC(),
	}
	for _, p := range people {
		mp := match.Person{
			ID: p.SlackID, Name: p.Name, Role: match.Role(p.Role), Teaches: p.Teaches, Learns: p.Learns,
			Goals: p.Goals, Department: p.Department, Seniority: p.Seniority, ManagerID: p.ManagerSlackID,
			Capacity: max(p.Capacity-p.CircleSeats, 0), TZ: p.Timezone, // circle seats are taken

			Available: p.Status == store.StatusActive && p.UnreachableAt == nil,
		}
		switch p.Role {
		case store.RoleMentee:
			mp.ActivePairings = asMentee[p.SlackID]
		default:
			mp.ActivePairings = asMentor[p.SlackID]
			mp.ActiveAsMentee = asMentee[p.SlackID]
		}
		in.People = append(in.People, mp)
	}
	return in
}

// reasonsText joins a pair's reasons for display.
func reasonsText(rs []string) string { return strings.Join(rs, "; ") }
