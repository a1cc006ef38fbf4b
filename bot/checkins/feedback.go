package checkins

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/words"
	"github.com/mentorbot/mentorbot/store"
)

// ratingLabels are the feedback modal's rating choices.
var ratingLabels = []string{"1: not working", "2: struggling", "3: okay", "4: good", "5: excellent"}

// feedbackMeta is the feedback modal's private_metadata: which pairing
// (0: the person picks one), which prompt (its slot) and the prompt's
// delivery (0 for /mentor feedback).
type feedbackMeta struct {
	PairingID  int64 `json:"p"`
	Slot       int64 `json:"s"`
	DeliveryID int64 `json:"d,omitempty"`
}

// feedbackPromptBlocks is a feedback prompt: the question and a button that
// opens the modal for this delivery.
func feedbackPromptBlocks(text string, deliveryID int64) []slack.Block {
	btn := slack.NewButtonBlockElement(actionFeedbackOpen, strconv.FormatInt(deliveryID, 10), bot.Plain(msgFeedbackButton))
	btn.Style = slack.StylePrimary
	return []slack.Block{
		slack.NewSectionBlock(bot.Mrkdwn(text), nil, nil),
		slack.NewActionBlock("feedback", btn),
	}
}

// feedbackModal is the confidential feedback form. about names the other
// person when the pairing is known; choices lists the pairings to pick from
// otherwise.
func feedbackModal(meta feedbackMeta, about string, choices []store.Pairing, me string) slack.ModalViewRequest {
	raw, _ := json.Marshal(meta)
	var blocks []slack.Block
	intro := "Your feedback is confidential: the other person never sees it, and reports only show it in aggregate."
	if about != "" {
		intro = "Feedback on your mentorship with *" + about + "*. " + intro
	}
	blocks = append(blocks, slack.NewSectionBlock(bot.Mrkdwn(intro), nil, nil))
	if len(choices) > 0 {
		var opts []*slack.OptionBlockObject
		for i, p := range choices {
			if i == 100 {
				break
			}
			otherID, name := p.Other(me)
			opts = append(opts, bot.Option(strconv.FormatInt(p.ID, 10), words.Truncate(bot.PlainName(name, otherID), 75)))
		}
		sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, bot.Plain("Choose a person"), bot.InputAction, opts...)
		blocks = append(blocks, slack.NewInputBlock(blockFeedbackPairing, bot.Plain("Which pairing?"), nil, sel))
	}
	var ratings []*slack.OptionBlockObject
	for i, l := range ratingLabels {
		ratings = append(ratings, bot.Option(strconv.Itoa(i+1), l))
	}
	blocks = append(blocks, slack.NewInputBlock(blockRating, bot.Plain("Rating (1 to 5): how is it going?"), nil, slack.NewRadioButtonsBlockElement(bot.InputAction, ratings...)))
	for _, f := range []struct{ id, label, hint string }{
		{blockWentWell, "What went well?", "e.g. we set clear goals"},
		{blockToChange, "What would you change?", "e.g. meet more often"},
		{blockProgress, "Progress on your goals", "What moved forward since you started?"},
	} {
		in := slack.NewPlainTextInputBlockElement(bot.Plain(f.hint), bot.InputAction)
		in.Multiline = true
		in.MaxLength = store.MaxFeedbackText
		ib := slack.NewInputBlock(f.id, bot.Plain(f.label), nil, in)
		ib.Optional = true
		blocks = append(blocks, ib)
	}
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      callbackFeedback,
		Title:           bot.Plain("Mentorship feedback"),
		Submit:          bot.Plain("Send"),
		Close:           bot.Plain("Cancel"),
		PrivateMetadata: string(raw),
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}

// cmdFeedback opens the feedback modal for the person's current pairing(s).
// Feedback given this way is one per pairing per day (its slot is the day).
func (ck *Checkins) cmdFeedback(ctx context.Context, r bot.Request, _ bot.Command) {
	if _, err := ck.store.Participant(ctx, r.UserID); err != nil {
		if errors.Is(err, store.ErrNotSignedUp) {
			ck.core.ReplyText(ctx, r, bot.MsgNotSignedUp)
			return
		}
		ck.core.Fail(ctx, r, "feedback", err)
		return
	}
	ps, err := ck.store.ActivePairings(ctx, r.UserID)
	if err != nil {
		ck.core.Fail(ctx, r, "feedback", err)
		return
	}
	meta := feedbackMeta{Slot: ck.core.Now().UTC().Truncate(24 * time.Hour).Unix()}
	var view slack.ModalViewRequest
	switch len(ps) {
	case 0:
		ck.core.ReplyText(ctx, r, msgFeedbackNoPairing)
		return
	case 1:
		meta.PairingID = ps[0].ID
		otherID, name := ps[0].Other(r.UserID)
		view = feedbackModal(meta, bot.PersonName(name, otherID), nil, r.UserID)
	default:
		view = feedbackModal(meta, "", ps, r.UserID)
	}
	ck.core.OpenModal(ctx, r, view)
}

// actFeedbackOpen opens the modal for a feedback prompt; the gate
// (ownDelivery) resolved the prompt and checked it went to the clicker.
func (ck *Checkins) actFeedbackOpen(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
	d := r.Target.Delivery
	if d.PairingID == 0 {
		ck.core.ReplyText(ctx, r, bot.MsgStaleButton)
		return
	}
	given, err := ck.store.FeedbackGiven(ctx, d.PairingID, r.UserID, d.Slot)
	if err != nil {
		ck.core.Fail(ctx, r, "feedback", err)
		return
	}
	if given {
		ck.core.ReplyText(ctx, r, msgFeedbackAlready)
		return
	}
	meta := feedbackMeta{PairingID: d.PairingID, Slot: d.Slot.Unix(), DeliveryID: d.ID}
	ck.core.OpenModal(ctx, r, feedbackModal(meta, bot.PersonName(d.OtherName, d.OtherSlack), nil, r.UserID))
}

// viewFeedback validates the feedback form; it is saved after the ack.
// The text is confidential: it is never logged nor echoed. The pairing and
// slot come from the gate's Target (feedbackForm): a prompt's delivery, or
// for /mentor feedback a pairing of the submitter's and today's slot; the
// form's metadata only said which to check.
func (ck *Checkins) viewFeedback(ctx context.Context, r bot.Request, cb slack.InteractionCallback) (any, func()) {
	errs := map[string]string{}
	d := r.Target.Delivery
	pairingID, slot := r.Target.ID, ck.core.Now().UTC().Truncate(24*time.Hour)
	if d.ID != 0 {
		pairingID, slot = d.PairingID, d.Slot
	}
	if pairingID == 0 {
		errs[blockFeedbackPairing] = msgFeedbackPairing
	}
	v, _ := bot.StateValue(cb.View.State, blockRating)
	rating, err := strconv.Atoi(v.SelectedOption.Value)
	if err != nil || rating < 1 || rating > 5 {
		errs[blockRating] = msgFeedbackRating
	}
	text := map[string]string{}
	for _, id := range []string{blockWentWell, blockToChange, blockProgress} {
		v, _ := bot.StateValue(cb.View.State, id)
		if utf8.RuneCountInString(v.Value) > store.MaxFeedbackText {
			errs[id] = msgFeedbackTooLong
		}
		text[id] = v.Value
	}
	if len(errs) > 0 {
		return slack.NewErrorsViewSubmissionResponse(errs), nil
	}
	f := store.NewFeedback{PairingID: pairingID, SlackID: r.UserID, Slot: slot.UTC(), Rating: rating,
		WentWell: text[blockWentWell], ToChange: text[blockToChange], Progress: text[blockProgress]}
	return nil, func() { ck.saveFeedback(ctx, r, f, d) }
}

// saveFeedback stores the answer and swaps the prompt's button (prompt,
// when the form came from one: the bot's own message to this person) for a
// thank-you.
func (ck *Checkins) saveFeedback(ctx context.Context, r bot.Request, f store.NewFeedback, prompt store.Delivery) {
	recorded, err := ck.store.SaveFeedback(ctx, f)
	switch {
	case errors.Is(err, store.ErrNotFound):
		ck.core.DMText(ctx, r.UserID, bot.MsgStaleButton)
		return
	case err != nil:
		ck.log.Error("save feedback", "pairing", f.PairingID, "err", err)
		ck.core.DMText(ctx, r.UserID, bot.MsgInternalError)
		return
	case !recorded:
		ck.core.DMText(ctx, r.UserID, msgFeedbackAlready)
		return
	}
	ck.log.Info("feedback received", "pairing", f.PairingID)
	if prompt.ID != 0 && prompt.RecipientSlack == r.UserID && prompt.ChannelID != "" && prompt.MessageTS != "" {
		// Swap the prompt's button for a thank-you, so it cannot be used again.
		text := sprintf(msgFeedbackReceived, bot.PersonName(prompt.OtherName, prompt.OtherSlack))
		if _, _, _, err := ck.api.UpdateMessageContext(ctx, prompt.ChannelID, prompt.MessageTS, slack.MsgOptionText(text, false),
			slack.MsgOptionBlocks(slack.NewSectionBlock(bot.Mrkdwn(text), nil, nil))); err == nil {
			return
		}
	}
	ck.core.DMText(ctx, r.UserID, msgFeedbackThanks)
}
