package profile

import "fmt"

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// What the profile capability says. Texts with %s take values already
// escaped for mrkdwn.
const (
	msgSignedUp     = "Thanks for signing up, %s! You're in as a *%s*. I'll let you know when you're matched. `/mentor status` shows where things stand."
	msgProfileSaved = "Your profile is updated."

	msgPaused     = "You're paused until %s: no matching and no check-ins until then. `/mentor resume` brings you back sooner."
	msgPausedOpen = "You're paused: no matching and no check-ins until you `/mentor resume`."
	msgResumed    = "Welcome back! Matching and check-ins are on again."
	msgNotPaused  = "You're not paused, so there's nothing to resume."

	msgExportSent    = "I've sent you a direct message with everything I store about you."
	msgExportComment = "Here is everything mentorbot stores about you, as JSON."
	msgExportFailed  = "I couldn't send your data file just now. Nothing was changed; please try again later."

	msgLeaveAsk         = "*Leave the mentorship program?*\nThis ends your current pairings (I'll let the other person know kindly) and erases your profile, goals and feedback text. Only anonymous counts stay in reports. This cannot be undone."
	msgLeaveDone        = "You've left the program and your personal data is erased. Thank you for taking part. You're welcome back any time with `/mentor signup`."
	msgLeaveDonePending = "You've left the program and your personal data is erased from my records. The last copy of it on disk is cleared within minutes, automatically. Thank you for taking part. You're welcome back any time with `/mentor signup`."
	msgLeaveCancelled   = "Okay, nothing changed. You're still in the program."
	msgPartnerLeft      = "Hi %s, %s has left the mentorship program, so your pairing has ended. This isn't about you, and thank you for the time you spent together. I'll look for a new match for you."
)
