package checkins

import "fmt"

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// What check-ins, feedback and health offers say. Texts with %s take
// values already escaped for mrkdwn.
const (
	msgPaused = "You're paused until %s: no matching and no check-ins until then. `/mentor resume` brings you back sooner."
	// msgPartnerGone: the other person's account was deactivated or an HR
	// sync dropped them. No reason is given.
	msgPartnerGone = "Hi %s, %s is no longer available for the mentorship program, so your pairing has ended. Thank you for the time you spent together. I'll look for a new match for you."

	// Check-ins (%s: the other person's name, escaped).
	msgCheckinAsk        = "Did you meet *%s* since the last check-in?"
	msgReminderAsk       = "A gentle reminder: did you meet *%s* since the last check-in? One click is all it takes."
	msgCheckinProgram    = "Mentorship program: %s"
	msgCheckinAnswered   = "Did you meet *%s* since the last check-in?\nYour answer: *%s*. %s"
	msgCheckinThanksMet  = "Great, thanks for letting me know!"
	msgCheckinThanksNot  = "No worries, thanks for telling me. Maybe suggest a time to meet this week?"
	msgCheckinThanksHelp = "Thanks for telling me. I've let the program admins know, and one of them will reach out to you."
	msgCheckinClosed     = "This check-in is closed. Nothing was changed."
	msgNeedHelpAdmin     = "%s asked for help in a mentorship check-in. Pairing: %s (mentor) and %s (mentee)%s. Please reach out to them."
	msgNeedHelpProgram   = ", program *%s*"

	// Feedback prompts (%s: the other person's name, escaped).
	msgFeedbackAsk       = "How is your mentorship with *%s* going? It takes a minute. Your feedback is confidential: %s never sees it, and reports only show it in aggregate."
	msgFeedbackEndAsk    = "Your mentorship with *%s* has ended. How did it go? Your feedback is confidential: %s never sees it, and reports only show it in aggregate."
	msgFeedbackButton    = "Give feedback"
	msgFeedbackReceived  = "Thank you, your feedback on your mentorship with *%s* was received."
	msgFeedbackThanks    = "Thank you for your feedback! It's stored confidentially and only counts in aggregate reports."
	msgFeedbackAlready   = "You already sent feedback for this, thank you. I kept your first answer; nothing was changed."
	msgFeedbackNoPairing = "You don't have a current pairing to give feedback on. Nothing was changed."
	msgFeedbackRating    = "Choose a rating from 1 to 5."
	msgFeedbackTooLong   = "Please keep this under 3000 characters."
	msgFeedbackPairing   = "Choose the pairing this feedback is about."

	// Health offers.
	msgRematchAsk        = "How is your mentorship with *%s* going? Sometimes a pairing just doesn't fit, and that's nobody's fault. If you'd like a new match, click *Rematch me*: I'll end this pairing kindly and look for someone new for both of you."
	msgRematchButton     = "Rematch me"
	msgRematchKeepButton = "Keep my pairing"
	msgRematchDone       = "Done: your pairing with *%s* has ended, and I'll look for a new match for you. Thank you for being honest about it."
	msgRematchKept       = "Great, your pairing with *%s* stays as it is."
	msgPairingOver       = "This pairing has already ended. Nothing was changed."
	msgPauseAsk          = "I noticed the last few check-ins went unanswered. That's completely fine: if now isn't a good time for mentoring, you can pause for a few weeks and I'll stop nudging you."
	msgPauseButton       = "Pause for 4 weeks"
	msgPauseKeepButton   = "Keep going"
	msgPauseKept         = "Great, check-ins continue as before."

	// Admins, when a person cannot be messaged.
	msgUnreachableAdmin = "I can't message %s any more (Slack said `%s`), so they won't get check-ins. %sPlease check their Slack account."
	msgUnreachablePair  = "Their pairing with %s is flagged for review. "
)
