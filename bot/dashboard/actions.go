package dashboard

import (
	"context"
	"errors"
	"strconv"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/slackerr"
	"github.com/mentorbot/mentorbot/store"
)

// Every button is audited under "dashboard …" with the pairing it acted
// on; a second click on something already done changes nothing and says
// so.

// endReason is recorded on pairings ended from the dashboard.
const endReason = "ended by an admin from the dashboard"

// actRunCommand makes a button that runs a subcommand (its answer goes to
// the admin's DM: a Home tab has nowhere else to answer).
func (d *Dashboard) actRunCommand(name string) bot.ActionHandler {
	return func(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
		d.core.Audit(ctx, r.UserID, "dashboard "+name, "", store.OutcomeOK, "")
		d.core.RunCommand(ctx, r, name)
	}
}

// actRefresh republishes the clicker's dashboard; it shows people by name,
// so it is audited like every other dashboard action.
func (d *Dashboard) actRefresh(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
	d.core.Audit(ctx, r.UserID, "dashboard refresh", "", store.OutcomeOK, "")
	d.PublishDashboard(ctx, r.UserID)
}

// actMessage opens a group DM of the admin and the pairing's two people
// and greets them, once per admin and pairing; later clicks point to it.
func (d *Dashboard) actMessage(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
	p, err := d.store.PairingByID(ctx, r.Target.ID)
	if err != nil {
		d.core.Fail(ctx, r, "dashboard message", err)
		return
	}
	target := bot.RefName(bot.RefersPairing, p.ID)
	mentor, mentee := bot.PersonName(p.MentorName, p.MentorSlack), bot.PersonName(p.MenteeName, p.MenteeSlack)
	channel, err := d.core.OpenGroupDM(ctx, r.UserID, p.MentorSlack, p.MenteeSlack)
	if err != nil {
		d.core.Audit(ctx, r.UserID, "dashboard message", target, store.OutcomeError, slackerr.Code(err))
		d.core.ReplyText(ctx, r, sprintf(msgGroupFailed, bot.ErrorText(err)))
		return
	}
	first, err := d.store.FirstDelivery(ctx, "dashboard-message:"+r.UserID+":"+strconv.FormatInt(p.ID, 10))
	if err != nil {
		d.core.Fail(ctx, r, "dashboard message", err)
		return
	}
	if first {
		text := sprintf(msgGroupGreeting, bot.Mention(p.MentorSlack), bot.Mention(p.MenteeSlack), bot.Mention(r.UserID))
		if _, _, err := d.api.PostMessageContext(ctx, channel, slack.MsgOptionText(text, false)); err != nil {
			d.core.Audit(ctx, r.UserID, "dashboard message", target, store.OutcomeError, slackerr.Code(err))
			d.core.ReplyText(ctx, r, sprintf(msgGroupFailed, bot.ErrorText(err)))
			return
		}
		d.core.Audit(ctx, r.UserID, "dashboard message", target, store.OutcomeOK, "")
		return
	}
	d.core.Audit(ctx, r.UserID, "dashboard message", target, store.OutcomeOK, "already open")
	d.core.ReplyText(ctx, r, sprintf(msgGroupOpen, mentor, mentee, channel))
}

// actEndPairing ends the pairing once, however many admins click at once:
// the store ends it in one transaction and the others get ErrAlreadyDone.
func (d *Dashboard) actEndPairing(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
	target := bot.RefName(bot.RefersPairing, r.Target.ID)
	p, err := d.store.EndPairingByID(ctx, r.Target.ID, endReason)
	switch {
	case errors.Is(err, store.ErrAlreadyDone):
		d.core.Audit(ctx, r.UserID, "dashboard end pairing", target, store.OutcomeError, "already ended")
		d.core.ReplyText(ctx, r, msgAlreadyEnded)
		d.PublishDashboard(ctx, r.UserID)
		return
	case err != nil:
		d.log.Error("dashboard: end pairing", "pairing", r.Target.ID, "err", err)
		d.core.Audit(ctx, r.UserID, "dashboard end pairing", target, store.OutcomeError, "store error")
		d.core.ReplyText(ctx, r, msgEndFailed)
		return
	}
	d.core.Audit(ctx, r.UserID, "dashboard end pairing", target, store.OutcomeOK, "")
	// The very words of any other ending (an unpair, a Rematch me): only
	// flagged pairings are on the dashboard, so words of its own would tell
	// each person that theirs was flagged, perhaps by the other's answer.
	for _, who := range []string{p.MentorSlack, p.MenteeSlack} {
		d.core.DMText(ctx, who, bot.PairingEndedText(p, who))
	}
	// The closing feedback prompt, and every admin's tab.
	d.core.PairingEnded(ctx, p)
}

// actMarkHandled takes the pairing off *Needs attention*.
func (d *Dashboard) actMarkHandled(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
	d.markHandled(ctx, r, "dashboard mark handled", bot.RefName(bot.RefersPairing, r.Target.ID), d.store.MarkHandled)
}

// markHandled runs a Mark handled (of a pairing or a circle: mark), once
// however many admins click, audited as action on target.
func (d *Dashboard) markHandled(ctx context.Context, r bot.Request, action, target string, mark func(context.Context, int64, string) error) {
	err := mark(ctx, r.Target.ID, r.UserID)
	switch {
	case errors.Is(err, store.ErrAlreadyDone):
		d.core.Audit(ctx, r.UserID, action, target, store.OutcomeError, "not open")
		d.core.ReplyText(ctx, r, msgAlreadyHandled)
		d.PublishDashboard(ctx, r.UserID)
		return
	case err != nil:
		d.core.Fail(ctx, r, action, err)
		return
	}
	d.core.Audit(ctx, r.UserID, action, target, store.OutcomeOK, "")
	d.core.ProgramChanged(ctx)
}

// actAnnounce asks where to post the sign-up invitation.
func (d *Dashboard) actAnnounce(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
	pick := slack.NewOptionsSelectBlockElement(slack.OptTypeConversations, bot.Plain("Pick a channel"), bot.InputAction)
	pick.Filter = &slack.SelectBlockElementFilter{Include: []string{"public", "private"}, ExcludeBotUsers: true}
	d.core.OpenModal(ctx, r, slack.ModalViewRequest{
		Type:       slack.VTModal,
		CallbackID: callbackAnnounce,
		Title:      bot.Plain(msgAnnounceTitle),
		Submit:     bot.Plain("Announce"),
		Close:      bot.Plain("Cancel"),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewInputBlock(blockChannel, bot.Plain(msgAnnounceChannel), bot.Plain(msgAnnounceHint), pick),
		}},
	})
}

// viewAnnounce runs `/mentor announce #channel` with the picked channel.
func (d *Dashboard) viewAnnounce(ctx context.Context, r bot.Request, cb slack.InteractionCallback) (any, func()) {
	v, _ := bot.StateValue(cb.View.State, blockChannel)
	if v.SelectedConversation == "" {
		return slack.NewErrorsViewSubmissionResponse(map[string]string{blockChannel: "Pick a channel."}), nil
	}
	return nil, func() {
		d.core.RunCommandWith(ctx, r, bot.Command{Name: "announce", Channel: v.SelectedConversation})
	}
}
