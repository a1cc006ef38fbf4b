package lifecycle

import "fmt"

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// What the lifecycle says. Texts with %s take values already escaped for
// mrkdwn. The same words go to both people: nothing depends on what the
// other answered.
const (
	// The renewal ask (%s: partner, end date, term).
	msgRenewalAsk      = "Your mentorship with *%s* is due to wrap up on %s. Would you like to continue another term (%s)? If you both choose to continue, I'll extend it once; otherwise it wraps up on that date. Your answer stays between you and me."
	msgContinueButton  = "Continue another term"
	msgWrapUpButton    = "Wrap up"
	msgAnsweredAsk     = "Your mentorship with *%s* is due to wrap up on %s.\nYour answer: *%s*. %s"
	msgAnsweredNext    = "Thanks! If you both choose to continue, I'll tell you both; otherwise it wraps up on that date."
	msgAnsweredNextEnd = "Thanks! Your pairing wraps up on that date, and I'll send you a short recap then."
	msgAlreadyAnswered = "You already answered: *%s*. I kept your first answer; nothing was changed."
	msgRenewalClosed   = "This question is closed: the pairing has already ended or been extended. Nothing was changed. Use `/mentor status` to see where things stand."

	// The extension notice (%s: partner, term, new end date).
	msgExtended = "Good news: you and *%s* both chose to continue, so your mentorship goes on for another term (%s), until %s. This is its one extension: it will wrap up on that date."

	// The closing thank-you (%s: partner; then the recap lines).
	msgThanks       = "Your mentorship with *%s* has come to its planned end. Thank you for the time and care you both put into it!"
	msgRecapTitle   = "*Your recap*"
	msgRecapTime    = "• Together since %s (%s)"
	msgRecapMet     = "• Meetings you told me about: %d (weeks in which you answered *Met*)"
	msgRecapGoals   = "• Goals done: %d"
	msgRecapClosing = "A short feedback prompt follows. I'll look for a new match for you if you'd like one: `/mentor status` shows where things stand."
)

// answerWords are the answers as the person reads them.
var answerWords = map[string]string{
	"continue": msgContinueButton,
	"wrap_up":  msgWrapUpButton,
}
