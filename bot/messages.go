package bot

// The core's own sentences: help's introduction and the generic answers
// every capability shares. Each capability keeps its texts beside it.
// Texts with %s take values already escaped for mrkdwn.
const (
	// msgPairingEnded is PairingEndedText's words.
	msgPairingEnded = "Hi %s, your mentorship pairing with %s has ended. Thank you for the time you spent together. I'll look for a new match for you. Watch for a short feedback prompt from me."

	MsgHelpIntro = "*mentorbot* runs our mentorship program: sign up, get matched with a mentor, and check in weekly."

	MsgNotSignedUp    = "You haven't signed up yet. Use `/mentor signup` to join the mentorship program."
	MsgNotAdmin       = "Sorry, `/mentor %s` is for program admins. If you think you should have access, ask your HR team. Nothing was changed."
	MsgInternalError  = "Something went wrong on my side, and nothing was changed. Please try again in a minute."
	MsgStaleButton    = "This button is no longer active. Nothing was changed. Use `/mentor status` to see where things stand."
	msgUnknownAction  = "I don't recognise that button any more. Nothing was changed."
	MsgTriggerExpired = "Slack took too long to open the form. Please run the command again."
	// The authorization gate's refusals (bot/gate.go).
	MsgNotYours     = "This button isn't yours, so I didn't do anything. Nothing was changed."
	MsgFormNotYours = "This form isn't yours, so I didn't save it. Nothing was changed."
	MsgAdminsOnly   = "Sorry, only program admins can do that. Nothing was changed."

	// People who left.
	MsgFormerParticipant = "a former participant"
	MsgPartnerUnnamed    = "your mentorship partner"

	msgUnknownCommand = "I don't know `/mentor %s`. Try `/mentor help` to see what I can do."
)
