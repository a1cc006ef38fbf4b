package pairing

import (
	"context"

	"github.com/mentorbot/mentorbot/bot"
)

// The pairing's authorization rules (see bot/gate.go): each resolves one
// kind of record and names who may act on it.

// requestToMe: the button's value is a mentor request id; the mentor asked
// may act.
func (m *Matchmaker) requestToMe() bot.Rule {
	return bot.Rule{Refers: bot.RefersRequest, Resolve: func(ctx context.Context, in bot.Input) (bot.Target, error) {
		id, err := bot.ParseRef(bot.RefersRequest, in.Value)
		if err != nil {
			return bot.Target{}, err
		}
		req, err := m.store.RequestByID(ctx, id)
		if err != nil {
			return bot.Target{}, bot.LookupFailed(bot.RefersRequest, id, err)
		}
		if req.MentorSlack != in.UserID {
			return bot.Target{}, bot.NotTheirs(bot.RefersRequest, id)
		}
		return bot.Target{ID: id}, nil
	}}
}

// myProposal: the button's value is a matching preview id; the admin who
// made it may act, while still an admin.
func (m *Matchmaker) myProposal() bot.Rule {
	return bot.Rule{Refers: bot.RefersProposal, Resolve: func(ctx context.Context, in bot.Input) (bot.Target, error) {
		if !in.Admin {
			return bot.Target{}, &bot.Refusal{Target: string(bot.RefersProposal), Detail: "not a program admin", Text: sprintf(bot.MsgNotAdmin, "match")}
		}
		id, err := bot.ParseRef(bot.RefersProposal, in.Value)
		if err != nil {
			return bot.Target{}, err
		}
		p, err := m.store.Proposal(ctx, id)
		if err != nil {
			return bot.Target{}, bot.LookupFailed(bot.RefersProposal, id, err)
		}
		if p.AdminID != in.UserID {
			return bot.Target{}, bot.NotTheirs(bot.RefersProposal, id)
		}
		return bot.Target{ID: id}, nil
	}}
}
