package goals

import "fmt"

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// Texts of goals and the fit pulse, in product.md's words.
const (
	msgSetGoalsButton  = "Set our goals"
	msgEditGoalsButton = "Edit our goals"
	msgGoalsHeading    = "*Our goals*"
	msgGoalsNone       = "No goals yet: the mentee can set up to 3 with *Set our goals*."
	msgGoalTarget      = " (by %s)"
	msgGoalsMentorOnly = "Goals are the mentee's to write: ask *%s* to set them, and talk them through together. You'll see them here and in the introduction."
	msgGoalsNoPairing  = "You're not in a pairing yet, so there are no goals to show."
	msgGoalsPairing    = "*Goals with %s*"
	msgGoalsSaved      = "Saved: your goals with *%s* are in your introduction, in `/mentor goals` and on the Home tab."
	msgPairingOver     = "This pairing has ended, so its goals can no longer change."
	msgGoalsFormTitle  = "Our goals"
	msgGoalsFormIntro  = "Up to 3 goals for your mentorship with *%s*, one sentence each (at most %d characters). A target date is optional. You both see them."
	msgGoalLabel       = "Goal %d"
	msgGoalDateLabel   = "Target date for goal %d"
	msgGoalHint        = "e.g. lead a design review by myself"

	msgProgressAsk      = "*New month, quick look at your goals:* how is each one going?"
	msgProgressRecorded = "Thanks, noted."
	msgProgressClosed   = "That goal was already answered in this check-in."
	msgProgressNotAsked = "This check-in no longer asks about that goal."
	msgProgressAnswered = "%s: *%s*"

	msgFitAsk      = "How is the fit with *%s*?"
	msgFitContext  = "Only you see this answer: it counts in the program's figures only in aggregate."
	msgFitThanks   = "Thanks: you said *%s* about the fit with *%s*. This stays between you and the program."
	msgFitNotAFit  = "Thanks for telling me: you said *Not a fit* about the fit with *%s*. This stays between you and the program, and I'll send you a way to ask for a new match in a moment."
	msgFitAnswered = "You already answered this one. Thank you!"
)

// statusLabels are the progress buttons' labels, by stored status.
var statusLabels = map[string]string{
	"not_started": "Not started",
	"progressing": "Progressing",
	"done":        "Done",
}

// fitLabels are the fit pulse's buttons, by stored answer.
var fitLabels = map[string]string{
	"good":      "Good fit",
	"not_sure":  "Not sure",
	"not_a_fit": "Not a fit",
}
