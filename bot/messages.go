package bot

// Every sentence the bot says lives here, so tone and wording stay
// consistent. Texts with %s take values already escaped for mrkdwn.
const (
	msgHelpIntro = "*mentorbot* runs our mentorship program: sign up, get matched with a mentor, and check in weekly."

	msgNotSignedUp    = "You haven't signed up yet. Use `/mentor signup` to join the mentorship program."
	msgNotAdmin       = "Sorry, `/mentor %s` is for program admins. If you think you should have access, ask your HR team. Nothing was changed."
	msgInternalError  = "Something went wrong on my side, and nothing was changed. Please try again in a minute."
	msgStaleButton    = "This button is no longer active. Nothing was changed. Use `/mentor status` to see where things stand."
	msgUnknownAction  = "I don't recognise that button any more. Nothing was changed."
	msgTriggerExpired = "Slack took too long to open the form. Please run the command again."

	msgSignedUp      = "Thanks for signing up, %s! You're in as a *%s*. I'll let you know when you're matched. `/mentor status` shows where things stand."
	msgProfileSaved  = "Your profile is updated."
	msgPaused        = "You're paused until %s: no matching and no check-ins until then. `/mentor resume` brings you back sooner."
	msgPausedOpen    = "You're paused: no matching and no check-ins until you `/mentor resume`."
	msgResumed       = "Welcome back! Matching and check-ins are on again."
	msgNotPaused     = "You're not paused, so there's nothing to resume."
	msgExportSent    = "I've sent you a direct message with everything I store about you."
	msgExportComment = "Here is everything mentorbot stores about you, as JSON."
	msgExportFailed  = "I couldn't send your data file just now. Nothing was changed; please try again later."

	msgLeaveAsk       = "*Leave the mentorship program?*\nThis ends your current pairings (I'll let the other person know kindly) and erases your profile, goals and feedback text. Only anonymous counts stay in reports. This cannot be undone."
	msgLeaveDone      = "You've left the program and your personal data is erased. Thank you for taking part. You're welcome back any time with `/mentor signup`."
	msgLeaveCancelled = "Okay, nothing changed. You're still in the program."
	msgPartnerLeft    = "Hi %s, %s has left the mentorship program, so your pairing has ended. This isn't about you, and thank you for the time you spent together. I'll look for a new match for you."

	msgPairDone        = "Paired %s (mentor) with %s (mentee). I've introduced them in a group DM."
	msgPairDoneNoIntro = "Paired %s (mentor) with %s (mentee), but I couldn't open a group DM to introduce them (%s)."
	msgUnpairDone      = "Ended the pairing of %s and %s. I've let them both know."
	msgUnpaired        = "Hi %s, your mentorship pairing with %s has been ended by a program admin. Thank you for the time you spent together. Watch for a short feedback prompt from me."
	msgNoSuchPairing   = "%s and %s are not paired right now. Nothing was changed."
	msgPairForbidden   = "I can't pair those two: %s. Nothing was changed."
	msgAlreadyPaired   = "%s and %s are already paired. Nothing was changed."
	msgNotParticipant  = "%s hasn't signed up with `/mentor signup` yet. Nothing was changed."

	msgProgramCreated       = "Program *%s* is created and open for sign-ups."
	msgProgramExists        = "A program called %s already exists. Nothing was changed."
	msgProgramNotFound      = "I don't know a program called %s. `/mentor program list` shows them."
	msgProgramClosed        = "Program *%s* is closed. %d active pairing(s) ended; I've thanked everyone."
	msgProgramClosedAlready = "Program %s is already closed. Nothing was changed."
	msgProgramEndedDM       = "Hi %s, the mentorship program *%s* has ended, and with it your pairing with %s. Thank you for taking part! Watch for a short feedback prompt from me."
	msgNoPrograms           = "There are no programs yet. Create one with `/mentor program create NAME`."

	msgAnnounceText   = "Grow with a mentor, or become one! Our mentorship program matches you with someone who can help with what you want to learn. It takes two minutes to sign up."
	msgAnnounceDone   = "I've posted the sign-up invitation in <#%s>."
	msgAnnounceFailed = "I couldn't post in <#%s> (%s). Invite me to the channel first with `/invite @mentorbot`, then try again."

	msgComingSoon = "`/mentor %s` isn't available in this version yet. Nothing was changed."
)
