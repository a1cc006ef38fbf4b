package pairing

import "fmt"

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// What the pairing capability says. Texts with %s take values already
// escaped for mrkdwn; the introduction rewritten when someone leaves takes
// the mentor's, then the mentee's bot.PersonRef.
const (
	msgIntroFormerText     = "This was the introduction of %s (mentor) and %s (mentee)."
	msgIntroFormer         = "This was the introduction of %s (mentor) and %s (mentee). The pairing has ended, and a former participant's profile and goals are no longer shown here."
	msgPairDone            = "Paired %s (mentor) with %s (mentee). I've introduced them in a group DM."
	msgPairDoneNoIntro     = "Paired %s (mentor) with %s (mentee), but I couldn't open a group DM to introduce them (%s)."
	msgUnpairDone          = "Ended the pairing of %s and %s. I've let them both know."
	msgNoSuchPairing       = "%s and %s are not paired right now. Nothing was changed."
	msgPairForbidden       = "I can't pair those two: %s. Nothing was changed."
	msgAlreadyPaired       = "%s and %s are already paired. Nothing was changed."
	msgNotParticipant      = "%s hasn't signed up with `/mentor signup` yet. Nothing was changed."
	msgProgramNotFound     = "I don't know a program called %s. `/mentor program list` shows them."
	msgMatchNobody         = "There is nobody to match right now: no available mentee without a mentor%s."
	msgMatchConfirmed      = "Confirmed: %s created. I've introduced each pair in a group DM and told the %s they're on the waiting list."
	msgMatchCancelled      = "Cancelled. Nothing was changed."
	msgMatchStale          = "Sign-ups or pairings changed since this preview, so I didn't apply it. Nothing was changed. Run `/mentor match` again for a fresh preview."
	msgMatchDecided        = "This preview was already confirmed or cancelled. Nothing was changed."
	msgMatchFailed         = "I couldn't apply this preview (%s). Nothing was changed. Run `/mentor match` again."
	msgWaitingMentee       = "Hi %s, thanks for your patience! This round of matching didn't find a mentor for you (%s). You're on the waiting list, and I'll introduce you as soon as a good match is free. Meanwhile `/mentor find` shows mentors you can ask directly."
	msgWaitingMentor       = "Hi %s, thank you for offering to mentor! This round of matching didn't need your topics (%s). You're on the list for the next round."
	msgFindNotMentee       = "`/mentor find` is for mentees. Change your role with `/mentor profile` if you'd like a mentor too."
	msgFindHasMentor       = "You already have a mentor, <@%s>. If it isn't working out, an admin can help."
	msgFindPaused          = "You're paused. `/mentor resume` first, then try again."
	msgFindNone            = "I couldn't find an available mentor for you right now: %s. You're on the waiting list for the next matching round."
	msgFindNoneSimple      = "no mentor with free capacity teaches what you want to learn"
	msgRequestSent         = "I've asked <@%s> whether they'd like to mentor you. I'll let you know their answer."
	msgRequestAgain        = "You've already asked <@%s>; they haven't answered yet."
	msgRequestGone         = "<@%s> can't take this request any more (%s). Try `/mentor find` again."
	msgRequestToMentor     = "*%s would like you as their mentor.*"
	msgRequestAccepted     = "You accepted. I've introduced you both in a group DM."
	msgRequestAcceptedDM   = "Great news: <@%s> accepted to be your mentor! I've introduced you both in a group DM."
	msgRequestDeclined     = "You declined. I'll let them know kindly. Thank you for answering."
	msgRequestDeclinedDM   = "<@%s> can't take a mentee right now, and that's nothing to do with you. Here is another mentor you could ask:"
	msgRequestDeclinedNone = "<@%s> can't take a mentee right now, and that's nothing to do with you. I don't have another available mentor to suggest yet; you're on the waiting list."
	msgRequestAtCapacity   = "You're already at your mentee capacity, so I couldn't create this pairing. Raise your capacity with `/mentor profile`, or decline."
	msgRequestMenteeTaken  = "They've found a mentor in the meantime, so this request is closed. Thank you!"
	msgRequestWithdrawn    = "This request from %s was withdrawn: they've found a mentor in the meantime. Nothing for you to do. Thank you for considering it!"
)
