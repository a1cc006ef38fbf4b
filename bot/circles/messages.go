package circles

import "fmt"

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// Texts. %s values are escaped for mrkdwn before they are filled in.
const (
	msgCreateUsage   = "Usage: `/mentor circle create NAME @lead`, e.g. `/mentor circle create First managers @ana`."
	msgCloseUsage    = "Usage: `/mentor circle close NAME`."
	msgNameRules     = "Circle names are 2 to 40 characters: letters, digits, spaces, `-`, `_` and `.`, starting with a letter or digit."
	msgLeadNotSigned = "%s hasn't signed up, so they can't lead a circle. A circle's lead must be a mentor in the program. Nothing was changed."
	msgLeadNotMentor = "%s is signed up as a mentee, so they can't lead a circle: a circle's lead must be a mentor. Nothing was changed."
	msgLeadLeft      = "%s is no longer in the program, so they can't lead a circle. Nothing was changed."
	msgNameTaken     = "There is already an open circle called %s. Pick another name, or close that one first. Nothing was changed."
	msgCreated       = "Circle *%s* is open, led by %s: up to %s, %s check-ins. It now shows in `/mentor find` and on App Home with a *Join* button.%s"
	msgCreatedPriv   = " With more than %d people it is too big for a group DM, so it lives in a private channel, <#%s>."
	msgCreatedNoChan = " With more than %d people it is too big for a group DM, but I couldn't create its private channel (%s): I'll try again when someone joins."
	msgProgramGone   = "The program %s is no longer open, so I didn't create the circle. Nothing was changed."
	msgNoCircles     = "There are no open circles. Start one with `/mentor circle create NAME @lead`."
	msgNoSuchCircle  = "There is no open circle called %s. `/mentor circle list` shows the open ones. Nothing was changed."
	msgClosed        = "Circle *%s* is closed. I've thanked %s and asked everyone for closing feedback."
	msgClosedDM      = "Hi %s, the mentoring circle *%s* has ended. Thank you for the time you gave it. Watch for a short feedback prompt from me."

	msgJoined       = "You're in! You joined the circle *%s*, led by %s. I'm introducing you in the circle's conversation now."
	msgJoinedNoConv = "I couldn't bring you into the conversation of the circle *%s* just now. You're still in the circle; a program admin can add you."
	msgJoinFull     = "Sorry, the circle *%s* just filled up: someone took the last seat a moment before you. Nothing was changed. Other circles with free seats are in `/mentor find`."
	msgJoinAlready  = "You're already in the circle *%s*."
	msgJoinLead     = "You lead the circle *%s*, so you're in it already."
	msgJoinClosed   = "This circle has closed, so I couldn't add you. Nothing was changed."
	msgLeft         = "You left the circle *%s*. Thank you for taking part. You can join another one from `/mentor find`."
	msgNotMember    = "You're not in this circle, so there was nothing to leave. Nothing was changed."

	msgIntroTitle   = "Welcome to the mentoring circle *%s*"
	msgIntroTopic   = "*Topic:* %s"
	msgIntroLead    = "*Lead:* %s"
	msgIntroGoals   = "*Everyone's goals for the circle:*"
	msgIntroNoGoals = "(no goals written yet)"
	msgIntroAgenda  = "Suggested first meeting (45 minutes): a round of introductions, each person's goal in one sentence, and a time that suits everyone for the next meetings."
	msgIntroNote    = "Each of you gets a private check-in from me on the circle's cadence (%s). Your answers are yours: nobody else in the circle sees them."
	msgWelcome      = "Please welcome %s to the circle! Their goal: %s"
	msgWelcomeNone  = "Please welcome %s to the circle!"
	msgPrivateNote  = "This circle has more people than a group DM holds, so it lives in this private channel."

	msgCheckinAsk      = "Did the circle *%s* meet since the last check-in?"
	msgReminderAsk     = "A gentle reminder: did the circle *%s* meet since the last check-in?"
	msgCheckinAnswered = "Did the circle *%s* meet since the last check-in? You answered *%s*. %s"
	msgThanksMet       = "Great, thanks!"
	msgThanksNot       = "Thanks for letting me know."
	msgThanksHelp      = "Thanks for telling me. A program admin will reach out to you privately."
	msgCheckinClosed   = "This check-in is closed. Nothing was changed."
	msgCheckinPrivacy  = "Only you see your answer."
	msgNeedHelpAdmin   = "%s asked for help with the mentoring circle *%s* (led by %s)."

	msgFeedbackAsk    = "How is the circle *%s* going for you? Your feedback is confidential: nobody in the circle sees it."
	msgFeedbackEndAsk = "The circle *%s* has ended. How was it for you? Your feedback is confidential: nobody in the circle sees it."
	msgFeedbackThanks = "Thanks for your feedback on the circle *%s*. It stays confidential."
	msgFeedbackDone   = "You've already given feedback for this prompt. Thank you!"
)
