package bot

import "github.com/mentorbot/mentorbot/store"

// personName is how a message names a participant: their name, safe for
// mrkdwn, or a mention when the name is unknown. A person who left is "a
// former participant", never their internal pseudonym; every name or
// mention of a participant the bot renders goes through here or personRef.
func personName(name, slackID string) string {
	switch {
	case store.IsFormerParticipant(slackID):
		return msgFormerParticipant
	case name != "":
		return EscapeMrkdwn(name)
	case slackID != "":
		return mention(slackID)
	}
	return msgPartnerUnnamed
}

// personRef names a participant by Slack ID: a mention Slack renders as
// their name, or "a former participant" for a person who left.
func personRef(slackID string) string { return personName("", slackID) }

// plainName is personName for plain_text fields (a select option): no
// mrkdwn escaping, and a Slack ID where there is no name.
func plainName(name, slackID string) string {
	switch {
	case store.IsFormerParticipant(slackID):
		return msgFormerParticipant
	case name != "":
		return name
	case slackID != "":
		return slackID
	}
	return msgPartnerUnnamed
}
