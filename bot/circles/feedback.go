package circles

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/bot/words"
	"github.com/mentorbot/mentorbot/store"
)

const maxFeedbackText = 1500

// feedbackMeta is the form's private_metadata: the prompt (delivery) it
// answers. The gate re-reads the prompt from the bot's records.
type feedbackMeta struct {
	Delivery int64 `json:"d"`
}

// actFeedbackOpen opens the confidential feedback form for the prompt the
// gate resolved (the clicker's own circle prompt).
func (c *Circles) actFeedbackOpen(ctx context.Context, r bot.Request, _ *slack.BlockAction) {
	d := r.Target.Delivery
	c.core.OpenModal(ctx, r, feedbackModal(d.ID, d.OtherName))
}

func feedbackModal(delivery int64, circle string) slack.ModalViewRequest {
	meta, _ := json.Marshal(feedbackMeta{Delivery: delivery})
	var opts []*slack.OptionBlockObject
	for i := 1; i <= 5; i++ {
		opts = append(opts, bot.Option(strconv.Itoa(i), strconv.Itoa(i)))
	}
	rating := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, bot.Plain("1 (poor) to 5 (great)"), bot.InputAction, opts...)
	well := slack.NewPlainTextInputBlockElement(nil, bot.InputAction)
	well.Multiline, well.MaxLength = true, maxFeedbackText
	change := slack.NewPlainTextInputBlockElement(nil, bot.InputAction)
	change.Multiline, change.MaxLength = true, maxFeedbackText
	wellIn := slack.NewInputBlock(blockWentWell, bot.Plain("What went well"), nil, well)
	wellIn.Optional = true
	changeIn := slack.NewInputBlock(blockToChange, bot.Plain("What to change"), nil, change)
	changeIn.Optional = true
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: callbackFeedback, PrivateMetadata: string(meta),
		Title: bot.Plain("Circle feedback"), Submit: bot.Plain("Send"), Close: bot.Plain("Cancel"),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewSectionBlock(bot.Plain("Circle: "+words.Truncate(circle, 200)+". Confidential: nobody in the circle sees your answers."), nil, nil),
			slack.NewInputBlock(blockRating, bot.Plain("How is the circle going?"), nil, rating),
			wellIn, changeIn,
		}},
	}
}

// viewFeedback saves the form once per prompt; the gate (feedbackForm)
// checked the prompt is the submitter's circle prompt.
func (c *Circles) viewFeedback(ctx context.Context, r bot.Request, cb slack.InteractionCallback) (any, func()) {
	errs := map[string]string{}
	v, _ := bot.StateValue(cb.View.State, blockRating)
	rating, err := strconv.Atoi(v.SelectedOption.Value)
	if err != nil || rating < 1 || rating > 5 {
		errs[blockRating] = "Pick a rating from 1 to 5."
	}
	text := func(block string) string {
		v, _ := bot.StateValue(cb.View.State, block)
		s := strings.TrimSpace(v.Value)
		if utf8.RuneCountInString(s) > maxFeedbackText {
			errs[block] = sprintf("Please keep this under %d characters.", maxFeedbackText)
		} else if !words.Printable(s, true) {
			errs[block] = "This contains characters I can't store."
		}
		return s
	}
	well, change := text(blockWentWell), text(blockToChange)
	if len(errs) > 0 {
		return slack.NewErrorsViewSubmissionResponse(errs), nil
	}
	d := r.Target.Delivery
	return nil, func() {
		saved, err := c.store.SaveCircleFeedback(ctx, store.NewCircleFeedback{CircleID: d.PairingID, SlackID: r.UserID, Slot: d.Slot,
			Rating: rating, WentWell: well, ToChange: change})
		switch {
		case err != nil:
			c.log.Error("circle feedback", "err", err) // never the text
			c.core.DMText(ctx, r.UserID, bot.MsgInternalError)
			return
		case !saved:
			c.core.DMText(ctx, r.UserID, msgFeedbackDone)
			return
		}
		c.core.Audit(ctx, r.UserID, "circle feedback", "circle "+strconv.FormatInt(d.PairingID, 10), store.OutcomeOK, "")
		if rating <= 2 {
			c.core.ProgramChanged(ctx) // the rating flagged the circle: admins' dashboards show it
		}
		thanks := sprintf(msgFeedbackThanks, bot.EscapeMrkdwn(d.OtherName))
		if d.ChannelID != "" && d.MessageTS != "" {
			if _, _, _, err := c.api.UpdateMessageContext(ctx, d.ChannelID, d.MessageTS, slack.MsgOptionText(thanks, false),
				slack.MsgOptionBlocks(slack.NewSectionBlock(bot.Mrkdwn(thanks), nil, nil))); err == nil {
				return
			}
		}
		c.core.DMText(ctx, r.UserID, thanks)
	}
}
