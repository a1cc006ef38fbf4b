package dashboard

import "fmt"

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// What the dashboard and the digest say. Texts with %s take values already
// escaped for mrkdwn. Reasons come from store/report's words.
const (
	msgTitle           = "Mentorship program dashboard"
	msgFigures         = "*Participants*\n%d\n"
	msgAttentionTitle  = "*Needs attention* (%d)"
	msgAttentionNone   = "*Needs attention*\nNothing right now: no one has asked for help and no pairing is at risk."
	msgAttentionItem   = "*%s* and *%s*%s\n%s · flagged %s"
	msgAttentionMore   = "…and %d more. `/mentor report` lists every at-risk pairing."
	msgWaitingTitle    = "*Without a mentor* (%d)"
	msgWaitingNone     = "*Without a mentor*\nEvery mentee has a mentor."
	msgWaitingMore     = "…and %d more."
	msgProposalsTitle  = "*Matching previews waiting for a decision*"
	msgProposalsNone   = "*Matching previews waiting for a decision*\nNone."
	msgProposalItem    = "• %s by <@%s>, %s: %s (Confirm or Cancel it in that admin's DM)"
	msgAdminNote       = "You see this dashboard because you are a program admin. Your own mentoring is in `/mentor status`."
	msgAlreadyEnded    = "That pairing has already ended. Nothing was changed."
	msgAlreadyHandled  = "Another admin has already handled that. Nothing was changed."
	msgEndFailed       = "I couldn't end that pairing just now. Please try again."
	msgGroupGreeting   = "Hi %s and %s: %s from the mentorship program here. How is it going? Is there anything I can help with?"
	msgGroupOpen       = "Your group DM with %s and %s is open: <#%s>."
	msgGroupFailed     = "I couldn't open a group DM with them (%s). Please try again."
	msgAnnounceTitle   = "Announce the program"
	msgAnnounceChannel = "Channel"
	msgAnnounceHint    = "I'll post a sign-up invitation there. Invite me to the channel first."
	// Completion (view.go).
	msgNoneEnded        = "none yet"
	msgCompletion       = "%d completed · %d ended early"
	msgCompletionHidden = "%d (split into completed and ended early once each side has %d)"

	msgDigestTitle  = "Your weekly mentorship digest"
	msgDigestText   = "Weekly mentorship digest for the week since %s: %s, %s, check-ins met: %s, %s."
	msgDigestOpen   = "Open the dashboard"
	msgDigestFields = "*New sign-ups*\n%d|*New pairings*\n%d|*Check-ins met*\n%s|*Open alerts*\n%d"
)

// waitWords says why a person waits, as an admin reads it.
var waitWords = map[string]string{
	"no_topics":    "listed nothing to learn yet",
	"no_teacher":   "no mentor teaches what they want to learn",
	"mentors_full": "every suitable mentor is full",
	"not_matched":  "a mentor with room teaches their topics: run matching",
	"paused":       "paused",
	"unreachable":  "I can't message them (deactivated, left or DMs blocked)",
}

// Networking rounds on the dashboard.
const (
	msgRoundsNone       = "no rounds run (%d series running)"
	msgRoundsRun        = "%d rounds, %.1f people per round"
	msgRoundsMet        = "; met %d%% of %d answers"
	msgRoundsFewAnswers = "; too few answers to show a met rate"
	msgRoundsCross      = "; %d%% of groups across departments"
)

// Mentoring circles (docs/circles.md).
const (
	msgCircles      = "*Mentoring circles*: %s, %s; check-ins met, last 4 weeks: %s"
	msgCircleAtRisk = "Circle *%s* led by %s needs attention: %s · flagged %s"
	msgCirclesMore  = "…and %d more circles. `/mentor circle list` lists every open circle."
)
