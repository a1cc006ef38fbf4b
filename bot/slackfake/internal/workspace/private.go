package workspace

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/mentorbot/mentorbot/bot/slackfake/internal/webapi"
)

// Private channels, as Slack's conversations.create and conversations.invite
// make them: the creating bot is a member; names are lower case letters,
// digits, - and _, at most 80 characters, unique across every channel.

var channelNameChars = regexp.MustCompile(`^[a-z0-9_-]+$`)

// conversationsCreate serves conversations.create.
func (ws *Workspace) conversationsCreate(req *webapi.Request) (map[string]any, error) {
	name := req.Get("name")
	switch {
	case strings.TrimSpace(name) == "":
		return nil, webapi.Err("invalid_name_required")
	case utf8.RuneCountInString(name) > 80:
		return nil, webapi.Err("invalid_name_maxlength")
	case !channelNameChars.MatchString(name):
		return nil, webapi.Err("invalid_name_specials")
	case strings.Trim(name, "-_") == "":
		return nil, webapi.Err("invalid_name_punctuation")
	}
	for _, ch := range ws.channels {
		if (ch.kind == kindPublic || ch.kind == kindPrivate) && ch.name == name {
			return nil, webapi.Err("name_taken")
		}
	}
	kind := kindPublic
	if req.Bool("is_private") {
		kind = kindPrivate
	}
	id := ws.addChannelLocked(name, kind, nil)
	ws.hub.NotifyLocked()
	return map[string]any{"channel": ws.fullChannelObject(ws.channels[id])}, nil
}

// conversationsInvite serves conversations.invite: every user must exist
// and be active, none may be the bot, and one already in the channel is
// already_in_channel (without force).
func (ws *Workspace) conversationsInvite(req *webapi.Request) (map[string]any, error) {
	ch, ok := ws.channels[req.Get("channel")]
	switch {
	case !ok:
		return nil, webapi.Err("channel_not_found")
	case ch.kind == kindIM || ch.kind == kindMPIM:
		return nil, webapi.Err("method_not_supported_for_channel_type")
	}
	if strings.TrimSpace(req.Get("users")) == "" {
		return nil, webapi.Err("no_user")
	}
	ids := dedupe(strings.Split(req.Get("users"), ","), "")
	if len(ids) > 1000 {
		return nil, webapi.Err("too_many_users")
	}
	for _, id := range ids {
		u, ok := ws.users[id]
		switch {
		case id == ws.botUserID:
			return nil, webapi.Err("cant_invite_self")
		case !ok:
			return nil, webapi.Err("user_not_found")
		case u.Deleted:
			return nil, webapi.Err("user_is_deactivated")
		case ch.hasMember(id) && !req.Bool("force"):
			return nil, webapi.Err("already_in_channel")
		}
	}
	for _, id := range ids {
		if !ch.hasMember(id) {
			ch.members = append(ch.members, id)
		}
	}
	ws.hub.NotifyLocked()
	return map[string]any{"channel": ws.fullChannelObject(ch)}, nil
}

// fullChannelObject renders a channel as conversations.create and
// conversations.invite return it.
func (ws *Workspace) fullChannelObject(ch *channel) map[string]any {
	return map[string]any{
		"id": ch.id, "name": ch.name, "name_normalized": ch.name,
		"is_channel": true, "is_group": false, "is_im": false, "is_mpim": false,
		"is_private": ch.kind == kindPrivate, "is_archived": false, "is_general": false,
		"created": ch.created.Unix(), "creator": ws.botUserID, "is_member": true,
		"members": append([]string{ws.botUserID}, slices.Clone(ch.members)...),
	}
}
