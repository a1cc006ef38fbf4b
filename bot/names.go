package bot

import (
	"fmt"

	"github.com/mentorbot/mentorbot/store"
)

// personName is how a message names a participant: their name, safe for
// mrkdwn, or a mention when the name is unknown. A person who left is "a
// former participant", never their internal pseudonym; every name or
// mention of a participant the bot renders goes through here or personRef.
func PersonName(name, slackID string) string {
	switch {
	case store.IsFormerParticipant(slackID):
		return MsgFormerParticipant
	case name != "":
		return EscapeMrkdwn(name)
	case slackID != "":
		return Mention(slackID)
	}
	return MsgPartnerUnnamed
}

// personRef names a participant by Slack ID: a mention Slack renders as
// their name, or "a former participant" for a person who left.
func PersonRef(slackID string) string { return PersonName("", slackID) }

// plainName is personName for plain_text fields (a select option): no
// mrkdwn escaping, and a Slack ID where there is no name.
func PlainName(name, slackID string) string {
	switch {
	case store.IsFormerParticipant(slackID):
		return MsgFormerParticipant
	case name != "":
		return name
	case slackID != "":
		return slackID
	}
	return MsgPartnerUnnamed
}

// OtherName is the name of the person paired with me in p.
func OtherName(p store.Pairing, me string) string {
	if p.MentorSlack == me {
		return p.MenteeName
	}
	return p.MentorName
}

// NameOf is the name of the person with this Slack ID in p.
func NameOf(p store.Pairing, id string) string {
	if p.MentorSlack == id {
		return p.MentorName
	}
	return p.MenteeName
}

// PairingEndedText is what the bot tells recipient when pairing p ends,
// whoever or whatever ended it (an admin's unpair, the partner's Rematch
// me): one text built one way, so its words can never tell the partner
// that the other person asked for it (product.md, Health).
func PairingEndedText(p store.Pairing, recipient string) string {
	otherID, otherName := p.Other(recipient)
	return fmt.Sprintf(msgPairingEnded, PersonName(NameOf(p, recipient), recipient), PersonName(otherName, otherID))
}
