package rounds

import "fmt"

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// Button labels (product.md's words).
const (
	labelJoin   = "Join networking rounds"
	labelLeave  = "Leave rounds"
	labelSkip   = "Skip next round"
	labelMet    = "Met"
	labelNotYet = "Not yet"
)

// Texts. %s values are escaped for mrkdwn already (channel and person
// references are Slack's own <#C…> / <@U…> links).
const (
	msgStartUsage     = "Usage: `/mentor rounds start #channel [every N weeks] [groups of 2|3]`, e.g. `/mentor rounds start #general every 2 weeks groups of 2`."
	msgBadChannel     = "I couldn't read %s as a channel. Pick it with # so Slack links it, e.g. `/mentor rounds %s #general`. Nothing was changed."
	msgBadEvery       = "I couldn't read %s. Say how often in weeks, from 1 to 12, e.g. `every 2 weeks`. Nothing was changed."
	msgBadGroups      = "I couldn't read %s. Groups are of 2 or 3 people, e.g. `groups of 3`. Nothing was changed."
	msgAlreadyRunning = "Networking rounds already run in %s. Use `/mentor rounds stop %s` first to change them. Nothing was changed."
	msgNotInChannel   = "I'm not in %s, so I can't post the *Join networking rounds* button there. Invite me with `/invite @mentorbot` in that channel, then run the command again. Nothing was changed."
	msgStarted        = "Networking rounds start in %s: every %s, groups of %d. I posted a *Join networking rounds* button there; nobody is enrolled until they click it. The first round is on %s (UTC)."
	msgStartedNoDate  = "Networking rounds start in %s: every %s, groups of %d. I posted a *Join networking rounds* button there; nobody is enrolled until they click it."
	msgStopped        = "Networking rounds in %s are stopped. Nobody will be grouped there any more; past rounds stay in the reports."
	msgNoRounds       = "No networking rounds run in %s. Nothing was changed."
	msgListEmpty      = "No networking rounds are running. Start some with `/mentor rounds start #channel`."
	msgListHead       = "*Networking rounds*"
	msgListLine       = "• %s: every %s, groups of %d, %s, %s run"

	msgJoinPost     = "*Networking rounds* are starting in this channel: every %s I'll put you in a group of %d with colleagues you haven't met lately, ideally from other teams. Click to join; you can leave or skip a round at any time."
	msgJoined       = "You're in the networking rounds of %s. Every %s I'll start a group DM with %s. Use the buttons to leave or to skip the next round."
	msgAlreadyIn    = "You're already in the networking rounds of %s. Use the buttons to leave or to skip the next round."
	msgNotMember    = "The networking rounds of %s are for the people in that channel. Join the channel first, then try again. Nothing was changed."
	msgRoundsGone   = "The networking rounds of this channel have stopped. Nothing was changed."
	msgLeft         = "You left the networking rounds of %s. You won't be grouped there any more. Join again with the button in the channel or `/mentor rounds join %s`."
	msgNotIn        = "You're not in the networking rounds of %s. Nothing was changed."
	msgSkipping     = "You'll skip the next networking round of %s, and be back in the one after."
	msgSkipAlready  = "You already skip the next networking round of %s. Nothing was changed."
	msgJoinUsage    = "Usage: `/mentor rounds join #channel`."
	msgOnePartner   = "one colleague"
	msgTwoPartners  = "two colleagues"
	msgIntro        = "Hi %s! You're this round's networking group from %s. Find half an hour for a coffee chat, in person or on a call, in the next days.\n*Icebreaker:* %s"
	msgAsk          = "Did you meet your networking group from %s (%s)? Your answer is just for the program's figures: the others in your group never see it."
	msgAnsweredMet  = "Thanks! You answered *Met* for your networking group from %s (%s). Your answer stays private."
	msgAnsweredNot  = "Thanks! You answered *Not yet* for your networking group from %s (%s). There's still time before the next round. Your answer stays private."
	msgAskClosed    = "You already answered this. Nothing was changed."
	msgWeek         = "week"
	msgWeeks        = "%d weeks"
	msgEveryWeekArg = "every %s"
)

// icebreakers are the group DM's openers; a group gets one picked from its
// id, so the choice is varied and the same whoever sends it.
var icebreakers = []string{
	"What's something you learned recently that surprised you?",
	"What does a good day at work look like for you?",
	"Which tool or habit saves you the most time?",
	"What's a project you're proud of, and why?",
	"If you could swap jobs with someone here for a week, whose job would you pick?",
	"What's the best piece of advice you've been given at work?",
	"What are you curious about outside work these days?",
	"What's one thing our teams could learn from each other?",
	"Which book, talk or podcast would you recommend to a colleague?",
	"What did you want to be when you were a child?",
	"What's a small win you had this week?",
	"What's the most useful thing you know that few people here know?",
}

// icebreaker picks a group's question from its id.
func icebreaker(groupID int64) string {
	i := groupID % int64(len(icebreakers))
	if i < 0 {
		i = -i
	}
	return icebreakers[i]
}

// every names a cadence in weeks: "week", "2 weeks".
func every(weeks int) string {
	if weeks == 1 {
		return msgWeek
	}
	return sprintf(msgWeeks, weeks)
}
