package goals

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/store"
)

// goalsModal is the mentee's goals form, pre-filled with the goals so far.
func goalsModal(p store.Pairing, goals []store.Goal) slack.ModalViewRequest {
	raw, _ := json.Marshal(goalsMeta{PairingID: p.ID})
	blocks := []slack.Block{slack.NewSectionBlock(bot.Mrkdwn(sprintf(msgGoalsFormIntro, bot.PersonName(p.MentorName, p.MentorSlack), store.MaxGoalLen)), nil, nil)}
	for i := 1; i <= store.MaxGoals; i++ {
		in := slack.NewPlainTextInputBlockElement(bot.Plain(msgGoalHint), bot.InputAction)
		// Slack's own limit a little above ours, so an overlong goal gets
		// our clearer field error rather than being cut.
		in.MaxLength = 3000
		date := slack.NewDatePickerBlockElement(bot.InputAction)
		if i <= len(goals) {
			in.InitialValue = goals[i-1].Text
			date.InitialDate = goals[i-1].Target
		}
		text := slack.NewInputBlock(blockGoalPrefix+strconv.Itoa(i), bot.Plain(sprintf(msgGoalLabel, i)), nil, in)
		text.Optional = true // "all empty" gets our own error on the first goal
		when := slack.NewInputBlock(blockGoalDatePrefix+strconv.Itoa(i), bot.Plain(sprintf(msgGoalDateLabel, i)), nil, date)
		when.Optional = true
		blocks = append(blocks, text, when)
	}
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      callbackGoals,
		Title:           bot.Plain(msgGoalsFormTitle),
		Submit:          bot.Plain("Save"),
		Close:           bot.Plain("Cancel"),
		PrivateMetadata: string(raw),
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}

// viewGoals validates the form (errors on the fields, response_action
// errors) and saves it after the ack. The pairing is the gate's Target
// (goalsForm: the submitter is its mentee). Dates are judged on the
// mentee's own calendar.
func (g *Goals) viewGoals(ctx context.Context, r bot.Request, cb slack.InteractionCallback) (any, func()) {
	in := make([]store.GoalInput, store.MaxGoals)
	for i := range in {
		v, _ := bot.StateValue(cb.View.State, blockGoalPrefix+strconv.Itoa(i+1))
		d, _ := bot.StateValue(cb.View.State, blockGoalDatePrefix+strconv.Itoa(i+1))
		in[i] = store.GoalInput{Text: v.Value, Target: d.SelectedDate}
	}
	clean, errs := store.CleanGoals(in, g.today(ctx, r.UserID))
	if len(errs) > 0 {
		fields := map[string]string{}
		for _, e := range errs {
			block := blockGoalPrefix + strconv.Itoa(max(e.Index, 0)+1)
			if e.Date {
				block = blockGoalDatePrefix + strconv.Itoa(e.Index+1)
			}
			if _, taken := fields[block]; !taken && e.Index < store.MaxGoals {
				fields[block] = e.Text
			}
		}
		return slack.NewErrorsViewSubmissionResponse(fields), nil
	}
	return nil, func() { g.saveGoals(ctx, r, clean) }
}

// today is the date on user's wall clock (their Slack timezone).
func (g *Goals) today(ctx context.Context, user string) string {
	now := g.core.Now()
	if p, err := g.store.Participant(ctx, user); err == nil {
		if zone, err := time.LoadLocation(p.Timezone); err == nil {
			now = now.In(zone)
		}
	}
	return now.Format(time.DateOnly)
}

// saveGoals stores the goals, then shows them where both people look: the
// introduction (rewritten), and both Home tabs.
func (g *Goals) saveGoals(ctx context.Context, r bot.Request, goals []store.GoalInput) {
	pairingID := r.Target.ID
	_, err := g.store.SetGoals(ctx, pairingID, r.UserID, goals)
	switch {
	case errors.Is(err, store.ErrNotFound):
		g.core.DMText(ctx, r.UserID, msgPairingOver)
		return
	case err != nil:
		g.log.Error("save goals", "pairing", pairingID, "err", err)
		g.core.DMText(ctx, r.UserID, bot.MsgInternalError)
		return
	}
	p, err := g.store.PairingByID(ctx, pairingID)
	if err != nil {
		g.log.Error("goals saved, pairing unreadable", "pairing", pairingID, "err", err)
		return
	}
	g.core.Audit(ctx, r.UserID, "set goals", bot.RefName(bot.RefersPairing, pairingID), store.OutcomeOK, sprintf("%d goals", len(goals)))
	g.showGoals(ctx, p)
	g.core.DMText(ctx, r.UserID, sprintf(msgGoalsSaved, bot.PersonName(p.MentorName, p.MentorSlack)))
}

// showGoals rewrites the introduction and both Home tabs with p's goals.
func (g *Goals) showGoals(ctx context.Context, p store.Pairing) {
	if g.intros != nil {
		channel, ts, err := g.store.IntroOf(ctx, p.ID)
		switch {
		case err != nil:
			g.log.Warn("goals: introduction not found", "pairing", p.ID, "err", err)
		case channel != "" && ts != "":
			if err := g.intros.RefreshIntro(ctx, p, channel, ts); err != nil {
				g.log.Warn("goals: introduction not rewritten", "pairing", p.ID, "err", err)
			}
		}
	}
	if g.home != nil {
		g.home.PublishHome(ctx, p.MentorSlack)
		g.home.PublishHome(ctx, p.MenteeSlack)
	}
}
